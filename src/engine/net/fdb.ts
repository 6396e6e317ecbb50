/**
 * Bridge forwarding database (net/bridge/br_fdb.c): learning from source MACs, lookups that
 * answer port / local / flood, and the VXLAN device's own FDB (drivers/net/vxlan) of
 * MAC → remote VTEP entries.
 */
import type { FdbRow, TableDelta } from '../tables/types'
import type { Ipv4Addr, MacAddr } from '../wire/frame'
import { fdbKey, type Netns } from '../sim/world'

export type FdbAnswer = { kind: 'local' } | { kind: 'port'; port: string } | { kind: 'flood' }

export function lookupBridgeFdb(ns: Netns, bridge: string, mac: MacAddr): FdbAnswer {
  if (isGroupMac(mac)) return { kind: 'flood' }
  const row = ns.fdb.get(`${bridge}|${mac}`)
  if (!row) return { kind: 'flood' }
  // Permanent rows for the bridge's own MAC and its ports' MACs mean "deliver locally".
  if (row.permanent && (row.dev === bridge || ns.links.get(row.dev)?.mac === mac)) return { kind: 'local' }
  return { kind: 'port', port: row.dev }
}

/** br_fdb_update: learn or move a dynamic entry. Returns the delta, or null when nothing changed. */
export function learnFdb(ns: Netns, bridge: string, port: string, mac: MacAddr, now: number): TableDelta | null {
  if (isGroupMac(mac)) return null
  const key = `${bridge}|${mac}`
  const old = ns.fdb.get(key)
  if (old?.permanent) return null
  if (old && old.dev === port) return null
  const row: FdbRow = { mac, dev: port, master: bridge, permanent: false, learnedAt: now }
  ns.fdb.set(key, row)
  return { table: 'fdb', netns: ns.name, key, ...(old ? { before: old } : {}), after: row }
}

/** vxlan_find_mac: the remote VTEP for a MAC, falling back to the all-zeros default entry. */
export function lookupVxlanFdb(ns: Netns, dev: string, mac: MacAddr): Ipv4Addr | null {
  const row = ns.fdb.get(fdbKey({ mac, dev, self: true })) ?? ns.fdb.get(fdbKey({ mac: '00:00:00:00:00:00', dev, self: true }))
  return row?.dst ?? null
}

export function addVxlanFdb(ns: Netns, dev: string, mac: MacAddr, dst: Ipv4Addr, permanent: boolean, now: number): TableDelta {
  const row: FdbRow = { mac, dev, dst, self: true, permanent, ...(permanent ? {} : { learnedAt: now }) }
  const key = fdbKey(row)
  const before = ns.fdb.get(key)
  ns.fdb.set(key, row)
  return { table: 'fdb', netns: ns.name, key, ...(before ? { before } : {}), after: row }
}

export function isGroupMac(mac: MacAddr): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1
}
