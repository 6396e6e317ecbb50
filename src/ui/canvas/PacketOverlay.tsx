/**
 * The packet glyph. It lives in React Flow's viewport (so it pans and zooms with the map) and
 * above the nodes. Why d3 on a ref instead of state: the glyph moves every frame while a hop
 * plays; only the step boundary goes through the store, the in-between positions never do.
 */
import { useEffect, useMemo, useRef } from 'react'
import { ViewportPortal } from '@xyflow/react'
import { select } from 'd3-selection'
import 'd3-transition'
import { easeCubicInOut } from 'd3-ease'
import { useAppStore } from '../../store'
import { selectCurrentHop, selectFlowGraph, selectReplyPackets } from '../../store/selectors'
import { absolutePosition, type GraphNode } from '../../store/graph'
import { glyphText } from './packet-label'
import { selectCurrentDevice } from './acting'
import { reducedMotion } from '../shared/motion'
import { useShallow } from 'zustand/react/shallow'

type Pt = { x: number; y: number }


function pointAlong(pts: Pt[], t: number): Pt {
  const lens = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y))
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

export function PacketOverlay() {
  const hop = useAppStore(selectCurrentHop)
  const dev = useAppStore(selectCurrentDevice)
  const speed = useAppStore((s) => s.speed)
  const graph = useAppStore(useShallow((s) => selectFlowGraph(s)))
  const replies = useAppStore(useShallow((s) => [...selectReplyPackets(s)].join(',')))
  const ref = useRef<HTMLDivElement>(null)

  const route = useMemo(() => {
    if (!hop || !hop.frame) return null
    const nodes = graph.nodes
    const byId = new Map(nodes.map((n) => [n.id, n]))
    const centerOf = (id: string): Pt | null => {
      const n: GraphNode | undefined = byId.get(id)
      if (!n) return null
      const p = absolutePosition(nodes, id)
      return { x: p.x + n.w / 2, y: p.y + n.h / 2 }
    }
    const placeId = dev ? `${hop.netns}:${dev}` : `netns:${hop.netns}`
    const here = centerOf(placeId) ?? centerOf(`host:${hop.host}`)
    if (!here) return null
    const place = byId.get(placeId)
    // Parked at the acting device's left edge, never over its name (a dropped packet stops there).
    const parked = () => {
      const at = { x: here.x - (place ? place.w / 2 : 0) - 4, y: here.y }
      return { paths: [[at, at]], still: true }
    }
    if (hop.kind !== 'link.xmit') return parked()
    // The bar of the wire this NIC is on (a router's two NICs sit on two different wires).
    const wire = graph.edges.find((e) => e.kind === 'segment' && (e.source === placeId || e.target === placeId))
    const seg = (wire && byId.get(wire.source === placeId ? wire.target : wire.source)) ?? nodes.find((n) => n.kind === 'segment')
    const paths = hop.to
      .map((x) => centerOf(`${x.netns}:${x.dev}`))
      .filter((p): p is Pt => !!p)
      .map((dst) =>
        hop.via === 'segment' && seg
          ? [here, { x: here.x, y: seg.y + seg.h / 2 }, { x: dst.x, y: seg.y + seg.h / 2 }, dst]
          : [here, dst],
      )
    // A transmit to no device on the map (a tunnel handing the packet back to the stack) stays put.
    return paths.length ? { paths, still: false } : parked()
  }, [hop, dev, graph])

  useEffect(() => {
    const el = ref.current
    if (!el || !route) return
    const glyphs = select(el).selectAll<HTMLDivElement, Pt[]>('.pj-packet').data(route.paths)
    // The glyph rests on the wire just short of the device, never on top of its name.
    const END = route.still ? 1 : 0.78
    const place = (pts: Pt[], t: number) => {
      const p = pointAlong(pts, t * END)
      return route.still
        ? `translate(${p.x}px, ${p.y}px) translate(-100%, -50%)`
        : `translate(${p.x}px, ${p.y}px) translate(-50%, -50%)`
    }
    if (route.still || reducedMotion()) {
      glyphs.interrupt().style('transform', (pts) => place(pts, 1))
      return
    }
    glyphs
      .interrupt()
      .style('transform', (pts) => place(pts, 0))
      .transition()
      .duration(650 / speed)
      .ease(easeCubicInOut)
      .styleTween('transform', (pts) => (t) => place(pts, t))
  }, [route, speed])

  if (!hop?.frame || !route) return null
  const reply = replies.split(',').includes(String(hop.packet))
  const text = glyphText(hop.frame)
  return (
    <ViewportPortal>
      <div ref={ref} className="pj-packet-layer" data-testid="canvas.packet">
        {route.paths.map((_, i) => (
          <div key={`${hop.seq}-${i}`} data-testid="canvas.packet.glyph" className={`pj-packet${hop.kind === 'drop' ? ' is-dropped' : ''}${reply ? ' is-reply' : ''}${hop.frame?.inner ? ' is-capsule' : ''}${route.still ? ' is-still' : ''}`}>
            {hop.frame?.inner ? <span className="pj-packet-inner">{text}</span> : text}
          </div>
        ))}
      </div>
    </ViewportPortal>
  )
}
