/**
 * The canvas at the current step as a standalone SVG document, drawn from the store's plain
 * graph (store/graph.ts), not scraped from the DOM: React Flow's DOM is HTML boxes inside a
 * transformed viewport, which no SVG viewer or slide tool would render. Every name and address
 * is real <text>, so the file can be searched, copied from and translated.
 * Fixed light colours whatever the page theme: an export ends up on white slides and paper.
 * Pure: state in, string out, no DOM (runs in the unit tests under Node).
 */
import { absolutePosition, type GraphEdge, type GraphNode } from '../../store/graph'
import { selectFlowGraph, selectPosition } from '../../store/selectors'
import type { AppState } from '../../store/types'
import { selectActingId, selectDrop } from '../canvas/acting'
import { translate } from '../i18n/useT'

const PAD = 24
const HEAD_H = 64
const MONO = "'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace"
const SANS = "'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', sans-serif"

// The light theme's palette (theme.css), each text colour at least 4.5:1 on its fill.
const C = {
  text: '#1b1f24',
  muted: '#4f5863',
  hostFill: '#f3f7fb',
  hostStroke: '#9fb3c8',
  podFill: '#ffffff',
  podStroke: '#7b8794',
  devFill: '#f7f9fb',
  devStroke: '#aab2bd',
  bridge: '#0072b2',
  routing: '#009e73',
  vxlan: '#6a3d9a',
  link: '#8a939e',
  segmentFill: '#e9edf2',
  acting: '#e69f00',
  actingFill: '#fff3d6',
  drop: '#d55e00',
  dropFill: '#fde6d9',
}

const DEVICE_STROKE: Record<string, string> = { bridge: C.bridge, vxlan: C.vxlan, ether: C.routing }
const EDGE_STROKE: Record<GraphEdge['kind'], string> = { veth: C.link, 'bridge-port': C.bridge, segment: C.link, vxlan: C.vxlan }

