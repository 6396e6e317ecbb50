import { forwardRef } from 'react'
import { getAppStore } from '../../store'
import type { NetnsTables } from '../../engine/tables/types'
import type { TablesFocus } from '../../store/selectors'
import { useT } from '../i18n/useT'

/** `nat KUBE-SEP-… #2`, `conntrack #1`, `neigh eth0 10.244.1.1`: the focused row, named for the bar. */
const focusName = (f: TablesFocus) =>
  f.table === 'iptables'
    ? f.key.replace(/^(\w+)\/(.+)\/(\w+)$/, (_, tb, chain, rule) => `${tb} ${chain} ${rule === 'policy' ? rule : `#${rule}`}`)
    : f.table === 'conntrack' || f.table === 'ipvs'
      ? `${f.table} #${f.key}`
      : `${f.table} ${f.key.replace(/\|/g, ' ')}`

/**
 * The Tables tab's bar, sticky above the tables: which namespace, the raw toggle, the search
 * box, and what this step opens on with a button that brings it back into view.
 */
export const TablesBar = forwardRef<
  HTMLDivElement,
  {
    all: NetnsTables[]
    netns: string
    following: boolean
    raw: boolean
    search: string
    onSearch: (q: string) => void
    /** Rows matching the search, shown while there is one. */
    count: number | null
    focus: TablesFocus | null
    onShowFocus: () => void
  }
>(function TablesBar(props, ref) {
  const t = useT()
  const st = getAppStore().getState()
  const { focus } = props
  return (
    <div className="pj-tables-bar" ref={ref}>
      <label>
        {t('tables.netns')}{' '}
        <select data-testid="tables.netns" value={props.following ? '' : props.netns} onChange={(e) => st.selectNetns(e.target.value || null)}>
          <option value="">
            {t('tables.follow')} ({props.netns})
          </option>
          {props.all.map((x) => (
            <option key={x.netns} value={x.netns}>
              {x.netns}
            </option>
          ))}
        </select>
      </label>
      <label className="pj-switch">
        <input type="checkbox" data-testid="tables.rawToggle" checked={props.raw} onChange={(e) => st.setRawTables(e.target.checked)} />{' '}
        {t('tables.raw')}
      </label>
      <label className="pj-tables-search">
        {t('tables.search')}{' '}
        <input
          type="search"
          data-testid="tables.search"
          value={props.search}
          placeholder={t('tables.searchPlaceholder')}
          onChange={(e) => props.onSearch(e.target.value)}
        />
      </label>
      {props.count !== null && (
        <span className="pj-muted" data-testid="tables.searchCount" role="status">
          {t('tables.searchCount', { n: props.count })}
        </span>
      )}
      {focus && (
        <span className="pj-tables-focus" data-testid="tables.focus">
          ● {t('tables.focus.thisStep')}{' '}
          <button
            type="button"
            className="pj-mono"
            data-testid="tables.focus.show"
            title={`${t('tables.focus.show')}: ${t(`tables.focus.${focus.reason}`)}`}
            onClick={props.onShowFocus}
          >
            {focus.netns !== props.netns ? `${focus.netns} ` : ''}
            {focusName(focus)} ↧
          </button>
        </span>
      )}
    </div>
  )
})
