import { useEffect, useRef, useState } from 'react'
import { ReactFlowProvider } from '@xyflow/react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../store'
import { selectPosition } from '../../store/selectors'
import type { EngineBridge } from '../../worker/bridge'
import { FlowCanvas } from '../canvas/FlowCanvas'
import { EngineBanner } from '../app/EngineBanner'
import { Diagnostics } from '../app/Diagnostics'
import { LinkNotice } from '../app/LinkNotice'
import { shareUrl } from '../app/deep-link'
import { HeaderInspector } from '../inspector/HeaderInspector'
import { TablesPanel } from '../tables/TablesPanel'
import { SequenceDiagram } from '../timeline/SequenceDiagram'
import { useT } from '../i18n/useT'
import { stepText } from '../shared/step-text'
import type { EmbedOptions } from './options'
import type { Player } from './player'

type Sheet = 'packet' | 'tables' | 'sequence'
const SHEETS: Sheet[] = ['packet', 'tables', 'sequence']

/**
 * The player a documentation page embeds: the map following the packet, the step's sentence, and
 * ◀ ▶/⏸ ▶ with "Step k / n". The packet, the tables and the sequence diagram open on demand in a
 * sheet over the map; "Open full view" leads to the whole page at the same place.
 */
export function EmbedApp({ bridge, player, options }: { bridge: EngineBridge; player: Player; options: EmbedOptions }) {
  const t = useT()
  const theme = useAppStore((s) => s.theme)
  const locale = useAppStore((s) => s.locale)
  // One string, so the selector's answer compares equal while the step is the same.
  const narration = useAppStore((s) => {
    const text = stepText(s, t)
    return text ? (text.narration.length ? text.narration.join(' ') : text.title) : t('step.ready')
  })
  const pos = useAppStore(useShallow((s) => selectPosition(s)))
  const chapter = useAppStore(useShallow((s) => player.bounds(s)))
  const playing = useAppStore((s) => s.playing)
  const loading = useAppStore((s) => s.loadStatus === 'loading' || s.traceStatus === 'streaming')
  const fullView = useAppStore((s) => (s.fileName ? shareUrl(s) + location.hash : ''))
  const [sheet, setSheet] = useState<Sheet | null>(null)
  const sheetRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    document.documentElement.dataset.theme = theme
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en'
    document.title = t('app.title')
  }, [theme, locale, t])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || (e.target as HTMLElement | null)?.tagName === 'SELECT') return
      if (e.key === 'Escape' && sheet) setSheet(null)
      else if (!options.controls) return
      else if (e.key === 'ArrowRight') player.next()
      else if (e.key === 'ArrowLeft') player.prev()
      else if (e.key === ' ' && (e.target as HTMLElement | null)?.tagName !== 'BUTTON') player.togglePlaying()
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [player, options.controls, sheet])

  useEffect(() => {
    if (sheet) sheetRef.current?.focus()
  }, [sheet])

  const atFirst = pos.index <= chapter.first
  const atLast = pos.index >= chapter.last
  return (
    <div className="pj-embed" data-testid="embed">
      <EngineBanner bridge={bridge} />
      <LinkNotice />
      <Diagnostics />
      <div className="pj-embed-stage">
        <ReactFlowProvider>
          <FlowCanvas embed />
        </ReactFlowProvider>
        {loading && <div className="pj-loading" data-testid="app.loading">{t('engine.loading')}</div>}
        {sheet && (
          <div className="pj-embed-sheet" role="dialog" aria-label={t(`embed.sheet.${sheet}`)} tabIndex={-1} ref={sheetRef} data-testid="embed.sheet">
            <div className="pj-embed-sheet-head">
              <div role="tablist" className="pj-tabs">
                {SHEETS.map((id) => (
                  <button key={id} role="tab" aria-selected={sheet === id} data-testid={`embed.sheet.${id}`} onClick={() => setSheet(id)}>
                    {t(`embed.sheet.${id}`)}
                  </button>
                ))}
              </div>
              <button className="pj-icon-btn" data-testid="embed.sheet.close" aria-label={t('share.close')} onClick={() => setSheet(null)}>
                ✕
              </button>
            </div>
            {/* The sheet's body scrolls: it takes focus so the keyboard can scroll it. */}
            <div className="pj-embed-sheet-body" role="region" aria-label={t(`embed.sheet.${sheet}`)} tabIndex={0}>
              {sheet === 'packet' && <HeaderInspector />}
              {sheet === 'tables' && <TablesPanel />}
              {sheet === 'sequence' && <SequenceDiagram />}
            </div>
          </div>
        )}
      </div>
      {/* A long narration scrolls in its line: focusable, named, and announced as it changes. */}
      <p className="pj-embed-narration" data-testid="embed.narration" aria-live="polite" role="region" aria-label={t('step.narration')} tabIndex={0}>
        {narration}
      </p>
      {options.controls && (
        <div className="pj-embed-bar" role="group" aria-label={t('playback.scrubber')}>
          <button data-testid="playback.prev" onClick={player.prev} disabled={atFirst} aria-label={t('playback.prev')} title={`${t('playback.prev')} (←)`}>
            ◀
          </button>
          <button
            data-testid="playback.play"
            className="pj-play"
            onClick={player.togglePlaying}
            disabled={!pos.total}
            aria-label={playing ? t('playback.pause') : t('playback.play')}
          >
            {playing ? '❚❚' : '►'}
          </button>
          <button data-testid="playback.next" onClick={player.next} disabled={atLast} aria-label={t('playback.next')} title={`${t('playback.next')} (→)`}>
            ▶
          </button>
          <span className="pj-counter-text" data-testid="playback.counter" aria-live="polite">
            {t('step.counter', { n: pos.index + 1, total: pos.total })}
          </span>
          <button
            className="pj-embed-details"
            data-testid="embed.details"
            aria-expanded={sheet !== null}
            onClick={() => setSheet(sheet ? null : 'packet')}
          >
            {t('embed.details')}
          </button>
          {fullView && (
            <a className="pj-embed-full" data-testid="embed.fullView" href={fullView} target="_blank" rel="noopener" aria-label={t('embed.fullView')} title={t('embed.fullView')}>
              <span className="pj-embed-full-text">{t('embed.fullView')} </span>↗
            </a>
          )}
        </div>
      )}
    </div>
  )
}
