import type { IptablesTableRow } from '../../engine/tables/types'
import { counterKey } from '../../store/selectors'
import { useT } from '../i18n/useT'

/** iptables as `iptables-save -c` groups it: table, chains with policy and counters, rules. */
export function IptablesView(props: { netns: string; tables: IptablesTableRow[]; changed: Set<string> }) {
  const t = useT()
  const hit = (table: string, chain: string, rule: number | 'policy') =>
    props.changed.has(`${props.netns}|counter|${counterKey(table, chain, rule)}`)
  return (
    <div className="pj-ipt">
      {props.tables.map((tb) => (
        <div key={tb.name} className="pj-ipt-table" data-testid={`tables.iptables.${tb.name}`}>
          <div className="pj-ipt-tname">*{tb.name}</div>
          {tb.chains.map((c) => (
            <div key={c.name} className="pj-ipt-chain">
              <div className={`pj-ipt-chead${hit(tb.name, c.name, 'policy') ? ' is-hit' : ''}`}>
                <span className="pj-mono">:{c.name}</span>{' '}
                <span className="pj-muted">
                  {/* Only built-in chains have policy counters; iptables-save prints [0:0] for user chains. */}
                  {c.policy === '-' ? t('tables.userChain') : `${t('tables.chainPolicy', { policy: c.policy })} [${c.packets}:${c.bytes}]`}
                </span>
              </div>
              {c.rules.map((r, i) => {
                const matched = hit(tb.name, c.name, i + 1)
                return (
                  <div
                    key={i}
                    className={`pj-ipt-rule${matched ? ' is-hit' : ''}`}
                    data-matched={matched || undefined}
                    data-testid="tables.iptables.rule"
                    title={matched ? t('tables.matched') : undefined}
                  >
                    <span className="pj-counter">[{r.packets}:{r.bytes}]</span> <span className="pj-mono">{r.text}</span>
                    {matched && <span className="pj-hit-tag"> ◀ {t('tables.matched')}</span>}
                  </div>
                )
              })}
            </div>
          ))}
        </div>
      ))}
    </div>
  )
}
