import type { ReactNode } from 'react'
import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'

/** One table: a heading with the real command, then the grid or the command's text output. */
export function TableSection(props: {
  /** Dotted test id suffix: `tables.<id>`, raw text `tables.raw.<id>`. */
  id: string
  title: string
  command: string
  /** The command's output, computed only when the raw view is on. */
  text: () => string
  empty: boolean
  changed: boolean
  children: ReactNode
}) {
  const t = useT()
  const raw = useAppStore((s) => s.rawTables)
  return (
    <section className={`pj-table-section${props.changed ? ' has-change' : ''}`} data-testid={`tables.${props.id}`}>
      <h3>
        {props.title} <code className="pj-cmd">$ {props.command}</code>
        {props.changed && <span className="pj-changed-tag">● {t('tables.changed')}</span>}
      </h3>
      {raw ? (
        <pre className="pj-raw" data-testid={`tables.raw.${props.id}`}>{props.text() || t('tables.noOutput')}</pre>
      ) : props.empty ? (
        <p className="pj-empty">{t('tables.empty')}</p>
      ) : (
        props.children
      )}
    </section>
  )
}
