import { useEffect, useMemo, useRef } from 'react'
import { useReactFlow } from '@xyflow/react'
import { useAppStore } from '../../store'
import { selectCurrentHop, selectFlowGraph } from '../../store/selectors'
import { selectActingId, selectActiveLink, selectCurrentDevice } from './acting'
import { cardBox, cardRoute } from './card-place'
import { follow, type Viewport } from './follow'
import { reducedMotion } from '../shared/motion'


/**
 * Keeps the acting device (and where its frame goes) in view at a readable zoom (`minZoom`), the
 * whole map when it fits. Before the first step it shows where the journey starts.
 */
export function FollowPacket({ minZoom }: { minZoom: number }) {
  const { setCenter, getViewport } = useReactFlow()
  const graph = useAppStore((s) => selectFlowGraph(s))
  const acting = useAppStore((s) => selectActingId(s) ?? (s.hops[0]?.dev ? `${s.hops[0].netns}:${s.hops[0].dev}` : null))
  // A string, so the answer compares equal while the frame's targets are the same.
  const reach = useAppStore((s) => selectActiveLink(s)?.to.join(' ') ?? '')
  // Where the packet card rests (it may sit at another device than the one that acted).
  const hop = useAppStore(selectCurrentHop)
  const dev = useAppStore(selectCurrentDevice)
  const card = useMemo(() => {
    const r = hop ? cardRoute(graph, hop, dev, acting) : null
    return r ? cardBox(r) : null
  }, [hop, dev, graph, acting])
  const size = useRef({ w: 0, h: 0 })
  const moved = useRef(0)
  // The resize observer outlives renders: it reads what to follow from here, never a stale closure.
  const latest = useRef({ acting, reach, graph, minZoom, card })
  latest.current = { acting, reach, graph, minZoom, card }

  const apply = (instant: boolean) => {
    const { acting, reach, graph, minZoom, card } = latest.current
    if (!acting || !graph.nodes.length) return
    const { w, h } = size.current
    const vp = getViewport()
    const current: Viewport | null = w ? { cx: (w / 2 - vp.x) / vp.zoom, cy: (h / 2 - vp.y) / vp.zoom, zoom: vp.zoom } : null
    const next = follow(graph.nodes, [acting, ...(reach ? reach.split(' ') : [])], w, h, moved.current ? current : null, minZoom, card ? [card] : [])
    if (!next) return
    moved.current++
    void setCenter(next.cx, next.cy, { zoom: next.zoom, duration: instant || reducedMotion() ? 0 : 450 })
  }

  useEffect(() => {
    const el = document.querySelector('.pj-canvas')
    if (!el) return
    const ro = new ResizeObserver(([entry]) => {
      const r = entry!.contentRect
      size.current = { w: r.width, h: r.height }
      // A new frame size re-decides the whole view.
      moved.current = 0
      apply(true)
    })
    ro.observe(el)
    return () => ro.disconnect()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    apply(moved.current === 0)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [acting, reach, graph, card])

  useEffect(() => {
    // Another readable size (window resized, presenter mode) re-decides the whole view.
    moved.current = 0
    apply(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minZoom])
  return null
}
