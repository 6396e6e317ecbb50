/**
 * The packet's header stack at a hop, and which fields changed since the same packet's previous
 * snapshot (NAT rewrites, TTL decrements, MAC rewrites at each routed hop, VXLAN encap/decap).
 */
import type { Frame } from '../engine/wire/frame'
import type { HopEvent } from '../engine/trace/events'

export type LayerName = 'Ethernet' | 'ARP' | 'IPv4' | 'TCP' | 'UDP' | 'ICMP' | 'VXLAN' | 'Payload'

export interface HeaderField {
  name: string
  value: string
  /** The value at the previous snapshot, when it differs. */
  before?: string
}

export interface HeaderLayer {
  name: LayerName
  /** 0 for the outermost frame, 1 for a VXLAN payload, and so on. */
  depth: number
  fields: HeaderField[]
  /** Not present at the previous snapshot (encapsulation added it). */
  added?: boolean
}

const str = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v))

function layersOf(f: Frame, depth = 0): HeaderLayer[] {
  const out: HeaderLayer[] = []
  const add = (name: LayerName, obj: object | undefined, skip: string[] = []) => {
    if (!obj) return
    const fields = Object.entries(obj)
      .filter(([k, v]) => v !== undefined && !skip.includes(k) && typeof v !== 'object')
      .map(([k, v]) => ({ name: k, value: str(v) }))
    const flags = (obj as { flags?: unknown }).flags
    if (Array.isArray(flags)) fields.push({ name: 'flags', value: flags.join(',') || '—' })
    out.push({ name, depth, fields })
  }
  add('Ethernet', f.eth)
  add('ARP', f.arp)
  add('IPv4', f.ip)
  add('TCP', f.tcp, ['flags'])
  add('UDP', f.udp)
  add('ICMP', f.icmp)
  if (f.vxlan)
    out.push({
      name: 'VXLAN',
      depth,
      fields: [
        { name: 'flags', value: `0x${f.vxlan.flags.toString(16).padStart(2, '0')}` },
        { name: 'vni', value: String(f.vxlan.vni) },
      ],
    })
  if (f.inner) out.push(...layersOf(f.inner, depth + 1))
  else if (f.payload || f.payloadLength > 0) {
    const text =
      f.payload?.kind === 'text'
        ? f.payload.text
        : f.payload?.kind === 'dns'
          ? `DNS ${f.payload.dns.qr} ${f.payload.dns.question.name} ${f.payload.dns.question.type}`
          : ''
    out.push({
      name: 'Payload',
      depth,
      fields: [
        { name: 'length', value: String(f.payloadLength) },
        ...(text ? [{ name: 'data', value: text }] : []),
      ],
    })
  }
  return out
}

/** The same packet's snapshot before hop `seq`, if there is one. */
export function previousFrame(hops: HopEvent[], seq: number): Frame | undefined {
  const i = hops.findIndex((h) => h.seq === seq)
  const cur = hops[i]
  if (!cur) return undefined
  for (let j = i - 1; j >= 0; j--) {
    const h = hops[j]!
    if (h.packet === cur.packet && h.frame) return h.frame
  }
  return undefined
}

export function headerStack(frame: Frame, prev?: Frame): HeaderLayer[] {
  const now = layersOf(frame)
  if (!prev) return now
  // Encap: compare the new inner frame with the old bare one (and the outer headers are new);
  // decap: compare the bare frame with the old inner one.
  const shift = frame.inner && !prev.inner ? 1 : !frame.inner && prev.inner ? -1 : 0
  const before = layersOf(prev).map((l) => ({ ...l, depth: l.depth + shift }))
  return now.map((layer) => {
    const old = before.find((b) => b.name === layer.name && b.depth === layer.depth)
    if (!old) return { ...layer, added: true }
    return {
      ...layer,
      fields: layer.fields.map((f) => {
        const o = old.fields.find((x) => x.name === f.name)
        return o && o.value !== f.value ? { ...f, before: o.value } : f
      }),
    }
  })
}
