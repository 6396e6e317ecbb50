import type { IptablesTableRow } from '../../engine/tables/types'
import { counterKey } from '../../store/selectors'
import { useT } from '../i18n/useT'
import { iptablesMatches } from './search'

/**
 * iptables as `iptables-save -c` groups it: table, chains with policy and counters, rules. The
 * search keeps the matching rules (search.ts); the rule or policy this step opens on (`focus`,
 * a counter key) carries a marker and its reason.
 */
export function IptablesView(props: {
  netns: string
  tables: IptablesTableRow[]
  changed: Set<string>
  query: string
  focus?: { key: string; label: string }
}) {
  const t = useT()
  const hit = (table: string, chain: string, rule: number | 'policy') =>
    props.changed.has(`${props.netns}|counter|${counterKey(table, chain, rule)}`)
  const isFocus = (table: string, chain: string, rule: number | 'policy') => props.focus?.key === counterKey(table, chain, rule)
  const shown = iptablesMatches(props.tables, props.query)
  if (!shown.length) return <p className="pj-empty">{t('tables.noMatch')}</p>
  return (
    <div className="pj-ipt">
      {shown.map((s) => {
        const tb = props.tables.find((x) => x.name === s.name)!
        return (
          <div key={tb.name} className="pj-ipt-table" data-testid={`tables.iptables.${tb.name}`}>
            <div className="pj-ipt-tname">*{tb.name}</div>
            {s.chains.map((sc) => {
              const c = tb.chains.find((x) => x.name === sc.name)!
              const policyFocus = isFocus(tb.name, c.name, 'policy')
              return (
                <div key={c.name} className="pj-ipt-chain">
                  <div
                    className={`pj-ipt-chead${hit(tb.name, c.name, 'policy') ? ' is-hit' : ''}${policyFocus ? ' is-focus' : ''}`}
                    data-focus={policyFocus || undefined}
                    aria-current={policyFocus ? 'true' : undefined}
                  >
                    <span className="pj-mono">:{c.name}</span>{' '}
                    <span className="pj-muted">
                      {/* Only built-in chains have policy counters; iptables-save prints [0:0] for user chains. */}
                      {c.policy === '-' ? t('tables.userChain') : `${t('tables.chainPolicy', { policy: c.policy })} [${c.packets}:${c.bytes}]`}
                    </span>
                    {policyFocus && <span className="pj-focus-tag"> ◀ {props.focus!.label}</span>}
                  </div>
                  {sc.rules.map((i) => {
                    const r = c.rules[i]!
                    const matched = hit(tb.name, c.name, i + 1)
                    const focus = isFocus(tb.name, c.name, i + 1)
                    return (
                      <div
                        key={i}
                        className={`pj-ipt-rule${matched ? ' is-hit' : ''}${focus ? ' is-focus' : ''}`}
                        data-matched={matched || undefined}
                        data-focus={focus || undefined}
                        aria-current={focus ? 'true' : undefined}
                        data-testid="tables.iptables.rule"
                        title={matched ? t('tables.matched') : undefined}
                      >
                        <span className="pj-counter">[{r.packets}:{r.bytes}]</span> <span className="pj-mono">{r.text}</span>
                        {focus ? (
                          <span className="pj-focus-tag"> ◀ {props.focus!.label}</span>
                        ) : (
                          matched && <span className="pj-hit-tag"> ◀ {t('tables.matched')}</span>
                        )}
                      </div>
                    )
                  })}
                </div>
              )
            })}
          </div>
        )
      })}
    </div>
  )
}
