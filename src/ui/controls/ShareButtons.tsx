import { useEffect, useRef, useState } from 'react'
import { getAppStore } from '../../store'
import { embedCode, shareUrl } from '../app/deep-link'
import { useT } from '../i18n/useT'

type Kind = 'link' | 'embed'

/**
 * "Copy link" (the whole view) and "Copy embed code" (an iframe of the embed player). Copies
 * through the Clipboard API and says "Copied"; where that is missing or refused (plain http,
 * an iframe without permission), opens a small popover with the text selected to copy by hand.
 */
export function ShareButtons() {
  const t = useT()
  const [copied, setCopied] = useState<Kind | null>(null)
  const [manual, setManual] = useState<{ kind: Kind; text: string } | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const copy = async (kind: Kind) => {
    const s = getAppStore().getState()
    const text = kind === 'link' ? shareUrl(s) : embedCode(s, s.meta?.title[s.locale] ?? s.scenarioId ?? '')
    setManual(null)
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
        {copied ? `✓ ${t('share.copied')}` : ''}
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
