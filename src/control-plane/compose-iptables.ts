/**
 * One node's iptables-save text from the fragments its components program (kube-proxy,
 * flanneld, …): every table used with its built-in chains, the user chains, then rules —
 * kube-proxy's inserted jumps at the top of the built-in chains, appended built-in rules in
 * fragment order, then each fragment's own chains. The engine parses this and prints it back
 * exactly as iptables-save would.
 */
import type { IptTableName, IptablesFragment } from './types'

const BUILTIN: Record<IptTableName, string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
}
const ORDER: IptTableName[] = ['raw', 'mangle', 'filter', 'nat']

export function composeNodeIptables(fragments: IptablesFragment[]): string {
  const out: string[] = []
  for (const table of ORDER) {
    const parts = fragments.map((f) => f.tables[table]).filter((t) => t !== undefined)
    if (!parts.length) continue
    out.push(`*${table}`, ...BUILTIN[table].map((c) => `:${c} ACCEPT [0:0]`))
    const chains = [...new Set(parts.flatMap((p) => p.chains))]
    out.push(...chains.map((c) => `:${c} - [0:0]`))
    out.push(...parts.flatMap((p) => p.prepend ?? []), ...parts.flatMap((p) => p.builtin ?? []), ...parts.flatMap((p) => p.rules))
    out.push('COMMIT')
  }
  return out.join('\n') + '\n'
}
