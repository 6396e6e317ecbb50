import { useState } from 'react'
import { useAppStore, getAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { EraBadge } from './EraBadge'
import { pickerSections } from './picker-sections'

/**
 * Scenario select, in sections in teaching order (inside a pod … history), plus the chosen
 * scenario's era badge when it is historical, and its summary, goals and since-then note on
 * demand.
 */
export function ScenarioPicker() {
  const t = useT()
  const locale = useAppStore((s) => s.locale)
  const scenarios = useAppStore((s) => s.scenarios)
  const id = useAppStore((s) => s.scenarioId)
  const meta = useAppStore((s) => s.meta)
  const fileName = useAppStore((s) => s.fileName)
  const [open, setOpen] = useState(false)
  const sections = pickerSections(scenarios)
  // Until the worker has described the built-ins there are no groups to show: a plain list.
  const grouped = sections.some((s) => s.key !== 'other')
  const option = (s: (typeof scenarios)[number]) => (
    <option key={s.id} value={s.id} title={s.meta?.era?.[locale]}>
      {s.meta ? s.meta.title[locale] : s.id}
    </option>
  )
  return (
    <div className="pj-picker">
      <label>
        <span className="pj-label">{t('header.scenario')}</span>{' '}
        <select
          data-testid="header.scenario"
          value={id ?? ''}
          onChange={(e) => e.target.value && getAppStore().getState().selectScenario(e.target.value)}
        >
          {/* A journey that is not built in (a link's #s=, a host page's file) is named, not
              shown as whichever built-in happens to be first. */}
          {id === null && fileName && (
            <option value="" data-testid="header.scenario.custom">
              {t('picker.custom', { title: meta?.title[locale] || fileName })}
            </option>
          )}
          {grouped
            ? sections.map((sec) => (
                <optgroup key={sec.key} label={t(`picker.group.${sec.key}`)} data-testid={`header.group.${sec.key}`}>
                  {sec.entries.map(option)}
                </optgroup>
              ))
            : scenarios.map(option)}
        </select>
      </label>
      {meta?.era && <EraBadge era={meta.era} compact testId="header.era" />}
      {meta && (
        <button className="pj-link" aria-expanded={open} data-testid="header.goalsToggle" onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {t('header.goals')}
        </button>
      )}
      {meta && open && (
        <div className="pj-picker-pop" data-testid="header.summary" role="dialog">
          <h2>{meta.title[locale]}</h2>
          {meta.era && <EraBadge era={meta.era} testId="header.summaryEra" />}
          <p>{meta.summary[locale]}</p>
          {meta.sinceThen && (
            <aside className="pj-since" data-testid="header.sinceThen">
              <h3>{t('picker.sinceThen')}</h3>
              <p>{meta.sinceThen[locale]}</p>
            </aside>
          )}
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
