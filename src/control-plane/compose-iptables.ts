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

type Part = NonNullable<IptablesFragment['tables'][IptTableName]>

/** A fragment table's lines, joined once: kube-proxy's fragment is shared by every node of a big cluster. */
interface Joined {
  chains: Set<string>
  chainDecls: string
  prepend: string
  builtin: string
  rules: string
}
const joinedCache = new WeakMap<Part, Joined>()

function joined(p: Part): Joined {
  let j = joinedCache.get(p)
  if (!j) {
    j = { chains: new Set(p.chains), chainDecls: p.chains.map((c) => `:${c} - [0:0]`).join('\n'), prepend: (p.prepend ?? []).join('\n'), builtin: (p.builtin ?? []).join('\n'), rules: p.rules.join('\n') }
    joinedCache.set(p, j)
  }
  return j
}

export function composeNodeIptables(fragments: IptablesFragment[]): string {
  // Pieces are concatenated with `+`, not copied into one array: a 5,000-Service kube-proxy
  // fragment is megabytes of text, built once and shared (as a rope) by every node's text.
  const pieces: string[] = []
  for (const table of ORDER) {
    const parts = fragments.map((f) => f.tables[table]).filter((t) => t !== undefined)
    if (!parts.length) continue
    pieces.push(`*${table}`, BUILTIN[table].map((c) => `:${c} ACCEPT [0:0]`).join('\n'))
    const seen = new Set<string>()
    for (const p of parts) {
      const j = joined(p)
      const fresh = [...j.chains].some((c) => seen.has(c)) ? p.chains.filter((c) => !seen.has(c)).map((c) => `:${c} - [0:0]`).join('\n') : j.chainDecls
      for (const c of j.chains) seen.add(c)
      pieces.push(fresh)
    }
    for (const key of ['prepend', 'builtin', 'rules'] as const) for (const p of parts) pieces.push(joined(p)[key])
    pieces.push('COMMIT')
  }
  let text = ''
  for (const piece of pieces) if (piece) text = text ? text + '\n' + piece : piece
  return text + '\n'
}
