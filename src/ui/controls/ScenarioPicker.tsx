import { useState } from 'react'
import { useAppStore, getAppStore } from '../../store'
import { useT } from '../i18n/useT'

/** Scenario select plus the chosen scenario's summary and learning goals on demand. */
export function ScenarioPicker() {
  const t = useT()
  const locale = useAppStore((s) => s.locale)
  const scenarios = useAppStore((s) => s.scenarios)
  const id = useAppStore((s) => s.scenarioId)
  const meta = useAppStore((s) => s.meta)
  const [open, setOpen] = useState(false)
  return (
    <div className="pj-picker">
      <label>
        <span className="pj-label">{t('header.scenario')}</span>{' '}
        <select
          data-testid="header.scenario"
          value={id ?? ''}
          onChange={(e) => getAppStore().getState().selectScenario(e.target.value)}
        >
          {scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {s.meta ? s.meta.title[locale] : s.id}
            </option>
          ))}
        </select>
      </label>
      {meta && (
        <button className="pj-link" aria-expanded={open} data-testid="header.goalsToggle" onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {t('header.goals')}
        </button>
      )}
      {meta && open && (
        <div className="pj-picker-pop" data-testid="header.summary" role="dialog">
          <h2>{meta.title[locale]}</h2>
          <p>{meta.summary[locale]}</p>
          {meta.goals && (
            <>
              <h3>{t('header.goals')}</h3>
              <ul>
                {meta.goals[locale].map((g) => (
                  <li key={g}>{g}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  )
}
