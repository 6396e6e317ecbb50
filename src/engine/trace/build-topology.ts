/**
 * The topology the canvas draws, read off the loaded world: hosts → namespaces → devices, and
 * edges for veth pairs, bridge ports, NICs on a segment and VXLAN tunnels between VTEPs that
 * have FDB entries for each other.
 */
import type { Topology, TopologyEdge } from './topology'
import type { World } from '../sim/world'

export function buildTopology(world: World): Topology {
  const edges: TopologyEdge[] = []
  const id = (ns: string, dev: string) => `${ns}:${dev}`
  const seen = new Set<string>()
  for (const ns of world.netns.values()) {
    for (const l of ns.links.values()) {
      if (l.peer) {
        const a = id(ns.name, l.name)
        const b = id(l.peer.netns, l.peer.name)
        const key = [a, b].sort().join('|')
        if (!seen.has(key)) {
          seen.add(key)
          edges.push({ id: `veth:${key}`, kind: 'veth', a, b })
        }
      }
      if (l.master) edges.push({ id: `port:${id(ns.name, l.name)}`, kind: 'bridge-port', a: id(ns.name, l.name), b: id(ns.name, l.master) })
      if (l.segment) edges.push({ id: `segment:${id(ns.name, l.name)}`, kind: 'segment', a: id(ns.name, l.name), b: `segment:${l.segment}`, label: l.segment })
    }
  }
  // VXLAN: a tunnel edge between two VTEPs when one's FDB points at the other's local address.
  const vteps = [...world.netns.values()].flatMap((ns) => [...ns.links.values()].filter((l) => l.vxlan).map((l) => ({ ns, l })))
  for (const { ns, l } of vteps) {
    for (const row of ns.fdb.values()) {
      if (!row.self || row.dev !== l.name || !row.dst) continue
      const peer = vteps.find((v) => v.l.vxlan!.local === row.dst && v.l.vxlan!.vni === l.vxlan!.vni)
      if (!peer) continue
      const a = id(ns.name, l.name)
      const b = id(peer.ns.name, peer.l.name)
      const key = [a, b].sort().join('|')
      if (seen.has(key)) continue
      seen.add(key)
      edges.push({ id: `vxlan:${key}`, kind: 'vxlan', a, b, label: `VNI ${l.vxlan!.vni}` })
    }
  }
  return {
    hosts: [...world.hosts.values()].map((h) => ({ name: h.name, kind: h.kind, ...(h.role ? { role: h.role } : {}), netns: [...world.netns.values()].filter((n) => n.host === h.name).map((n) => n.name) })),
    netns: [...world.netns.values()].map((ns) => ({
      name: ns.name,
      host: ns.host,
      kind: ns.spec.kind,
      ...(ns.spec.pod ? { pod: ns.spec.pod } : {}),
      devices: [...ns.links.values()].map((l) => ({ id: id(ns.name, l.name), netns: ns.name, name: l.name, type: l.type, addrs: l.addrs.map((a) => `${a.ip}/${a.len}`), mac: l.mac, ...(l.master ? { master: l.master } : {}) })),
    })),
    segments: [...world.segments.keys()],
    edges,
  }
}
