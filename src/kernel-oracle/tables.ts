/**
 * After the journey: each namespace's conntrack entries and the iptables rules whose counters
 * moved, from the kernel (conntrack -L, iptables-save -c after zeroing the counters) and from
 * the engine's folded tables, reduced to comparable lines: no timeouts, `use`, or marks,
 * randomised ports as `*`, conntrack lines sorted (the kernel lists them in hash order).
 */
import type { NetnsTables } from '../engine/tables/types'
import { formatConntrackLine } from '../engine/format/conntrack'
import type { PortRule } from './sightings'
import { inNetns } from './sh'

export function zeroCounters(realNs: string): void {
  for (const t of ['filter', 'nat', 'mangle', 'raw']) {
    try {
      inNetns(realNs, 'iptables', ['-t', t, '-Z'])
    } catch {
      /* table not loaded in this namespace */
    }
  }
}

export function normaliseConntrack(line: string, port: PortRule): string | null {
  const f = line.trim().split(/\s+/)
  if (f[0] !== 'tcp' && f[0] !== 'udp' && f[0] !== 'icmp') return null
  const rest = f.slice(3).filter((x) => !/^(mark|use|zone|secctx)=/.test(x)).map((x) => {
    const m = /^(sport|dport)=(\d+)$/.exec(x)
    // An echo's id is ping's own pick (its pid, or the ping socket's port): never compared.
    if (/^id=\d+$/.test(x)) return 'id=*'
    return m ? `${m[1]}=${port(Number(m[2]))}` : x
  })
  return `${f[0]} ${rest.join(' ')}`
}

export function kernelConntrack(realNs: string, port: PortRule): string[] {
  let text = ''
  try {
    text = inNetns(realNs, 'conntrack', ['-L'])
  } catch {
    return []
  }
  return text.split('\n').map((l) => normaliseConntrack(l, port)).filter((l): l is string => l !== null).sort()
}

export function engineConntrack(t: NetnsTables, port: PortRule): string[] {
  return t.conntrack.map((r) => normaliseConntrack(formatConntrackLine(r), port)).filter((l): l is string => l !== null).sort()
}

/** `[p:b] -A CHAIN …` lines and `:CHAIN POLICY [p:b]` lines with packets > 0, by table. */
export function kernelCounters(realNs: string): string[] {
  let text = ''
  try {
    text = inNetns(realNs, 'iptables-save', ['-c'])
  } catch {
    return []
  }
  return movedCounters(text)
}

/** The oracle pins statistic probabilities (pin.ts); compare rules without them. */
const unpin = (rule: string) => rule.replace(/--probability [\d.]+/, '--probability P')

export function movedCounters(saveText: string): string[] {
  const out: string[] = []
  let table = ''
  for (const line of saveText.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1)
    const rule = /^\[(\d+):(\d+)\] (-A .*)$/.exec(line)
    if (rule && rule[1] !== '0') out.push(`${table} [${rule[1]}:${rule[2]}] ${unpin(rule[3]!)}`)
    const chain = /^:(\S+) (ACCEPT|DROP) \[(\d+):(\d+)\]$/.exec(line)
    if (chain && chain[3] !== '0') out.push(`${table} [${chain[3]}:${chain[4]}] policy ${chain[1]} ${chain[2]}`)
  }
  return out
}

export function engineCounters(t: NetnsTables): string[] {
  const out: string[] = []
  for (const tb of t.iptables)
    for (const c of tb.chains) {
      if (c.policy !== '-' && c.packets > 0) out.push(`${tb.name} [${c.packets}:${c.bytes}] policy ${c.name} ${c.policy}`)
      for (const r of c.rules) if (r.packets > 0) out.push(`${tb.name} [${r.packets}:${r.bytes}] ${unpin(r.text)}`)
    }
  return out
}

/** Lines only one side has, as a readable list. */
export function diffLines(what: string, engine: string[], kernel: string[]): string[] {
  const e = new Set(engine)
  const k = new Set(kernel)
  const problems = [...engine.filter((l) => !k.has(l)).map((l) => `engine only: ${l}`), ...kernel.filter((l) => !e.has(l)).map((l) => `kernel only: ${l}`)]
  return problems.length ? [`${what} differ:\n      ${problems.join('\n      ')}`] : []
}
