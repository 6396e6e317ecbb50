/**
 * After the journey, the tables a learner reads on a node, as the real tools print them and as
 * the engine's formatters print its folded tables: `ip -br addr`, `ip neigh show`,
 * `bridge fdb show` and `ip route show table all`, per namespace. Compared as text:
 * - neighbours as a sorted set (the kernel dumps its hash table, seeded randomly at boot);
 * - addresses, FDB and routes line for line, in the kernel's dump order (the formatters claim
 *   that order; ifindexes agree because links are created in the spec's order).
 * Plain `ip neigh` hides NOARP rows: the kernel has `224.0.0.22 dev cni0 … NOARP` on every
 * bridge that sent an IGMPv3 report, which the engine does not model (no IGMP).
 * The switch namespace of the underlay is the oracle's own scaffolding and is not compared.
 */
import type { NetnsTables } from '../engine/tables/types'
import { formatBridgeFdb, formatIpBriefAddr, formatIpNeigh, formatIpRoute } from '../engine/format'
import { run } from './sh'

export interface Observed {
  addrs: string[]
  neigh: string[]
  fdb: string[]
  routes: string[]
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '')

/**
 * The oracle plugs each `ether` NIC into its switch with a veth, so the kernel names it
 * `eth0@if5` in `ip -br addr`; a real NIC has no `@ifN`. Drops that suffix for those names,
 * keeping iproute2's 16-column name field.
 */
export function dropSwitchPeer(line: string, etherNames: string[]): string {
  const m = /^(\S+)@if\d+ +/.exec(line)
  if (!m || !etherNames.includes(m[1]!)) return line
  return `${m[1]!.padEnd(16)} ${line.slice(m[0].length)}`
}

export function kernelObserved(realNs: string, etherNames: string[] = []): Observed {
  return {
    addrs: lines(run('ip', ['-n', realNs, '-br', 'addr'])).map((l) => dropSwitchPeer(l, etherNames)),
    neigh: lines(run('ip', ['-n', realNs, '-4', 'neigh', 'show'])).sort(),
    fdb: lines(run('bridge', ['-n', realNs, 'fdb', 'show'])),
    routes: lines(run('ip', ['-n', realNs, '-4', 'route', 'show', 'table', 'all'])),
  }
}

export function engineObserved(t: NetnsTables): Observed {
  return {
    addrs: lines(formatIpBriefAddr(t.links, { netns: t.netns, fdb: t.fdb })),
    neigh: lines(formatIpNeigh(t.neigh)).sort(),
    fdb: lines(formatBridgeFdb(t.fdb, t.links)),
    routes: lines(formatIpRoute(t.routes, { table: 'all', links: t.links, linkOptions: { netns: t.netns, fdb: t.fdb } })),
  }
}

const COMMANDS: Record<keyof Observed, string> = {
  addrs: 'ip -br addr',
  neigh: 'ip neigh show',
  fdb: 'bridge fdb show',
  routes: 'ip route show table all',
}

/** One problem per command whose output differs: both outputs, with the differing lines marked. */
export function diffObserved(netns: string, engine: Observed, kernel: Observed): string[] {
  const problems: string[] = []
  for (const k of Object.keys(COMMANDS) as (keyof Observed)[]) {
    const e = engine[k]
    const s = kernel[k]
    if (e.length === s.length && e.every((l, i) => l === s[i])) continue
    const mark = (xs: string[], other: string[]) =>
      xs.map((l, i) => `      ${l === other[i] ? ' ' : '>'} ${l}`).join('\n') || '      (nothing)'
    problems.push(`${netns} \`${COMMANDS[k]}\` differs\n    engine:\n${mark(e, s)}\n    kernel:\n${mark(s, e)}`)
  }
  return problems
}
