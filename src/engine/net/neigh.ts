/**
 * The neighbour table (net/core/neighbour.c, net/ipv4/arp.c): lookups answer found / incomplete /
 * failed, and every state change is returned as a TableDelta for the trace.
 */
import type { NeighState } from '../lab/spec'
import type { NeighRow, TableDelta } from '../tables/types'
import type { Ipv4Addr, MacAddr } from '../wire/frame'
import { neighKey, type NeighEntry, type Netns } from '../sim/world'

export type NeighAnswer =
  | { kind: 'found'; entry: NeighEntry }
  | { kind: 'incomplete'; entry: NeighEntry }
  | { kind: 'none' }

/** States whose lladdr may be used to transmit right away (NUD_VALID). */
const USABLE: NeighState[] = ['PERMANENT', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'NOARP']

export function lookupNeigh(ns: Netns, dev: string, ip: Ipv4Addr): NeighAnswer {
  const e = ns.neigh.get(neighKey(dev, ip))
  if (!e || e.state === 'FAILED') return { kind: 'none' }
  if (e.state === 'INCOMPLETE') return { kind: 'incomplete', entry: e }
  if (USABLE.includes(e.state)) return { kind: 'found', entry: e }
  return { kind: 'none' }
}

export function rowOf(e: NeighEntry): NeighRow {
  return { ip: e.ip, dev: e.dev, state: e.state, ...(e.lladdr ? { lladdr: e.lladdr } : {}) }
}

/**
 * Creates or updates an entry (neigh_update). PERMANENT entries are only changed by an
 * administrator, never by ARP. Returns the delta, or null when nothing changed.
 */
export function updateNeigh(ns: Netns, dev: string, ip: Ipv4Addr, state: NeighState, lladdr?: MacAddr): TableDelta | null {
  const key = neighKey(dev, ip)
  const old = ns.neigh.get(key)
  if (old?.state === 'PERMANENT' && state !== 'PERMANENT') return null
  // neigh_update: news of the same lladdr never demotes an entry to STALE.
  if (old && state === 'STALE' && old.lladdr === lladdr && old.state !== 'INCOMPLETE' && old.state !== 'FAILED') return null
  const before = old ? rowOf(old) : undefined
  const entry: NeighEntry = old ?? { ip, dev, state, queue: [], probes: 0 }
  entry.state = state
  if (lladdr) entry.lladdr = lladdr
  else if (state === 'INCOMPLETE') delete entry.lladdr
  ns.neigh.set(key, entry)
  const after = rowOf(entry)
  if (before && JSON.stringify(before) === JSON.stringify(after)) return null
  return { table: 'neigh', netns: ns.name, key, ...(before ? { before } : {}), after }
}
