/**
 * The canvas graph as plain data, laid out deterministically from the topology: node hosts in a
 * row, each a large box with its pods on top (each pod a box around its eth0), the root
 * namespace's veth ends under their pods, the bridge under them, and the NIC and tunnel devices
 * at the bottom; the network segments as bars below the nodes; outside actors (client, router,
 * internet server) in a second row under the bars, their NICs facing up to the wire they are on.
 * Why two rows: one row of four or five hosts is so wide that fitting it to a screen shrinks
 * every label and leaves the canvas's lower half empty.
 * Same topology in, same positions out: no measuring, no randomness.
 */
import type { HopEvent } from '../engine/trace/events'
import type { Topology, TopologyDevice, TopologyEdge } from '../engine/trace/topology'

export type GraphNodeKind = 'host' | 'pod' | 'device' | 'segment'

export interface GraphNode {
  id: string
  kind: GraphNodeKind
  parent?: string
  /** Relative to the parent, like React Flow's child positions. */
  x: number
  y: number
  w: number
  h: number
  label: string
  sub?: string
  netns?: string
  device?: TopologyDevice
  hostKind?: string
}

export interface GraphEdge {
  id: string
  kind: TopologyEdge['kind']
  source: string
  target: string
  label?: string
}

export const DEV_W = 150
export const DEV_H = 58
const POD_W = 190
const POD_H = 144
const GAP = 24
const PAD = 20
const HEAD = 44
const ROW = DEV_H + 50

export function buildGraph(topo: Topology, hops: HopEvent[] = []): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const used = new Set(hops.filter((h) => h.dev).map((h) => `${h.netns}:${h.dev}`))
  const visible = (d: TopologyDevice) => d.type !== 'loopback' || used.has(d.id)
  const peerOf = new Map<string, string>()
  for (const e of topo.edges)
    if (e.kind === 'veth') {
      peerOf.set(e.a, e.b)
      peerOf.set(e.b, e.a)
    }
  const nodes: GraphNode[] = []
  const cluster = topo.hosts.filter((h) => h.kind === 'node')
  const outside = topo.hosts.filter((h) => h.kind !== 'node')
  // With no cluster node, or nothing outside the cluster, all hosts share one row.
  const rows = cluster.length && outside.length ? [cluster, outside] : [[...cluster, ...outside]]
  const placed = rows.map((row) => layoutRow(topo, row, visible, peerOf))
  const width = Math.max(...placed.map((r) => r.width), 300)
  const segTop = placed[0]!.height + 70
  const segH = 36
  const segGap = 60
  const row2Top = segTop + Math.max(topo.segments.length - 1, 0) * segGap + segH + 70
  placed.forEach((r, i) => {
    // The second row is centred under the first.
    const dx = i === 0 ? 0 : Math.max(0, (width - r.width) / 2)
    for (const n of r.nodes) nodes.push(n.kind === 'host' ? { ...n, x: n.x + dx, y: i === 0 ? 0 : row2Top } : n)
  })
  topo.segments.forEach((s, i) =>
    nodes.push({ id: `segment:${s}`, kind: 'segment', x: 0, y: segTop + i * segGap, w: width, h: segH, label: s }),
  )
  const ids = new Set(nodes.map((n) => n.id))
  const edges: GraphEdge[] = topo.edges
    .filter((e) => ids.has(e.a) && ids.has(e.b))
    .map((e) => ({ id: e.id, kind: e.kind, source: e.a, target: e.b, ...(e.label ? { label: e.label } : {}) }))
  return { nodes, edges }
}

