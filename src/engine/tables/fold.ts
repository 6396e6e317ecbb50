/**
 * Folding table deltas onto a snapshot: the tables at step N are `initial` with the deltas of
 * events 1..N applied. Pure and shared by the engine's own consistency test, the CLI and the
 * UI's selectors, so "stepping back" is exact by construction.
 */
import type { HopEvent } from '../trace/events'
import type { NetnsTables, TableDelta } from './types'
import { fdbKey, neighKey } from '../sim/keys'

export function applyDelta(t: NetnsTables, d: TableDelta): NetnsTables {
  switch (d.table) {
    case 'neigh':
      return { ...t, neigh: upsert(t.neigh, (r) => neighKey(r.dev, r.ip) === d.key, d.after) }
    case 'fdb':
      return { ...t, fdb: upsert(t.fdb, (r) => fdbKey(r) === d.key, d.after) }
    case 'conntrack':
      return { ...t, conntrack: upsert(t.conntrack, (r) => String(r.id) === d.key, d.after) }
    case 'route':
      return t
    case 'counter': {
      const [table, chain, rule] = d.key.split('/')
      return {
        ...t,
        iptables: t.iptables.map((tb) =>
          tb.name !== table
            ? tb
            : {
                ...tb,
                chains: tb.chains.map((c) => {
                  if (c.name !== chain) return c
                  if (rule === 'policy') return { ...c, packets: c.packets + d.packets, bytes: c.bytes + d.bytes }
                  const i = Number(rule) - 1
                  return { ...c, rules: c.rules.map((r, j) => (j === i ? { ...r, packets: r.packets + d.packets, bytes: r.bytes + d.bytes } : r)) }
                }),
              },
        ),
      }
    }
  }
}

function upsert<T>(rows: T[], match: (r: T) => boolean, after: T | undefined): T[] {
  const i = rows.findIndex(match)
  if (i < 0) return after ? [...rows, after] : rows
  if (!after) return rows.filter((_, j) => j !== i)
  return rows.map((r, j) => (j === i ? after : r))
}

/** Tables of every namespace after the first `steps` events (all events when omitted). */
export function tablesAtStep(initial: NetnsTables[], hops: HopEvent[], steps = hops.length): NetnsTables[] {
  const byNs = new Map(initial.map((t) => [t.netns, t]))
  for (const ev of hops.slice(0, steps)) {
    for (const d of ev.deltas) {
      const t = byNs.get(d.netns)
      if (t) byNs.set(d.netns, applyDelta(t, d))
    }
  }
  return initial.map((t) => byNs.get(t.netns)!)
}
