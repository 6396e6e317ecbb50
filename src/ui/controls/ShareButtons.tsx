import { useEffect, useRef, useState } from 'react'
import { getAppStore } from '../../store'
import { embedCode, embedUrl, shareUrl } from '../app/deep-link'
import type { AppState } from '../../store/types'
import { useT } from '../i18n/useT'

type Kind = 'link' | 'embed'

/**
 * The address to share. A built-in journey is named by `scenario=`; a custom one (a file, a
 * paste, a link's own) carries its text in the fragment, so the link opens the same journey on
 * any static host. Null when the text is too long for a link.
 */
async function addressOf(kind: Kind, s: AppState): Promise<string | null> {
  const url = kind === 'link' ? shareUrl(s) : embedUrl(s)
  if (s.scenarioId || !s.source) return url
  const { encodeScenario, MAX_FRAGMENT_CHARS } = await import('../app/scenario-fragment')
  const fragment = await encodeScenario(s.source)
  return fragment.length > MAX_FRAGMENT_CHARS ? null : `${url}#s=${fragment}`
}

/**
 * "Copy link" (the whole view) and "Copy embed code" (an iframe of the embed player). Copies
 * through the Clipboard API and says "Copied"; where that is missing or refused (plain http,
 * an iframe without permission), opens a small popover with the text selected to copy by hand.
 */
export function ShareButtons() {
  const t = useT()
  const [copied, setCopied] = useState<Kind | null>(null)
  const [manual, setManual] = useState<{ kind: Kind; text: string } | null>(null)
  const [tooLong, setTooLong] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const copy = async (kind: Kind) => {
    const s = getAppStore().getState()
    setManual(null)
    setTooLong(false)
    setCopied(null)
    const address = await addressOf(kind, s)
    if (address === null) {
      setCopied(null)
      setTooLong(true)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => setTooLong(false), 8000)
      return
    }
    const text = kind === 'link' ? address : embedCode(address, s.meta?.title[s.locale] ?? s.scenarioId ?? s.fileName)
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no Clipboard API')
      await navigator.clipboard.writeText(text)
      setCopied(kind)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => setCopied(null), 2000)
    } catch {
      setCopied(null)
      setManual({ kind, text })
    }
  }

  return (
    <div className="pj-share">
      <button data-testid="header.copyLink" onClick={() => void copy('link')}>
        {t('share.copyLink')}
      </button>
      <button data-testid="header.copyEmbed" onClick={() => void copy('embed')}>
        {t('share.copyEmbed')}
      </button>
      <span className="pj-share-status" role="status" aria-live="polite" data-testid="share.status">
        {copied ? `✓ ${t('share.copied')}` : tooLong ? t('share.tooLong') : ''}
      </span>
      {manual && (
        <div
          className="pj-share-pop"
          role="dialog"
          aria-label={t(manual.kind === 'link' ? 'share.link' : 'share.embed')}
          data-testid="share.popover"
          onKeyDown={(e) => e.key === 'Escape' && setManual(null)}
        >
          <label>
            <span>{t(manual.kind === 'link' ? 'share.link' : 'share.embed')}</span>
            <textarea
              className="pj-mono"
              readOnly
              rows={manual.kind === 'link' ? 2 : 4}
              value={manual.text}
              data-testid="share.text"
              ref={(el) => {
                el?.focus()
                el?.select()
              }}
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <p className="pj-muted">{t('share.manual')}</p>
          <button data-testid="share.close" onClick={() => setManual(null)}>
            {t('share.close')}
          </button>
        </div>
      )}
    </div>
  )
}
