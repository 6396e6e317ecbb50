import type { ReactNode } from 'react'
import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { grepLines } from './search'
import { CommandOutput } from './CommandOutput'

/** How the raw view says it is filtered: the pipe a user would type on the node. */
const grep = (q: string) => ` | grep -iF '${q.replace(/'/g, `'\\''`)}'`

/** One table: a heading with the real command, then the grid or the command's text output. */
export function TableSection(props: {
  /** Dotted test id suffix: `tables.<id>`, raw text `tables.raw.<id>`. */
  id: string
  title: string
  command: string
  /** The command's output, computed only when the raw view is on. */
  text: () => string
  /** No row to show (none at all, or none matching the search). */
  empty: boolean
  changed: boolean
  /** The search box's query, normalised (search.ts); '' shows everything. */
  query?: string
  /** This step opens on a row of this table (tables-focus.ts). */
  focus?: boolean
  children: ReactNode
}) {
  const t = useT()
  const raw = useAppStore((s) => s.rawTables)
  const q = props.query ?? ''
  return (
    <section
      className={`pj-table-section${props.changed ? ' has-change' : ''}`}
      data-testid={`tables.${props.id}`}
      data-focus-section={props.focus || undefined}
    >
      <h3>
        {props.title} <code className="pj-cmd">$ {props.command}{raw && q ? grep(q) : ''}</code>
        {props.changed && <span className="pj-changed-tag">● {t('tables.changed')}</span>}
      </h3>
      {raw ? (
        <CommandOutput testId={`tables.raw.${props.id}`} text={grepLines(props.text(), q) || t(q ? 'tables.noMatch' : 'tables.noOutput')} />
      ) : props.empty ? (
        <p className="pj-empty">{t(q ? 'tables.noMatch' : 'tables.empty')}</p>
      ) : (
        props.children
      )}
    </section>
  )
}
