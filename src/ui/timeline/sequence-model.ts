/**
 * The sequence diagram as data: lanes grouped by node, one mark per frame on the wire (an arrow
 * between two lanes) or per thing a device did to the packet (a labelled point on its lane:
 * DNAT, VXLAN encap, a drop), and where everything goes on the page. Pure: the trace's own
 * events in, plain data out; no DOM, no store. Wording comes from the shared hop helpers
 * (describe-hop.ts) and the frame summary (packet-label.ts); nothing here decides datapath
 * behaviour.
 */
import type { HopEvent } from '../../engine/trace/events'
import type { Frame } from '../../engine/wire/frame'
import type { Category } from '../../store/types'
import { eventShown, isRealDrop, stepIndexAt, type Step } from '../../store/selectors'
import { frameLabel } from '../canvas/packet-label'
import { describeHop, dropLabel, hopBadge } from '../shared/describe-hop'
import type { Translate } from '../i18n/useT'

export interface Lane {
  /** `<netns> <dev>`, unique in the journey. */
  id: string
  host: string
  netns: string
  dev: string
  /** What the lane column shows: the pod's short name and the device (`pod-a eth0`), or the device. */
  label: string
}

export interface LaneGroup {
  host: string
  lanes: Lane[]
}

interface MarkBase {
  seq: number
  /** The short text drawn beside the mark (`SYN`, `ARP who-has`, `DNAT → 10.244.2.2:8080`). */
  label: string
  /** The full sentence, for the hover title and the accessible name. */
  title: string
}
export type Mark =
  | (MarkBase & { kind: 'arrow'; from: string; to: string[]; reply: boolean; arp: boolean })
  | (MarkBase & { kind: 'event'; lane: string; category: 'nat' | 'vxlan' | 'drop' })

export interface SequenceModel {
  groups: LaneGroup[]
  marks: Mark[]
}

/** A namespace's pod name (`node1/pod-a` → `pod-a`), or '' for a root namespace. */
const podOf = (netns: string) => (netns.includes('/') ? netns.slice(netns.indexOf('/') + 1) : '')

export function laneLabel(netns: string, dev: string): string {
  const pod = podOf(netns)
  return pod ? `${pod} ${dev}`.trim() : dev || netns
}

/**
 * The short name of a frame on an arrow, as people say it: TCP flags (`SYN`, `SYN-ACK`), the
 * ARP question or answer, a DNS query or answer, the HTTP request line or status, a TLS
 * record; a VXLAN frame names the frame it carries (`VXLAN[SYN]`). Anything else is the
 * protocol tcpdump would print (packet-label.ts).
 */
export function frameTag(f: Frame, t: Translate): string {
  if (f.inner) return `VXLAN[${frameTag(f.inner, t)}]`
  if (f.arp) return t(f.arp.op === 'request' ? 'seq.tag.arpRequest' : 'seq.tag.arpReply')
  const p = f.payload
  if (p?.kind === 'dns') return t(p.dns.qr === 'query' ? 'seq.tag.dnsQuery' : 'seq.tag.dnsAnswer')
  if (p?.kind === 'tls' && p.records[0]) return `TLS ${p.records[0].message}`
  if (p?.kind === 'text') {
    const line = p.text.split(/\r?\n/, 1)[0] ?? ''
    const req = /^([A-Z]+) (\S+) HTTP\/[\d.]+$/.exec(line)
    if (req) return `${req[1]} ${req[2]}`
    const res = /^HTTP\/[\d.]+ (\d{3})/.exec(line)
    if (res) return `HTTP ${res[1]}`
  }
  if (f.tcp) return f.tcp.flags.join('-') || 'TCP'
  return frameLabel(f, t).proto
}

/** The frame as tcpdump summarises it, inner frame included, for an arrow's title. */
export function frameTitle(f: Frame): string {
  const one = (x: Frame) => {
    const l = frameLabel(x)
    return `${l.proto} ${l.addrs}`
  }
  return f.inner ? `${one(f)} [${one(f.inner)}]` : one(f)
}

/** Events that get a mark of their own on their device's lane. */
function eventCategory(h: HopEvent): 'nat' | 'vxlan' | 'drop' | null {
  switch (h.kind) {
    case 'nat.dnat':
    case 'nat.snat':
    case 'nat.masquerade':
    case 'nat.reverse':
    case 'ipvs.dnat':
    case 'ipvs.snat':
      return 'nat'
    case 'vxlan.encap':
    case 'vxlan.decap':
    case 'vxlan.miss':
      return 'vxlan'
    case 'tcp.rst':
    case 'icmp.send':
      return 'drop'
    case 'drop':
      return isRealDrop(h) ? 'drop' : null
    default:
      return null
  }
}

/**
 * Lanes (grouped by node, each node and each node's lanes in the order the journey first
 * reaches them) and marks, for the events the filter shows.
 */
