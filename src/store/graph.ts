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

/**
 * Canvas text sizes in flow units (CSS px at zoom 1). The canvas sets them as CSS variables and
 * the layout sizes every box from them, so a box always has room for its text: nothing is cut.
 * Why the smallest is 12: the camera never zooms below readablePx / 12 (ui/canvas/follow.ts).
 */
export const CANVAS_TEXT = { name: 15, addr: 13, tag: 12, title: 16, sub: 13, packet: 13 } as const
/** The smallest text on the canvas: what the camera's minimum zoom is computed from. */
export const SMALLEST_TEXT = Math.min(...Object.values(CANVAS_TEXT))

/**
 * Width of a line of text, estimated without measuring (the layout runs in tests too). Why the
 * factors: DejaVu Sans Mono's advance is 0.602 em; DejaVu Sans Bold's digits and lower case run
 * up to 0.72 em, its capitals (the kind tags, letter-spaced) about 0.85 em; CJK glyphs are 1 em.
 * The estimate errs on the roomy side.
 */
export function textWidth(text: string, px: number, mono: boolean): number {
  let em = 0
  for (const ch of text)
    em += ch.charCodeAt(0) > 0x2e80 ? 1 : mono ? 0.61 : ch >= 'A' && ch <= 'Z' ? 0.85 : 0.72
  return Math.ceil(em * px)
}

const MIN_DEV_W = 150
export const DEV_H = 58
const GAP = 24
const PAD = 20
const HEAD = 44
/** The band under a device row: the packet card rests there, so it never covers a label. */
const BAND = 58
const ROW = DEV_H + BAND
/** Where a pod's first device starts: under the pod's name and its namespace line. */
const POD_DEV_TOP = 58
const POD_BOTTOM = 10

/** A device's second line: its kind (tag) then its first address. */
export const DEVICE_TYPE_LABEL: Record<string, string> = {
  veth: 'veth',
  bridge: 'bridge',
  vxlan: 'vxlan',
  ether: 'NIC',
  dummy: 'dummy',
  loopback: 'lo',
}

function deviceWidth(d: TopologyDevice): number {
  const tag = DEVICE_TYPE_LABEL[d.type] ?? d.type
  const line2 = textWidth(tag.toUpperCase(), CANVAS_TEXT.tag, false) + 8 + textWidth(d.addrs[0] ?? '', CANVAS_TEXT.addr, true)
  return Math.max(MIN_DEV_W, Math.max(textWidth(d.name, CANVAS_TEXT.name, true), line2) + 24)
}

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
  // One device width for the whole map, so the columns line up and every name fits.
  const devW = Math.max(MIN_DEV_W, ...topo.netns.flatMap((n) => n.devices.filter(visible).map(deviceWidth)))
  const placed = rows.map((row) => layoutRow(topo, row, visible, peerOf, { devW }))
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

interface Sizes {
  devW: number
}

/** A pod's box: room for its name line, its namespace line and its devices side by side. */
function podWidth(pod: Topology['netns'][number], sizes: Sizes, devices: number): number {
  const name = pod.pod?.name ?? pod.name
  const head = textWidth('POD', CANVAS_TEXT.tag, false) + 14 + textWidth(name, CANVAS_TEXT.title, false)
  const sub = pod.pod ? textWidth(podSub(pod)!, CANVAS_TEXT.sub, false) : 0
  // Devices side by side: the band under the pod stays free for a card parked under any of them.
  const n = Math.max(1, devices)
  return Math.max(n * sizes.devW + (n - 1) * GAP + 2 * 20, head + 24, sub + 24)
}

const podSub = (pod: Topology['netns'][number]) =>
  pod.pod ? `${pod.pod.namespace} · ${pod.pod.containers.join(', ')}` : undefined

