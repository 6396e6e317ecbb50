import { useShallow } from 'zustand/react/shallow'
import { useAppStore, getAppStore } from '../../store'
import { selectPosition } from '../../store/selectors'
import { SPEEDS } from '../../store/slices/playback'
import { useT } from '../i18n/useT'

export function PlaybackBar() {
  const t = useT()
  const pos = useAppStore(useShallow((s) => selectPosition(s)))
  const playing = useAppStore((s) => s.playing)
  const speed = useAppStore((s) => s.speed)
  const st = getAppStore().getState()
  const atStart = pos.index < 0
  const atEnd = pos.index >= pos.total - 1
  return (
    <div className="pj-playback" role="group" aria-label={t('playback.scrubber')}>
      <button data-testid="playback.start" onClick={st.toStart} disabled={atStart} aria-label={t('playback.start')} title={`${t('playback.start')} (Home)`}>⇤</button>
      <button data-testid="playback.prev" onClick={() => st.stepBy(-1)} disabled={atStart} aria-label={t('playback.prev')} title={`${t('playback.prev')} (←)`}>◀</button>
      <button
        data-testid="playback.play"
        className="pj-play"
        onClick={st.togglePlaying}
        disabled={!pos.total}
        aria-label={playing ? t('playback.pause') : t('playback.play')}
        title={`${playing ? t('playback.pause') : t('playback.play')} (Space)`}
      >
        {playing ? '❚❚' : '►'}
      </button>
      <button data-testid="playback.next" onClick={() => st.stepBy(1)} disabled={atEnd} aria-label={t('playback.next')} title={`${t('playback.next')} (→)`}>▶</button>
      <button data-testid="playback.end" onClick={st.toEnd} disabled={atEnd} aria-label={t('playback.end')} title={`${t('playback.end')} (End)`}>⇥</button>
      <span className="pj-counter-text" data-testid="playback.counter" aria-live="polite">
        {t('step.counter', { n: pos.index + 1, total: pos.total })}
      </span>
      <label className="pj-speed">
        {t('playback.speed')}{' '}
        <select data-testid="playback.speed" value={speed} onChange={(e) => st.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
