/**
 * `iptables-save [-c]` from table rows (tables/types.ts), so views folded from trace deltas
 * print exactly as the ruleset printer in net/netfilter/iptables/format.ts does: rows carry the
 * canonical rule text already, in save order; this only lays them out with counters.
 */
import type { IptablesTableRow } from '../tables/types'

export function formatIptablesRows(tables: IptablesTableRow[], opts: { counters?: boolean } = {}): string {
  const out: string[] = []
  for (const t of tables) {
    out.push(`*${t.name}`)
    for (const c of t.chains) out.push(`:${c.name} ${c.policy} [${c.policy === '-' ? '0:0' : `${c.packets}:${c.bytes}`}]`)
    for (const c of t.chains) for (const r of c.rules) out.push(opts.counters ? `[${r.packets}:${r.bytes}] ${r.text}` : r.text)
    out.push('COMMIT')
  }
  return out.map((l) => `${l}\n`).join('')
}
