/**
 * A namespace's tables as rows, the starting point the trace's deltas are folded onto.
 */
import type { LinkRow, NetnsTables } from './types'
import type { Netns, World } from '../sim/world'
import { rulesetToRows } from '../net/netfilter/iptables'
import { rowOf as neighRow } from '../net/neigh'
import { rowOf as conntrackRow } from '../net/netfilter/conntrack'

export function linkRows(world: World, ns: Netns): LinkRow[] {
  return [...ns.links.values()].map((l) => {
    const row: LinkRow = { index: l.index, name: l.name, type: l.type, mac: l.mac, mtu: l.mtu, up: l.up, addrs: l.addrs.map((a) => `${a.ip}/${a.len}`) }
    if (l.master) row.master = l.master
    if (l.master) row.hairpin = l.hairpin
    if (l.segment) row.segment = l.segment
    if (l.peer) {
      const peer = world.netns.get(l.peer.netns)?.links.get(l.peer.name)
      row.peer = { netns: l.peer.netns, name: l.peer.name, index: peer?.index ?? 0 }
    }
    if (l.vxlan) row.vxlan = { ...l.vxlan }
    return row
  })
}

export function snapshotNetns(world: World, ns: Netns): NetnsTables {
  return {
    netns: ns.name,
    links: linkRows(world, ns),
    routes: ns.routes.map((r) => ({ ...r })),
    neigh: [...ns.neigh.values()].map(neighRow),
    fdb: [...ns.fdb.values()].map((r) => ({ ...r })),
    iptables: ns.ruleset ? rulesetToRows(ns.ruleset) : [],
    conntrack: ns.conntrack.map(conntrackRow),
    ...(ns.spec.info?.length ? { info: ns.spec.info.map((i) => ({ ...i })) } : {}),
  }
}

export function snapshotTables(world: World): NetnsTables[] {
  return [...world.netns.values()].map((ns) => snapshotNetns(world, ns))
}
