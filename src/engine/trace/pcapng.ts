/**
 * The journey as a pcapng capture (draft-ietf-opsawg-pcapng): a Section Header Block, one
 * Interface Description Block per (namespace, device) the packet crossed (link type 1,
 * LINKTYPE_ETHERNET; if_name `<netns>/<dev>`, if_description naming the host; if_tsresol left at
 * its default, microseconds), and one Enhanced Packet Block per sighting: every `link.xmit`
 * (outbound) and `link.recv` (inbound) hop with a frame, as tcpdump on that device would show it,
 * with epb_flags giving the direction and opt_comment naming the hop. Timestamps are the
 * trace's virtual clock (µs since the journey started) plus `startMicros`.
 *
 * All blocks little-endian, as the byte-order magic 0x1A2B3C4D written that way says.
 */
import { utf8Bytes } from '../wire/bytes'
import { encodeFrame } from '../wire/frame-bytes'
import type { HopEvent, Trace } from './events'

const SHB = 0x0a0d0d0a
const IDB = 0x00000001
const EPB = 0x00000006
const LINKTYPE_ETHERNET = 1
const SNAPLEN = 262144
const OPT_ENDOFOPT = 0
const OPT_COMMENT = 1
const SHB_USERAPPL = 4
const IF_NAME = 2
const IF_DESCRIPTION = 3
const EPB_FLAGS = 2
/** epb_flags bits 0-1: 01 inbound, 10 outbound. */
const INBOUND = 1
const OUTBOUND = 2

class LeWriter {
  private parts: number[] = []
  get length(): number {
    return this.parts.length
  }
  u16(v: number): this {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff)
    return this
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(Math.floor(v / 0x10000) & 0xffff)
  }
  bytes(b: Uint8Array): this {
    for (const x of b) this.parts.push(x)
    return this.pad()
  }
  pad(): this {
    while (this.parts.length % 4) this.parts.push(0)
    return this
  }
  option(code: number, value: Uint8Array): this {
    return this.u16(code).u16(value.length).bytes(value)
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

/** A block: type, total length, body, total length again. */
function block(type: number, body: Uint8Array): Uint8Array {
  const len = 12 + body.length
  return new LeWriter().u32(type).u32(len).bytes(body).u32(len).finish()
}

function withOptions(w: LeWriter, options: [number, Uint8Array][]): Uint8Array {
  for (const [code, value] of options) w.option(code, value)
  if (options.length) w.u16(OPT_ENDOFOPT).u16(0)
  return w.finish()
}

/** One captured frame: where, when, which way, and what the hop was. */
export interface Sighting {
  netns: string
  host: string
  dev: string
  direction: 'in' | 'out'
  time: number
  frame: Uint8Array
  comment: string
}

function hopComment(h: HopEvent): string {
  const where = `${h.netns} ${h.dev ?? ''}`.trim()
  if (h.kind === 'link.xmit') return `#${h.seq} ${where} link.xmit via ${h.via}${h.to.length ? ` → ${h.to.map((t) => `${t.netns} ${t.dev}`).join(", ")}` : ""}`
  if (h.kind === 'link.recv') return `#${h.seq} ${where} link.recv${h.from ? ` from ${h.from.netns} ${h.from.dev}` : ''}`
  return `#${h.seq} ${where} ${h.kind}`
}

/** Every frame the trace shows on a device, in trace order. */
export function sightings(trace: Trace): Sighting[] {
  return trace.hops.flatMap((h) =>
    (h.kind === 'link.xmit' || h.kind === 'link.recv') && h.frame && h.dev
      ? [{ netns: h.netns, host: h.host, dev: h.dev, direction: h.kind === 'link.recv' ? ('in' as const) : ('out' as const), time: h.time, frame: encodeFrame(h.frame), comment: hopComment(h) }]
      : [],
  )
}

export interface PcapngOptions {
  /** Microseconds since the Unix epoch at the journey's time 0; default 0 (1970-01-01). */
  startMicros?: number
}

/** The bytes of a pcapng file with every frame the journey put on a device. */
export function traceToPcapng(trace: Trace, opts: PcapngOptions = {}): Uint8Array {
  const seen = sightings(trace)
  const start = opts.startMicros ?? 0
  const blocks: Uint8Array[] = []
  const shb = new LeWriter().u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff)
  blocks.push(block(SHB, withOptions(shb, [[SHB_USERAPPL, utf8Bytes('Packet Journeys')], [OPT_COMMENT, utf8Bytes(`lab ${trace.lab}, seed ${trace.seed}: ${trace.outcome.kind}`)]])))
  const ids = new Map<string, number>()
  for (const s of seen) {
    const key = `${s.netns}/${s.dev}`
    if (ids.has(key)) continue
    ids.set(key, ids.size)
    const ns = trace.topology.netns.find((n) => n.name === s.netns)
    const what = ns?.kind === 'pod' && ns.pod ? `pod ${ns.pod.namespace}/${ns.pod.name}` : `the host namespace`
    const idb = new LeWriter().u16(LINKTYPE_ETHERNET).u16(0).u32(SNAPLEN)
    blocks.push(block(IDB, withOptions(idb, [[IF_NAME, utf8Bytes(key)], [IF_DESCRIPTION, utf8Bytes(`${s.dev} in ${what} on host ${s.host}`)]])))
  }
  for (const s of seen) {
    const ts = start + s.time
    const epb = new LeWriter().u32(ids.get(`${s.netns}/${s.dev}`)!).u32(Math.floor(ts / 2 ** 32)).u32(ts % 2 ** 32).u32(s.frame.length).u32(s.frame.length).bytes(s.frame)
    const flags = new LeWriter().u32(s.direction === 'in' ? INBOUND : OUTBOUND).finish()
    blocks.push(block(EPB, withOptions(epb, [[OPT_COMMENT, utf8Bytes(s.comment)], [EPB_FLAGS, flags]])))
  }
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0))
  let at = 0
  for (const b of blocks) {
    out.set(b, at)
    at += b.length
  }
  return out
}