/** Text safe inside an XML element or attribute; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** Cuts text to what fits `width` px at `px` font size, by an average glyph width (no measuring in Node). */
function fit(text: string, width: number, px: number, mono = true): string {
  const max = Math.max(1, Math.floor(width / (px * (mono ? 0.61 : 0.56))))
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A font size at most `px` at which a real name or address fits `width`: shrunk, never cut. */
function fitSize(text: string, width: number, px: number, mono = true): number {
  const need = text.length * (mono ? 0.61 : 0.56)
  return Math.max(8, Math.min(px, Math.floor((width / need) * 10) / 10))
}

function text(x: number, y: number, body: string, attrs: string): string {
  return `<text x="${x}" y="${y}" ${attrs}>${escapeXml(body)}</text>`
}

/** The SVG of the canvas at the store's current step, titled with the scenario and the step. */
export function canvasSvg(s: AppState): string {
  const { nodes, edges } = selectFlowGraph(s)
  const abs = new Map(nodes.map((n) => [n.id, absolutePosition(nodes, n.id)]))
  const box = (n: GraphNode) => ({ ...abs.get(n.id)!, w: n.w, h: n.h })
  const right = Math.max(300, ...nodes.map((n) => box(n).x + n.w))
  const bottom = Math.max(0, ...nodes.map((n) => box(n).y + n.h))
  const width = Math.ceil(right + 2 * PAD)
  const height = Math.ceil(bottom + HEAD_H + 2 * PAD)

  const acting = selectActingId(s)
  const dropped = acting !== null && selectDrop(s) !== null
  const mark = (n: GraphNode) => (n.id !== acting ? null : dropped ? { stroke: C.drop, fill: C.dropFill } : { stroke: C.acting, fill: C.actingFill })

  const title = s.meta?.title[s.locale] ?? s.scenarioId ?? s.fileName
  const pos = selectPosition(s)
  const stepText = translate(s.locale, 'step.counter', { n: pos.index + 1, total: pos.total })
  const actingNode = nodes.find((n) => n.id === acting)
  const actingHost = actingNode && nodes.find((n) => n.id === hostOf(nodes, actingNode))
  const subtitle = actingNode ? `${stepText} · ${actingHost && actingHost !== actingNode ? `${actingHost.label} ` : ''}${actingNode.label}` : stepText

  const out: string[] = []
  out.push(
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${SANS}">`,
    `<title>${escapeXml(`${title} — ${stepText}`)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    text(PAD, PAD + 22, fit(title, width - 2 * PAD, 22, false), `font-size="22" font-weight="700" fill="${C.text}"`),
    text(PAD, PAD + 48, fit(subtitle, width - 2 * PAD, 15, false), `font-size="15" fill="${C.muted}"`),
    `<g transform="translate(${PAD} ${PAD + HEAD_H})">`,
  )
  // Painter's order: containers, then wires, then devices on top so wires end under their boxes.
  for (const n of nodes.filter((x) => x.kind === 'host')) out.push(hostSvg(n, box(n), mark(n)))
  for (const n of nodes.filter((x) => x.kind === 'segment')) out.push(segmentSvg(n, box(n)))
  for (const n of nodes.filter((x) => x.kind === 'pod')) out.push(podSvg(n, box(n), mark(n)))
  const byId = new Map(nodes.map((n) => [n.id, n]))
  for (const e of edges) {
    const a = byId.get(e.source)
    const b = byId.get(e.target)
    if (a && b) out.push(edgeSvg(e, box(a), box(b)))
  }
  for (const n of nodes.filter((x) => x.kind === 'device')) out.push(deviceSvg(n, box(n), mark(n)))
  out.push('</g>', '</svg>', '')
  return out.join('\n')
}

type Box = { x: number; y: number; w: number; h: number }
type Mark = { stroke: string; fill: string } | null

function hostOf(nodes: GraphNode[], n: GraphNode): string | undefined {
  let cur: GraphNode | undefined = n
  while (cur?.parent) cur = nodes.find((x) => x.id === cur!.parent)
  return cur?.id
}

function hostSvg(n: GraphNode, b: Box, m: Mark): string {
  const head = `${n.label}${n.sub ? ` · ${n.sub}` : ''}`
  return [
    `<g data-id="${escapeXml(n.id)}">`,
    `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="14" fill="${m?.fill ?? C.hostFill}" stroke="${m?.stroke ?? C.hostStroke}" stroke-width="${m ? 4 : 2}"/>`,
    text(b.x + 14, b.y + 27, fit(head, b.w - 28, 16, false), `font-size="16" font-weight="600" fill="${C.text}"`),
    '</g>',
  ].join('')
}

function segmentSvg(n: GraphNode, b: Box): string {
  return [
    `<g data-id="${escapeXml(n.id)}">`,
    `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" fill="${C.segmentFill}" stroke="${C.link}" stroke-width="1.5"/>`,
    text(b.x + 12, b.y + b.h / 2 + 5, n.label, `font-size="14" font-family="${MONO}" fill="${C.text}"`),
    '</g>',
  ].join('')
}

function podSvg(n: GraphNode, b: Box, m: Mark): string {
  return [
    `<g data-id="${escapeXml(n.id)}">`,
    `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="12" fill="${m?.fill ?? C.podFill}" stroke="${m?.stroke ?? C.podStroke}" stroke-width="${m ? 4 : 2}"/>`,
    text(b.x + 10, b.y + 21, n.label, `font-size="${fitSize(n.label, b.w - 20, 14, false)}" font-weight="600" fill="${C.text}"`),
    n.sub ? text(b.x + 10, b.y + 39, fit(n.sub, b.w - 20, 12, false), `font-size="12" fill="${C.muted}"`) : '',
    '</g>',
  ].join('')
}

function deviceSvg(n: GraphNode, b: Box, m: Mark): string {
  const d = n.device
  const stroke = m?.stroke ?? DEVICE_STROKE[d?.type ?? ''] ?? C.devStroke
  const dash = d?.type === 'vxlan' && !m ? ' stroke-dasharray="6 4"' : ''
  const addrs = d?.addrs ?? (n.sub ? [n.sub] : [])
  // Three lines fit in a device box: name, address, then the type and any second address.
  const second = addrs.length > 2 ? `${addrs[1]} +${addrs.length - 2}` : (addrs[1] ?? '')
  const inner = b.w - 18
  const type = d ? (d.type === 'ether' ? 'NIC' : d.type) : ''
  const line = (y: number, body: string, px: number, style: string) =>
    text(b.x + 9, y, body, `font-size="${fitSize(body, inner, px)}" font-family="${MONO}" ${style}`)
  return [
    `<g data-id="${escapeXml(n.id)}">`,
    `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="${m?.fill ?? C.devFill}" stroke="${stroke}" stroke-width="${m ? 4 : 2}"${dash}/>`,
    line(b.y + 19, n.label, 14, `font-weight="700" fill="${C.text}"`),
    addrs[0] ? line(b.y + 35, addrs[0], 12, `fill="${C.text}"`) : '',
    second ? text(b.x + 9, b.y + 50, second, `font-size="${fitSize(second, inner - 40, 10.5)}" font-family="${MONO}" fill="${C.muted}"`) : '',
    type ? text(b.x + b.w - 9, b.y + 50, type, `font-size="10" text-anchor="end" fill="${C.muted}"`) : '',
    '</g>',
  ].join('')
}

function edgeSvg(e: GraphEdge, a: Box, b: Box): string {
  const ax = a.x + a.w / 2
  const ay = a.y + a.h / 2
  const bx = b.x + b.w / 2
  const by = b.y + b.h / 2
  const stroke = EDGE_STROKE[e.kind]
  const attrs = `fill="none" stroke="${stroke}" stroke-width="2"`
  if (e.kind === 'segment') {
    // A NIC drops straight down (or up) to its bar, as on the canvas.
    const y = by > ay ? b.y : b.y + b.h
    return `<line x1="${ax}" y1="${ay}" x2="${ax}" y2="${y}" ${attrs}/>`
  }
  if (e.kind === 'vxlan') {
    const sy = a.y + a.h
    const ty = b.y + b.h
    const dip = 58
    return `<path d="M ${ax},${sy} C ${ax},${sy + dip} ${bx},${ty + dip} ${bx},${ty}" ${attrs} stroke-dasharray="7 5"/>`
  }
  return `<line x1="${ax}" y1="${ay}" x2="${bx}" y2="${by}" ${attrs}/>`
}
