import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { stepText } from '../shared/step-text'

/**
 * The step's narration for screen readers: a polite live region, visually hidden and mounted
 * whichever tab is open, whose text is the narration the This step tab shows (its paragraphs in
 * one line; the step's title when it has none). It changes with every step, so it is announced.
 */
export function StepAnnouncer() {
  const t = useT()
  // One string, so the selector's answer compares equal while the step is the same.
  const text = useAppStore((s) => {
    const st = stepText(s, t)
    if (!st) return ''
    return st.narration.length ? (st.captioned ? st.narration.join(' ') : st.narration[0]!) : st.title
  })
  return (
    <div className="pj-sr-only" aria-live="polite" aria-atomic="true" data-testid="step.announce">
      {text}
    </div>
  )
}