/** One row of hosts, left to right from x = 0; host boxes at y = 0, their children relative. */
function layoutRow(
  topo: Topology,
  hosts: Topology['hosts'],
  visible: (d: TopologyDevice) => boolean,
  peerOf: Map<string, string>,
  sizes: Sizes,
): { nodes: GraphNode[]; width: number; height: number } {
  const { devW } = sizes
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
    const podCols: { pod: (typeof pods)[number]; x: number; w: number; devX: Map<string, number> }[] = []
    let podX = PAD
    for (const pod of pods) {
      const podId = `netns:${pod.name}`
      const devs = pod.devices.filter(visible)
      const w = podWidth(pod, sizes, devs.length)
      const rowW = devs.length * devW + Math.max(0, devs.length - 1) * GAP
      const devX = (j: number) => (w - rowW) / 2 + j * (devW + GAP)
      podCols.push({ pod, x: podX, w, devX: new Map(devs.map((d, j) => [d.id, podX + devX(j)])) })
      const h = POD_DEV_TOP + DEV_H + POD_BOTTOM
      const sub = podSub(pod)
      children.push({ id: podId, kind: 'pod', parent: hostId, x: podX, y, w, h, label: pod.pod?.name ?? pod.name, ...(sub ? { sub } : {}), netns: pod.name })
      devs.forEach((d, j) => children.push(devNode(d, podId, devX(j), POD_DEV_TOP, devW)))
      podX += w + GAP
    }
    const podsH = pods.length ? Math.max(...children.filter((c) => c.kind === 'pod').map((c) => c.h)) + BAND : 0
    y += podsH
    const rows: TopologyDevice[][] = [vethRow, bridgeRow, bottomRow]
    const width0 = Math.max(podX - GAP - PAD, 0)
    let rowW = 0
    for (const row of rows) {
      if (!row.length) continue
      const n = row.length
      row.forEach((d, i) => {
        const peer = peerOf.get(d.id)
        const col = podCols.find((c) => peer && c.pod.devices.some((pd) => pd.id === peer))
        let x = PAD + i * (devW + GAP)
        // A veth end sits under its peer inside the pod.
        if (col) x = col.devX.get(peer!) ?? col.x + (col.w - devW) / 2
        else if (row === bridgeRow) x = PAD + Math.max(0, (width0 - n * (devW + GAP) + GAP) / 2) + i * (devW + GAP)
        children.push(devNode(d, hostId, x, y, devW))
        rowW = Math.max(rowW, x + devW - PAD)
      })
      y += ROW
    }
    const head = textWidth(KIND_TAG[host.kind] ?? host.kind, CANVAS_TEXT.tag, false) + 14 + textWidth(host.name, CANVAS_TEXT.title, false) + (host.role ? textWidth(` · ${host.role}`, CANVAS_TEXT.title, false) : 0)
    const w = Math.max(width0, rowW, 2 * devW, head) + 2 * PAD
    const h = y - ROW + DEV_H + PAD + (rows.some((r) => r.length) ? 0 : POD_DEV_TOP + DEV_H)
    nodes.push({ id: hostId, kind: 'host', x: hostX, y: 0, w, h, label: host.name, sub: host.role, hostKind: host.kind, netns: root?.name })
    nodes.push(...children)
    hostX += w + 3 * GAP
    maxH = Math.max(maxH, h)
  }
  return { nodes, width: Math.max(hostX - 3 * GAP, 0), height: maxH }
}

/** The tag before a host's name (HostNode prints the same words). */
export const KIND_TAG: Record<string, string> = {
  node: 'Node',
  client: 'Client',
  router: 'Router',
  loadbalancer: 'Load balancer',
  server: 'Server',
}

function devNode(d: TopologyDevice, parent: string, x: number, y: number, w: number): GraphNode {
  return { id: d.id, kind: 'device', parent, x, y, w, h: DEV_H, label: d.name, ...(d.addrs[0] ? { sub: d.addrs[0] } : {}), netns: d.netns, device: d }
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
