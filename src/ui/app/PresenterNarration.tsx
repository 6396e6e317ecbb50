import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { stepText } from '../shared/step-text'

/**
 * Presenter mode's text: the step's title and narration, large, under the canvas, where a room
 * looking at a projector reads it. The same words as the This step tab (stepText).
 */
export function PresenterNarration() {
  const t = useT()
  const text = useAppStore((s) => {
    const st = stepText(s, t)
    return st ? JSON.stringify([st.title, st.narration.length ? st.narration : []]) : '["",[]]'
  })
  const [title, narration] = JSON.parse(text) as [string, string[]]
  return (
    <section className="pj-presenter-text" data-testid="presenter.narration" aria-label={t('presenter.narration')} tabIndex={0}>
      <h2>{title}</h2>
      {narration.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </section>
  )
}
