/**
 * The "as on the node" text: the same rows printed by the engine's real-command formatters
 * (engine/format), so what the grid shows always matches `ip route`, `iptables-save -c`…
 *
 * Why a glob: the formatters land in parallel with the UI; a formatter that is not there yet
 * gives `null` (the panel says so) instead of a build error.
 */
import type { NetnsTables } from '../../engine/tables/types'

type Fn = (rows: unknown, opts?: unknown) => string
const mods = import.meta.glob<Record<string, unknown>>(
  ['../../engine/format/*.ts', '../../engine/net/netfilter/iptables/index.ts', '!**/*.test.ts'],
  { eager: true },
)
const fns = new Map<string, Fn>()
for (const m of Object.values(mods))
  for (const [k, v] of Object.entries(m)) if (typeof v === 'function') fns.set(k, v as Fn)

export type TableKind = 'links' | 'routes' | 'neigh' | 'fdb' | 'iptables' | 'conntrack'

export const COMMAND: Record<TableKind, string> = {
  links: 'ip -br addr',
  routes: 'ip route',
  neigh: 'ip neigh',
  fdb: 'bridge fdb show',
  iptables: 'iptables-save -c',
  conntrack: 'conntrack -L',
}

const FORMATTER: Record<TableKind, { fn: string; rows: (t: NetnsTables) => unknown; opts?: unknown }> = {
  links: { fn: 'formatIpBriefAddr', rows: (t) => t.links },
  routes: { fn: 'formatIpRoute', rows: (t) => t.routes },
  neigh: { fn: 'formatIpNeigh', rows: (t) => t.neigh },
  fdb: { fn: 'formatBridgeFdb', rows: (t) => t.fdb },
  iptables: { fn: 'formatIptablesSave', rows: (t) => t.iptables, opts: { counters: true } },
  conntrack: { fn: 'formatConntrack', rows: (t) => t.conntrack },
}

export function commandText(kind: TableKind, t: NetnsTables): string | null {
  const f = FORMATTER[kind]
  const fn = fns.get(f.fn)
  if (!fn) return null
  try {
    return fn(f.rows(t), f.opts)
  } catch {
    return null
  }
}
