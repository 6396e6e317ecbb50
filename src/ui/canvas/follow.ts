/**
 * Follow the packet in a small frame: which part of the map to show at a step. Pure geometry
 * over the laid-out graph (store/graph.ts), so it is tested in Node and the canvas only applies
 * the answer.
 *
 * The rule: never zoom below MIN_ZOOM (node text is ≥ 11 px at zoom 1, so labels never render
 * smaller); show the whole map when it fits (a large frame needs no camera work), else the
 * acting device's whole host when it fits, otherwise the acting device and
 * where its frame goes, otherwise the acting device alone. Stay put while everything that
 * matters is comfortably inside the view, so stepping inside one host does not jiggle the map.
 */
import { absolutePosition, type GraphNode } from '../../store/graph'

/** Node text is 11–15 px at zoom 1 (app.css); below 1 a label would drop under 11 CSS px. */
export const MIN_ZOOM = 1
/** Larger than this, a small host fills a frame with a few giant boxes. */
export const MAX_ZOOM = 1.35

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export interface Viewport {
  /** Flow coordinates of the view's centre. */
  cx: number
  cy: number
  zoom: number
}

export function boxOf(nodes: GraphNode[], id: string): Box | null {
  const n = nodes.find((g) => g.id === id)
  if (!n) return null
  const p = absolutePosition(nodes, id)
  return { x: p.x, y: p.y, w: n.w, h: n.h }
}

function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x))
  const y = Math.min(...boxes.map((b) => b.y))
  const r = Math.max(...boxes.map((b) => b.x + b.w))
  const btm = Math.max(...boxes.map((b) => b.y + b.h))
  return { x, y, w: r - x, h: btm - y }
}

/** The host (top-level box) a node sits in. */
function hostOf(nodes: GraphNode[], id: string): string {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  let n = byId.get(id)
  while (n?.parent) n = byId.get(n.parent)
  return n?.id ?? id
}

/** Room kept around what is shown: badges sit above a device, the packet pill beside it. */
const PAD_X = 24
const PAD_TOP = 56
const PAD_BOTTOM = 16

function fitZoom(b: Box, w: number, h: number): number {
  return Math.min(w / (b.w + 2 * PAD_X), h / (b.h + PAD_TOP + PAD_BOTTOM))
}

function centred(b: Box, zoom: number): Viewport {
  // The badge room sits above the box, so the centre moves up by half the difference.
  return { cx: b.x + b.w / 2, cy: b.y + b.h / 2 - (PAD_TOP - PAD_BOTTOM) / 2, zoom }
}

/** Whether a box lies inside the view with a margin, at the view's zoom. */
export function inView(b: Box, v: Viewport, w: number, h: number): boolean {
  const hw = w / 2 / v.zoom
  const hh = h / 2 / v.zoom
  return b.x - PAD_X >= v.cx - hw && b.x + b.w + PAD_X <= v.cx + hw && b.y - PAD_TOP >= v.cy - hh && b.y + b.h + PAD_BOTTOM <= v.cy + hh
}

/**
 * Where the view should go for the acting node (`focus[0]`) and the nodes its frame reaches
 * (`focus[1..]`), in a view of w × h CSS px. Null when the current view already shows them at a
 * readable zoom (nothing to do).
 */
export function follow(nodes: GraphNode[], focus: string[], w: number, h: number, current: Viewport | null): Viewport | null {
  const boxes = focus.map((id) => boxOf(nodes, id)).filter((b): b is Box => b !== null)
  if (!boxes.length || w <= 0 || h <= 0) return null
  const acting = boxes[0]!
  const reach = union(boxes)
  const host = boxOf(nodes, hostOf(nodes, focus[0]!))
  const context = host ? union([reach, host]) : reach
  const tops = nodes.filter((n) => !n.parent).map((n) => boxOf(nodes, n.id)).filter((b): b is Box => b !== null)
  const candidates: Box[] = [...(tops.length ? [union(tops)] : []), context, reach]
  const clamp = (z: number) => Math.min(z, MAX_ZOOM)
  let target: Viewport = centred(acting, MIN_ZOOM)
  for (const b of candidates) {
    const z = fitZoom(b, w, h)
    if (z >= MIN_ZOOM) {
      target = centred(b, clamp(z))
      break
    }
  }
  if (current && current.zoom >= MIN_ZOOM - 1e-6) {
    // Already readable and everything needed is in view: keep still.
    const need = reach.w + 2 * PAD_X <= w / current.zoom && reach.h + PAD_TOP + PAD_BOTTOM <= h / current.zoom ? reach : acting
    if (inView(need, current, w, h)) return null
  }
  return target
}
