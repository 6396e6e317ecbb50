/** A plain grid with the columns named as the command names them; changed rows are marked. */
export function RowTable(props: { columns: string[]; rows: { key: string; cells: string[]; changed?: boolean }[] }) {
  return (
    <div className="pj-grid-wrap">
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
          <tr key={r.key} className={r.changed ? 'is-changed' : undefined} data-changed={r.changed || undefined}>
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  )
}