/** One row of hosts, left to right from x = 0; host boxes at y = 0, their children relative. */
function layoutRow(
  topo: Topology,
  hosts: Topology['hosts'],
  visible: (d: TopologyDevice) => boolean,
  peerOf: Map<string, string>,
): { nodes: GraphNode[]; width: number; height: number } {
  const nodes: GraphNode[] = []
  let hostX = 0
  let maxH = 0
  for (const host of hosts) {
    const hostId = `host:${host.name}`
    const nss = topo.netns.filter((n) => n.host === host.name)
    const root = nss.find((n) => n.kind === 'root')
    const pods = nss.filter((n) => n.kind === 'pod')
    const rootDevs = (root?.devices ?? []).filter(visible)
    const vethRow = rootDevs.filter((d) => d.type === 'veth')
    const bridgeRow = rootDevs.filter((d) => d.type === 'bridge')
    const bottomRow = rootDevs.filter((d) => d.type !== 'veth' && d.type !== 'bridge')
    const children: GraphNode[] = []
    let y = HEAD
    // Pods, each above its veth peer.
    const podCols: { pod: (typeof pods)[number]; x: number }[] = []
    pods.forEach((pod, i) => {
      const x = PAD + i * (POD_W + GAP)
      podCols.push({ pod, x })
      const podId = `netns:${pod.name}`
      const devs = pod.devices.filter(visible)
      const h = POD_H + Math.max(0, devs.length - 1) * (DEV_H + 10)
      children.push({ id: podId, kind: 'pod', parent: hostId, x, y, w: POD_W, h, label: pod.pod?.name ?? pod.name, sub: pod.pod ? `${pod.pod.namespace} · ${pod.pod.containers.join(', ')}` : undefined, netns: pod.name })
      devs.forEach((d, j) =>
        children.push(devNode(d, podId, (POD_W - DEV_W) / 2, 74 + j * (DEV_H + 10))),
      )
    })
    const podsH = pods.length
      ? Math.max(...children.filter((c) => c.kind === 'pod').map((c) => c.h)) + ROW - DEV_H
      : 0
    y += podsH
    const placed = new Set<string>()
    const rows: TopologyDevice[][] = [vethRow, bridgeRow, bottomRow]
    const width0 = Math.max(pods.length * (POD_W + GAP) - GAP, 0)
    let rowW = 0
    for (const row of rows) {
      if (!row.length) continue
      const n = row.length
      row.forEach((d, i) => {
        const peer = peerOf.get(d.id)
        const col = podCols.find((c) => peer && c.pod.devices.some((pd) => pd.id === peer))
        let x = PAD + i * (DEV_W + GAP) + (POD_W - DEV_W) / 2
        if (col) x = col.x + (POD_W - DEV_W) / 2
        else if (row === bridgeRow) x = PAD + Math.max(0, (width0 - n * (DEV_W + GAP) + GAP) / 2) + i * (DEV_W + GAP)
        children.push(devNode(d, hostId, x, y))
        placed.add(d.id)
        rowW = Math.max(rowW, x + DEV_W - PAD)
      })
      y += ROW
    }
    const w = Math.max(width0, rowW, 2 * DEV_W) + 2 * PAD
    const h = y - ROW + DEV_H + PAD + (rows.some((r) => r.length) ? 0 : POD_H)
    nodes.push({ id: hostId, kind: 'host', x: hostX, y: 0, w, h, label: host.name, sub: host.role, hostKind: host.kind, netns: root?.name })
    nodes.push(...children)
    hostX += w + 3 * GAP
    maxH = Math.max(maxH, h)
  }
  return { nodes, width: Math.max(hostX - 3 * GAP, 0), height: maxH }
}

function devNode(d: TopologyDevice, parent: string, x: number, y: number): GraphNode {
  return { id: d.id, kind: 'device', parent, x, y, w: DEV_W, h: DEV_H, label: d.name, sub: d.addrs[0], netns: d.netns, device: d }
}

/** Absolute position of a node (sum of its parents' offsets). */
export function absolutePosition(nodes: GraphNode[], id: string): { x: number; y: number } {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  let x = 0
  let y = 0
  for (let n = byId.get(id); n; n = n.parent ? byId.get(n.parent) : undefined) {
    x += n.x
    y += n.y
  }
  return { x, y }
}
