/**
 * Where the packet card goes: pure geometry over the laid-out graph (store/graph.ts), tested in
 * Node. The layout leaves a band under every device row (and under each pod's devices) that holds
 * no text; a card rests in one, so it never covers a device's name or address:
 *  - a frame crossing a link travels along it and rests halfway along the link's last leg, which
 *    lies in the band between the two rows it joins (or between a host and its wire);
 *  - anything else (a rule walk, a route lookup, a NAT) parks the card in the band under the
 *    device that acted.
 */
import type { HopEvent } from '../../engine/trace/events'
import { absolutePosition, type GraphEdge, type GraphNode } from '../../store/graph'

export type Pt = { x: number; y: number }

export interface CardRoute {
  /** One path per copy of the frame (a flood sends several). */
  paths: Pt[][]
  /** Fraction of each path where the card comes to rest. */
  rest: number[]
  /** Parked under a device: the point is the card's top centre, not its centre. */
  still: boolean
}

/** A card's largest size in flow units (a capsule: badge, outer and inner packet lines). */
export const CARD_W = 320
export const CARD_H = 76

/** The box a card at rest covers at most: what the camera keeps in view. */
export function cardBox(r: CardRoute): { x: number; y: number; w: number; h: number } {
  const p = pointAlong(r.paths[0]!, r.rest[0]!)
  return { x: p.x - CARD_W / 2, y: r.still ? p.y : p.y - CARD_H / 2, w: CARD_W, h: CARD_H }
}

/** Gap between a device's bottom edge and a card parked under it. */
const PARK_GAP = 6

function lengths(pts: Pt[]): number[] {
  return pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y))
}

export function pointAlong(pts: Pt[], t: number): Pt {
  const lens = lengths(pts)
  const total = lens.reduce((a, b) => a + b, 0) || 1
  let d = t * total
  for (let i = 0; i < lens.length; i++) {
    if (d <= lens[i]! || i === lens.length - 1) {
      const k = lens[i] ? Math.min(d / lens[i]!, 1) : 1
      const a = pts[i]!
      const b = pts[i + 1]!
      return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k }
    }
    d -= lens[i]!
  }
  return pts[pts.length - 1]!
}

/** The fraction of the path at height `y` on its first leg (a vertical drop to a wire). */
function restOnFirstLeg(pts: Pt[], y: number): number {
  const lens = lengths(pts)
  const total = lens.reduce((a, b) => a + b, 0)
  const a = pts[0]!
  const b = pts[1]!
  if (!total || b.y === a.y) return 0.5
  return (lens[0]! * Math.min(Math.max((y - a.y) / (b.y - a.y), 0), 1)) / total
}

/**
 * The fraction of the path where the card rests on its last leg: at height `y` when given (the
 * middle of the free gap the leg crosses), else halfway along the leg.
 */
function restOnLastLeg(pts: Pt[], y?: number): number {
  const lens = lengths(pts)
  const total = lens.reduce((a, b) => a + b, 0)
  if (!total) return 1
  const last = lens[lens.length - 1]!
  const a = pts[pts.length - 2]!
  const b = pts[pts.length - 1]!
  const k = y !== undefined && b.y !== a.y ? Math.min(Math.max((y - a.y) / (b.y - a.y), 0), 1) : 0.5
  return (total - last + last * k) / total
}

/** A card parked in the band under node `id` (a device, a pod or a host). */
export function parkUnder(nodes: GraphNode[], id: string): CardRoute | null {
  const n = nodes.find((g) => g.id === id)
  if (!n) return null
  const p = absolutePosition(nodes, id)
  const at = { x: p.x + n.w / 2, y: p.y + n.h + PARK_GAP }
  return { paths: [[at, at]], rest: [1], still: true }
}

/**
 * The card's route at a hop at device `dev` (the current hop's, a drop's resolved device), or
 * null when the hop is nowhere on the map. `actingId` is the node the step's badge speaks for.
 */
export function cardRoute(
  graph: { nodes: GraphNode[]; edges: GraphEdge[] },
  hop: HopEvent,
  dev: string | undefined,
  actingId?: string | null,
): CardRoute | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const boxOf = (id: string) => {
    const n = byId.get(id)
    if (!n) return null
    const p = absolutePosition(graph.nodes, id)
    return { x: p.x, y: p.y, w: n.w, h: n.h }
  }
  const centreOf = (id: string): Pt | null => {
    // (a device's centre: where links start and end)
    const b = boxOf(id)
    return b ? { x: b.x + b.w / 2, y: b.y + b.h / 2 } : null
  }
  const placeId = dev ? `${hop.netns}:${dev}` : `netns:${hop.netns}`
  // A hop in a host's own namespace at no device (a socket, a route lookup) is shown at the
  // device that acted in the step, else under the host.
  const fallback = actingId && byId.has(actingId) ? actingId : `host:${hop.host}`
  const place = boxOf(placeId) ?? boxOf(fallback)
  if (!place) return null
  const parked = () => parkUnder(graph.nodes, byId.has(placeId) ? placeId : fallback)!
  if (hop.kind !== 'link.xmit') return parked()
  const here = { x: place.x + place.w / 2, y: place.y + place.h / 2 }
  // The bar of the wire this NIC is on (a router's two NICs sit on two different wires).
  const wire = graph.edges.find((e) => e.kind === 'segment' && (e.source === placeId || e.target === placeId))
  const seg = (wire && byId.get(wire.source === placeId ? wire.target : wire.source)) ?? graph.nodes.find((n) => n.kind === 'segment')
  const hostBox = (id: string) => {
    let n = byId.get(id)
    while (n?.parent) n = byId.get(n.parent)
    return n ? boxOf(n.id) : null
  }
  const actingHost = actingId ? hostBox(actingId) : null
  const own = hostBox(byId.has(placeId) ? placeId : fallback) ?? place
  const legs = hop.to
    .map((x) => `${x.netns}:${x.dev}`)
    .map((id) => ({ dst: centreOf(id), host: hostBox(id) }))
    // A device sending to itself (loopback) has no link to ride: the card parks.
    .filter((l): l is { dst: Pt; host: ReturnType<typeof hostBox> } => !!l.dst && (l.dst.x !== here.x || l.dst.y !== here.y))
    .map(({ dst, host }) => {
      if (hop.via !== 'segment' || !seg) return { pts: [here, dst], rest: restOnLastLeg([here, dst]) }
      const bar = seg.y + seg.h / 2
      const pts = [here, { x: here.x, y: bar }, { x: dst.x, y: bar }, dst]
      // Rest in a free gap between a host box and the wire's bar, at the end where the device
      // that acted is, so the camera can keep both in view: on the way in when the receiving
      // host acted (its NIC's rule walk), else on the way out.
      const gap = (h: { y: number; h: number }, y: number) => (y < bar ? (h.y + h.h + seg.y) / 2 : (seg.y + seg.h + h.y) / 2)
      if (actingHost && host && actingHost.x === host.x && actingHost.y === host.y && (host.x !== own.x || host.y !== own.y))
        return { pts, rest: restOnLastLeg(pts, gap(host, dst.y)) }
      return { pts, rest: restOnFirstLeg(pts, gap(own, here.y)) }
    })
  // A transmit to no device on the map (a tunnel handing the packet back to the stack) stays put.
  if (!legs.length) return parked()
  return { paths: legs.map((l) => l.pts), rest: legs.map((l) => l.rest), still: false }
}