export function buildSequence(hops: HopEvent[], filter: readonly Category[], replies: ReadonlySet<number>, t: Translate): SequenceModel {
  const groups: LaneGroup[] = []
  const seen = new Set<string>()
  const lane = (host: string, netns: string, dev: string) => {
    const id = `${netns} ${dev}`.trim()
    if (!seen.has(id)) {
      seen.add(id)
      let g = groups.find((x) => x.host === host)
      if (!g) groups.push((g = { host, lanes: [] }))
      g.lanes.push({ id, host, netns, dev, label: laneLabel(netns, dev) })
    }
    return id
  }
  const marks: Mark[] = []
  for (const h of hops) {
    if (!eventShown(h, filter)) continue
    if (h.kind === 'link.xmit') {
      if (!h.dev || !h.to.length) continue
      const from = lane(h.host, h.netns, h.dev)
      const to = h.to.map((x) => lane(x.host, x.netns, x.dev))
      marks.push({
        kind: 'arrow',
        seq: h.seq,
        from,
        to,
        reply: replies.has(h.packet),
        arp: !!(h.frame?.arp || h.frame?.inner?.arp),
        label: h.frame ? frameTag(h.frame, t) : '',
        title: `${h.frame ? `${frameTitle(h.frame)} — ` : ''}${describeHop(h, t)}`,
      })
      continue
    }
    const category = eventCategory(h)
    if (!category) continue
    const label = h.kind === 'drop' ? dropLabel(h, hops, t) : hopBadge(h, t)
    marks.push({ kind: 'event', seq: h.seq, lane: lane(h.host, h.netns, h.dev ?? ''), category, label, title: describeHop(h, t) })
  }
  return { groups, marks }
}

/**
 * Breaks a lane label into lines no wider than `max` (measured by `width`), after a hyphen,
 * dot, slash or space where it can, so a long pod name wraps instead of being cut.
 */
export function wrapLabel(text: string, max: number, width: (s: string) => number): string[] {
  const parts = text.match(/[^-./ ]+[-./ ]?|[-./ ]/g) ?? [text]
  const lines: string[] = []
  let cur = ''
  const push = (s: string) => {
    if (s.trim()) lines.push(s.trimEnd())
  }
  for (let part of parts) {
    if (width(cur + part.trimEnd()) <= max) {
      cur += part
      continue
    }
    push(cur)
    cur = ''
    // A piece longer than the line on its own (a hash) is split where it must be.
    while (width(part.trimEnd()) > max) {
      let n = part.length - 1
      while (n > 1 && width(part.slice(0, n)) > max) n--
      lines.push(part.slice(0, n))
      part = part.slice(n)
    }
    cur = part.trimStart()
  }
  push(cur)
  return lines.length ? lines : ['']
}

export interface LayoutOptions {
  /** Width of a string in the diagram's label font, in px. */
  width: (s: string) => number
  /** Line height of that font, in px. */
  lineH: number
  /** The widest the lane column may be. */
  maxLabelW: number
}

export interface LaidLane extends Lane {
  y: number
  lines: string[]
}
export interface LaidGroup {
  host: string
  /** Baseline of the node's heading. */
  y: number
  /** Top and bottom of the group's band. */
  top: number
  bottom: number
}
export interface LaidMark {
  mark: Mark
  /** Where the mark's line or point is drawn, and its column's width. */
  x: number
  w: number
  /** Lane y's the mark touches, top to bottom. */
  y1: number
  y2: number
}
export interface SequenceLayout {
  labelW: number
  lanes: LaidLane[]
  groups: LaidGroup[]
  marks: LaidMark[]
  width: number
  height: number
}

const PAD = 8
const MIN_COL = 26
const LABEL_GAP = 5

export function layoutSequence(model: SequenceModel, o: LayoutOptions): SequenceLayout {
  const all = model.groups.flatMap((g) => g.lanes)
  const widest = Math.max(0, ...all.map((l) => o.width(l.label)), ...model.groups.map((g) => o.width(g.host)))
  const labelW = Math.ceil(Math.min(o.maxLabelW, widest + 2 * PAD))
  const lanes: LaidLane[] = []
  const groups: LaidGroup[] = []
  let y = 0
  for (const g of model.groups) {
    const top = y
    y += o.lineH + 4
    groups.push({ host: g.host, y: y - 4, top, bottom: 0 })
    for (const l of g.lanes) {
      const lines = wrapLabel(l.label, labelW - 2 * PAD, o.width)
      const h = Math.max(o.lineH + 10, lines.length * o.lineH + 6)
      lanes.push({ ...l, lines, y: y + h / 2 })
      y += h
    }
    groups[groups.length - 1]!.bottom = y
    y += 4
  }
  const laneY = new Map(lanes.map((l) => [l.id, l.y]))
  let x = PAD
  const marks: LaidMark[] = model.marks.map((mark) => {
    const ys = mark.kind === 'arrow' ? [mark.from, ...mark.to].map((id) => laneY.get(id)!) : [laneY.get(mark.lane)!]
    const w = Math.max(MIN_COL, Math.ceil(o.width(mark.label)) + 2 * LABEL_GAP + 4)
    const m = { mark, x: x + 4, w, y1: Math.min(...ys), y2: Math.max(...ys) }
    x += w
    return m
  })
  return { labelW, lanes, groups, marks, width: x + PAD, height: y }
}

/**
 * The marks of the current step: those inside its range of hops, else (a step with nothing on
 * the wire, a route lookup) the last mark before it — where the packet is. Returns their seqs.
 */
export function currentMarks(marks: readonly Mark[], step: Step | null, position: number): Set<number> {
  if (!step || position <= 0) return new Set()
  const inside = marks.filter((m) => m.seq >= step.first && m.seq <= Math.min(step.last, position))
  if (inside.length) return new Set(inside.map((m) => m.seq))
  const before = marks.filter((m) => m.seq <= position).pop()
  return new Set(before ? [before.seq] : [])
}

/** The position a click on a mark goes to: its step's end, or null when that is the current step. */
export function stepForMark(steps: readonly Step[], seq: number, position: number): number | null {
  const i = stepIndexAt(steps as Step[], seq)
  const st = steps[i]
  if (!st) return seq
  const cur = stepIndexAt(steps as Step[], position)
  if (position > 0 && cur === i) return null
  return st.last
}
