export interface Row {
  key: string
  cells: string[]
  changed?: boolean
  /** Set on the row this step opens on: the marker's text (tables-focus.ts says why). */
  focus?: string
}

/**
 * A plain grid with the columns named as the command names them; changed rows are marked. The
 * row the step opens on gets a marker column that sticks to the grid's right edge, so its text
 * stays in view however wide the row (conntrack's tuples) and however far it is scrolled.
 */
export function RowTable(props: { columns: string[]; rows: Row[] }) {
  const marked = props.rows.some((r) => r.focus)
  return (
    <div className="pj-grid-wrap">
    <table className="pj-grid">
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
          {marked && <th className="pj-focus-col" aria-hidden="true" />}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr
            key={r.key}
            className={[r.changed ? 'is-changed' : '', r.focus ? 'is-focus' : ''].filter(Boolean).join(' ') || undefined}
            data-changed={r.changed || undefined}
            data-focus={r.focus ? true : undefined}
            aria-current={r.focus ? 'true' : undefined}
          >
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
            {marked && <td className="pj-focus-col">{r.focus && <span className="pj-focus-tag">◀ {r.focus}</span>}</td>}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  )
}
