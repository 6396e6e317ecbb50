/**
 * Follow the packet in a small frame: which part of the map to show at a step. Pure geometry
 * over the laid-out graph (store/graph.ts), so it is tested in Node and the canvas only applies
 * the answer.
 *
 * The rule: never zoom below the zoom at which the canvas's smallest text renders at the readable
 * size for this screen (readablePx); show the whole map when it fits (a large frame needs no camera work), else the
 * acting device's whole host when it fits, otherwise the acting device and
 * where its frame goes, otherwise the acting device alone. Stay put while everything that
 * matters is comfortably inside the view, so stepping inside one host does not jiggle the map.
 */
import { absolutePosition, SMALLEST_TEXT, type GraphNode } from '../../store/graph'

/**
 * The smallest size canvas text may render at, in CSS px, for a window of w × h: 12 on a
 * 1280×720 laptop, 16 on a 1920×1080 projector, in between linearly; the embed player's small
 * frame allows 11; presenter mode, made for the back of a room, a quarter bigger again.
 */
export function readablePx(w: number, h: number, mode: 'main' | 'embed' | 'presenter' = 'main'): number {
  if (mode === 'embed') return 11
  const k = Math.min(Math.max((Math.min(w / 1280, h / 720) - 1) / 0.5, 0), 1)
  const px = 12 + 4 * k
  return mode === 'presenter' ? px * 1.25 : px
}

/** The least zoom at which text of `px` CSS px stays readable. */
export const minZoomFor = (px: number) => px / SMALLEST_TEXT
/** The embed player's least zoom. */
export const MIN_ZOOM = minZoomFor(readablePx(0, 0, 'embed'))
/** Larger than this (or the least readable zoom), a small host fills a frame with a few giant boxes. */
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

/** Room kept around what is shown: a drop marker sits above a device (the card is a box of its own). */
const PAD_X = 24
const PAD_TOP = 48
const PAD_BOTTOM = 16

function fitZoom(b: Box, w: number, h: number): number {
  return Math.min(w / (b.w + 2 * PAD_X), h / (b.h + PAD_TOP + PAD_BOTTOM))
}

function centred(b: Box, zoom: number): Viewport {
  // The badge room sits above the box, so the centre moves up by half the difference.
  return { cx: b.x + b.w / 2, cy: b.y + b.h / 2 - (PAD_TOP - PAD_BOTTOM) / 2, zoom }
}

/**
 * The view at `zoom` that keeps box `b` inside it and shows as much of `toward` (the packet card)
 * as it can: the centre goes to the card's centre, held back where `b` would leave the view.
 */
function towards(b: Box, toward: Box | undefined, zoom: number, w: number, h: number): Viewport {
  const c = centred(b, zoom)
  if (!toward) return c
  const hw = w / 2 / zoom
  const hh = h / 2 / zoom
  const clamp = (v: number, lo: number, hi: number) => (lo > hi ? (lo + hi) / 2 : Math.min(Math.max(v, lo), hi))
  return {
    cx: clamp(toward.x + toward.w / 2, b.x + b.w + PAD_X - hw, b.x - PAD_X + hw),
    cy: clamp(toward.y + toward.h / 2, b.y + b.h + PAD_BOTTOM - hh, b.y - PAD_TOP + hh),
    zoom,
  }
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
export function follow(
  nodes: GraphNode[],
  focus: string[],
  w: number,
  h: number,
  current: Viewport | null,
  minZoom: number = MIN_ZOOM,
  extra: Box[] = [],
): Viewport | null {
  const boxes = [...focus.map((id) => boxOf(nodes, id)).filter((b): b is Box => b !== null), ...extra]
  if (!boxes.length || w <= 0 || h <= 0) return null
  // What must be seen: the device that acts and the packet card (the last extra box); when the
  // two do not fit together (a small embed frame), the device.
  const card = extra[extra.length - 1]
  const acting = card ? union([boxes[0]!, card]) : boxes[0]!
  const reach = union(boxes)
  const host = boxOf(nodes, hostOf(nodes, focus[0]!))
  const context = host ? union([reach, host]) : reach
  const tops = nodes.filter((n) => !n.parent).map((n) => boxOf(nodes, n.id)).filter((b): b is Box => b !== null)
  const candidates: Box[] = [...(tops.length ? [union(tops)] : []), context, reach, acting]
  const clamp = (z: number) => Math.min(z, Math.max(MAX_ZOOM, minZoom * 1.15))
  let target: Viewport = towards(boxes[0]!, card, minZoom, w, h)
  for (const [i, b] of candidates.entries()) {
    const z = fitZoom(b, w, h)
    if (z >= minZoom) {
      // The whole map is shown as large as it fits; a part of it at the least readable zoom,
      // which keeps the most of its surroundings in view.
      target = centred(b, i === 0 && tops.length ? clamp(z) : minZoom)
      break
    }
  }
  if (current && current.zoom >= minZoom - 1e-6) {
    // Already readable and everything needed is in view: keep still.
    const fits = (b: Box) => b.w + 2 * PAD_X <= w / current.zoom && b.h + PAD_TOP + PAD_BOTTOM <= h / current.zoom
    const need = fits(reach) ? reach : fits(acting) ? acting : boxes[0]!
    if (inView(need, current, w, h)) return null
  }
  return target
}
