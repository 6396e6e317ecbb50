import { useAppStore, getAppStore } from '../../store'
import { FILTERABLE } from '../../store/types'
import { useT } from '../i18n/useT'
import { CATEGORY_ICON, categoryVar } from '../shared/categories'

export function EventFilter() {
  const t = useT()
  const filter = useAppStore((s) => s.filter)
  return (
    <div className="pj-filter" role="group" aria-label={t('filter.label')}>
      <span className="pj-label">{t('filter.label')}</span>
      {FILTERABLE.map((c) => {
        const on = filter.includes(c)
        return (
          <button
            key={c}
            className={`pj-chip${on ? ' is-on' : ''}`}
            aria-pressed={on}
            data-testid={`filter.${c}`}
            style={{ borderColor: categoryVar(c) }}
            onClick={() => getAppStore().getState().toggleFilter(c)}
          >
            <span className="pj-chip-icon" style={{ background: on ? categoryVar(c) : 'transparent', color: on ? '#fff' : categoryVar(c) }} aria-hidden>
              {CATEGORY_ICON[c]}
            </span>
            {t(`cat.${c}`)}
          </button>
        )
      })}
    </div>
  )
}
