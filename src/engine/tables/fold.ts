/**
 * Folding table deltas onto a snapshot: the tables at step N are `initial` with the deltas of
 * events 1..N applied. One implementation, shared by the engine's consistency test, the CLI and
 * the UI's selectors, so "stepping back" is exact by construction.
 *
 * Why mutable inside: a fold copies the snapshot once and then applies every delta in place;
 * copying per delta would make a long trace quadratic.
 */
import type { HopEvent } from '../trace/events'
import type { ConntrackRow, FdbRow, IpvsConnRow, NeighRow, NetnsTables, RouteRow, TableDelta } from './types'
import { fdbKey, neighKey } from '../sim/keys'

type KeyedTable = Exclude<TableDelta['table'], 'counter'>
type KeyedRow = NeighRow | FdbRow | ConntrackRow | RouteRow | IpvsConnRow

/** A row's key within its table — the same key the engine puts in `TableDelta.key`. */
export function rowKey(table: KeyedTable, row: KeyedRow): string {
  switch (table) {
    case 'neigh':
      return neighKey((row as NeighRow).dev, (row as NeighRow).ip)
    case 'fdb':
      return fdbKey(row as FdbRow)
    case 'conntrack':
    case 'ipvs':
      return String((row as ConntrackRow | IpvsConnRow).id)
    case 'route': {
      const r = row as RouteRow
      return `${r.table}|${r.type}|${r.dst}|${r.metric ?? 0}`
    }
  }
}

/** `nat/KUBE-SERVICES/3` or `filter/FORWARD/policy`: the key of a counter delta. */
export function counterKey(table: string, chain: string, rule: number | 'policy'): string {
  return `${table}/${chain}/${rule}`
}

const LIST = { neigh: 'neigh', fdb: 'fdb', conntrack: 'conntrack', route: 'routes', ipvs: 'ipvsConns' } as const

export function cloneTables(t: NetnsTables): NetnsTables {
  return {
    ...t,
    neigh: [...t.neigh],
    fdb: [...t.fdb],
    conntrack: [...t.conntrack],
    routes: [...t.routes],
    ...(t.ipvsConns ? { ipvsConns: [...t.ipvsConns] } : {}),
    iptables: t.iptables.map((tb) => ({ ...tb, chains: tb.chains.map((c) => ({ ...c, rules: [...c.rules] })) })),
  }
}

/**
 * Applies one delta in place to a copy made by cloneTables. Counter deltas are increments
 * (packets and bytes this event added), never totals.
 */
export function applyDelta(t: NetnsTables, d: TableDelta): void {
  if (d.table === 'counter') {
    const [table, chain, which] = d.key.split('/')
    const c = t.iptables.find((x) => x.name === table)?.chains.find((x) => x.name === chain)
    if (!c) return
    if (which === 'policy') {
      c.packets += d.packets
      c.bytes += d.bytes
      return
    }
    const i = Number(which) - 1
    const r = c.rules[i]
    if (r) c.rules[i] = { ...r, packets: r.packets + d.packets, bytes: r.bytes + d.bytes }
    return
  }
  const list = (t[LIST[d.table]] ??= []) as KeyedRow[]
  const i = list.findIndex((r) => rowKey(d.table, r) === d.key)
  if (d.after) {
    if (i >= 0) list[i] = d.after
    else list.push(d.after)
  } else if (i >= 0) list.splice(i, 1)
}

/** Tables of every namespace after the first `steps` events (all events when omitted). */
export function tablesAtStep(initial: NetnsTables[], hops: HopEvent[], steps = hops.length): NetnsTables[] {
  const out = initial.map(cloneTables)
  const byNs = new Map(out.map((t) => [t.netns, t]))
  for (const ev of hops.slice(0, steps)) {
    for (const d of ev.deltas) {
      const t = byNs.get(d.netns)
      if (t) applyDelta(t, d)
    }
  }
  return out
}
