import { Fragment } from 'react'
import { useT } from '../i18n/useT'

export interface Row {
  key: string
  cells: string[]
  changed?: boolean
  /** Set on the row this step opens on: the marker's text (tables-focus.ts says why). */
  focus?: string
}

/**
 * A plain grid with the columns named as the command names them; changed rows are marked. The
 * row the step opens on is followed by a note row saying why, its text pinned to the grid's left
 * edge, so the words stay in view however wide the row (conntrack's tuples) and hide no cell.
 */
export function RowTable(props: { columns: string[]; rows: Row[] }) {
  const t = useT()
  // A wide grid scrolls sideways: its box takes focus so the keyboard can scroll it too.
  return (
    <div className="pj-grid-wrap" tabIndex={0} role="region" aria-label={t('tables.gridLabel', { columns: props.columns.join(', ') })}>
    <table className="pj-grid">
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <Fragment key={r.key}>
            <tr
              className={[r.changed ? 'is-changed' : '', r.focus ? 'is-focus' : ''].filter(Boolean).join(' ') || undefined}
              data-changed={r.changed || undefined}
              data-focus={r.focus ? true : undefined}
              aria-current={r.focus ? 'true' : undefined}
            >
              {r.cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
            {r.focus && (
              <tr className="pj-focus-note" data-testid="tables.focusNote">
                <td colSpan={props.columns.length}>
                  <span className="pj-focus-tag">▲ {r.focus}</span>
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
    </div>
  )
}
