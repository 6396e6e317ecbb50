import { useShallow } from 'zustand/react/shallow'
import { useAppStore, getAppStore } from '../../store'
import { hopCategory, selectPosition, selectSteps } from '../../store/selectors'
import { useT } from '../i18n/useT'
import { categoryVar } from '../shared/categories'

/** A range input over the steps, with one tick per step coloured by its event kind. */
export function Scrubber() {
  const t = useT()
  const steps = useAppStore(useShallow((s) => selectSteps(s)))
  const hops = useAppStore((s) => s.hops)
  const pos = useAppStore(useShallow((s) => selectPosition(s)))
  const n = steps.length
  return (
    <div className="pj-scrubber">
      <svg className="pj-ticks" viewBox={`0 0 ${Math.max(n, 1)} 10`} preserveAspectRatio="none" aria-hidden>
        {steps.map((s, i) => {
          const h = hops[s.last - 1]
          const c = s.fold ? 'netfilter' : h ? hopCategory(h) : 'link'
          return <rect key={s.first} x={i + 0.1} width={0.8} y={c === 'link' ? 6 : 0} height={c === 'link' ? 4 : 10} fill={categoryVar(c)} opacity={i <= pos.index ? 1 : 0.45} />
        })}
      </svg>
      <input
        type="range"
        min={0}
        max={n}
        value={pos.index + 1}
        aria-label={t('playback.scrubber')}
        data-testid="playback.scrubber"
        onChange={(e) => {
          const i = Number(e.target.value)
          getAppStore().getState().setStep(i === 0 ? 0 : steps[i - 1]!.last)
        }}
      />
    </div>
  )
}
