/**
 * The packet card: what was done to the packet at this step (the badge; the device that did it
 * glows) over the packet itself (protocol, src → dst, a VXLAN capsule around its inner packet). It lives in React Flow's viewport (so it
 * pans and zooms with the map) and above the nodes; card-place.ts decides where it rests, always
 * in a band the layout keeps free of text. Why d3 on a ref instead of state: the card moves every
 * frame while a hop plays; only the step boundary goes through the store.
 */
import { useEffect, useMemo, useRef } from 'react'
import { ViewportPortal } from '@xyflow/react'
import { select } from 'd3-selection'
import 'd3-transition'
import { easeCubicInOut } from 'd3-ease'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../store'
import { selectCurrentHop, selectFlowGraph, selectHeaderDiff, selectReplyPackets } from '../../store/selectors'
import type { Frame } from '../../engine/wire/frame'
import { frameParts } from './packet-label'
import { selectActingId, selectCurrentDevice } from './acting'
import { reducedMotion } from '../shared/motion'
import { cardRoute, pointAlong, type Pt } from './card-place'
import { ActingBadge } from './ActingBadge'
import { useT } from '../i18n/useT'

/** The addresses one line of the card shows, the rewritten ones marked in text, not only colour. */
function FrameLine({ f, changed }: { f: Frame; changed: Set<string> }) {
  const t = useT()
  const p = frameParts(f, t)
  const mark = (which: 'src' | 'dst', text: string) =>
    changed.has(which) ? (
      <span className="pj-packet-changed" title={t('canvas.rewritten')}>
        {text} ✎
      </span>
    ) : (
      text
    )
  return (
    <span className="pj-packet-line">
      <b>{p.proto}</b> {p.src !== undefined ? <>{mark('src', p.src)} → {mark('dst', p.dst!)}</> : p.text}
    </span>
  )
}

export function PacketOverlay() {
  const hop = useAppStore(selectCurrentHop)
  const dev = useAppStore(selectCurrentDevice)
  const acting = useAppStore(selectActingId)
  const speed = useAppStore((s) => s.speed)
  const graph = useAppStore(useShallow((s) => selectFlowGraph(s)))
  const replies = useAppStore(useShallow((s) => [...selectReplyPackets(s)].join(',')))
  // Which endpoint of the innermost packet was rewritten since the packet's previous hop.
  const changed = useAppStore((s) => {
    const layers = selectHeaderDiff(s) ?? []
    const depth = Math.max(0, ...layers.map((l) => l.depth))
    const out: string[] = []
    for (const l of layers)
      if (l.depth === depth && !l.added && (l.name === 'IPv4' || l.name === 'TCP' || l.name === 'UDP'))
        for (const f of l.fields)
          if (f.before !== undefined) {
            if (f.name === 'src' || f.name === 'sport') out.push('src')
            if (f.name === 'dst' || f.name === 'dport') out.push('dst')
          }
    return [...new Set(out)].join(',')
  })
  const ref = useRef<HTMLDivElement>(null)

  const route = useMemo(() => (hop ? cardRoute(graph, hop, dev, acting) : null), [hop, dev, graph, acting])
  useEffect(() => {
    const el = ref.current
    if (!el || !route) return
    const cards = select(el).selectAll<HTMLDivElement, Pt[]>('.pj-card-glyph').data(route.paths)
    const place = (pts: Pt[], i: number, t: number) => {
      const p = pointAlong(pts, t * route.rest[i]!)
      return `translate(${p.x}px, ${p.y}px) translate(-50%, ${route.still ? '0' : '-50%'})`
    }
    if (route.still || reducedMotion()) {
      cards.interrupt().style('transform', (pts, i) => place(pts, i, 1))
      return
    }
    cards
      .interrupt()
      .style('transform', (pts, i) => place(pts, i, 0))
      .transition()
      .duration(650 / speed)
      .ease(easeCubicInOut)
      .styleTween('transform', (pts, i) => (t) => place(pts, i, t))
  }, [route, speed])

  if (!hop || !route) return null
  const reply = replies.split(',').includes(String(hop.packet))
  const marks = new Set(changed ? changed.split(',') : [])
  const f = hop.frame
  const parkStyle = (r: typeof route) => (r ? { transform: `translate(${r.paths[0]![0]!.x}px, ${r.paths[0]![0]!.y}px) translate(-50%, 0)` } : undefined)
  return (
    <ViewportPortal>
      <div ref={ref} className="pj-packet-layer" data-testid="canvas.packet">
        {route.paths.map((_, i) => (
          <div key={`${hop.seq}-${i}`} className="pj-card pj-card-glyph" style={route.still ? parkStyle(route) : undefined}>
            {i === 0 && <ActingBadge />}
            {f && (
              <div
                data-testid="canvas.packet.glyph"
                className={`pj-packet${hop.kind === 'drop' ? ' is-dropped' : ''}${reply ? ' is-reply' : ''}${f.inner ? ' is-capsule' : ''}${route.still ? ' is-still' : ''}`}
              >
                {f.inner ? (
                  <>
                    <span className="pj-packet-outer">
                      <FrameLine f={f} changed={new Set()} />
                      {f.vxlan ? ` · VNI ${f.vxlan.vni}` : ''}
                    </span>
                    <span className="pj-packet-inner">
                      <FrameLine f={f.inner} changed={marks} />
                    </span>
                  </>
                ) : (
                  <FrameLine f={f} changed={marks} />
                )}
              </div>
            )}
          </div>
        ))}
      </div>
    </ViewportPortal>
  )
}
