import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { EraBadge } from '../controls/EraBadge'

/** Before the first step: what the scenario shows, its era and what has changed since. */
export function ScenarioIntro() {
  const t = useT()
  const locale = useAppStore((s) => s.locale)
  const meta = useAppStore((s) => s.meta)
  if (!meta) return null
  return (
    <section className="pj-intro" data-testid="intro">
      <h2>{meta.title[locale]}</h2>
      {meta.era && <EraBadge era={meta.era} testId="intro.era" />}
      {meta.summary[locale] && <p>{meta.summary[locale]}</p>}
      {meta.sinceThen && (
        <aside className="pj-since" data-testid="intro.sinceThen">
          <h3>{t('picker.sinceThen')}</h3>
          <p>{meta.sinceThen[locale]}</p>
        </aside>
      )}
    </section>
  )
}
