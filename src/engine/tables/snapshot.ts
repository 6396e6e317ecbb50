/**
 * A namespace's tables as rows, the starting point the trace's deltas are folded onto.
 */
import type { IpsetRow, LinkRow, NetnsTables } from './types'
import type { Netns, World } from '../sim/world'
import { rulesetToRows } from '../net/netfilter/iptables'
import { rowOf as neighRow } from '../net/neigh'
import { rowOf as conntrackRow } from '../net/netfilter/conntrack'
import { serviceRow } from '../net/ipvs'

export function linkRows(world: World, ns: Netns): LinkRow[] {
  return [...ns.links.values()].map((l) => {
    const row: LinkRow = { index: l.index, name: l.name, type: l.type, mac: l.mac, mtu: l.mtu, up: l.up, addrs: l.addrs.map((a) => `${a.ip}/${a.len}`) }
    if (l.txqlen !== undefined) row.txqlen = l.txqlen
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
    ...(ns.ipvs ? { ipvs: ns.ipvs.services.map(serviceRow), ipvsConns: ns.ipvs.conns.map((c) => ({ ...c })) } : {}),
    ...(ns.spec.ipsets?.length ? { ipsets: ipsetRows(ns) } : {}),
  }
}

/** `ipset list`'s References: every `-m set` match in a loaded rule holds its set once. */
function ipsetRows(ns: Netns): IpsetRow[] {
  const refs = new Map<string, number>()
  for (const table of Object.values(ns.ruleset?.tables ?? {}))
    for (const chain of Object.values(table.chains))
      for (const rule of chain.rules) for (const m of rule.matches) if (m.kind === 'set') refs.set(m.name, (refs.get(m.name) ?? 0) + 1)
  return (ns.spec.ipsets ?? []).map((s) => ({ name: s.name, type: s.type, header: s.header, members: [...s.members], references: refs.get(s.name) ?? 0 }))
}

export function snapshotTables(world: World): NetnsTables[] {
  return [...world.netns.values()].map((ns) => snapshotNetns(world, ns))
}
