import type { ReactNode } from 'react'
import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { COMMAND, commandText, type TableKind } from './command-text'
import type { NetnsTables } from '../../engine/tables/types'

/** One table: a heading with the real command, then the grid or the command's text output. */
export function TableSection(props: {
  kind: TableKind
  title: string
  tables: NetnsTables
  empty: boolean
  changed: boolean
  children: ReactNode
}) {
  const t = useT()
  const raw = useAppStore((s) => s.rawTables)
  const text = raw ? commandText(props.kind, props.tables) : null
  return (
    <section className={`pj-table-section${props.changed ? ' has-change' : ''}`} data-testid={`tables.${props.kind === 'routes' ? 'route' : props.kind}`}>
      <h3>
        {props.title} <code className="pj-cmd">$ {COMMAND[props.kind]}</code>
        {props.changed && <span className="pj-changed-tag">● {t('tables.changed')}</span>}
      </h3>
      {raw ? (
        <pre className="pj-raw" data-testid={`tables.raw.${props.kind}`}>{text ?? t('tables.noRaw')}</pre>
      ) : props.empty ? (
        <p className="pj-empty">{t('tables.empty')}</p>
      ) : (
        props.children
      )}
    </section>
  )
}
