/**
 * The packet's header stack at a hop, and which fields changed since the same packet's previous
 * snapshot (NAT rewrites, TTL decrements, MAC rewrites at each routed hop, VXLAN encap/decap).
 *
 * A packet the kernel builds itself (a socket's segment, an ICMP error, a VXLAN outer header)
 * has no Ethernet header until neighbour output (neigh_resolve_output → dev_hard_header) writes
 * one; the engine carries all-zero MACs until then. Those zeros are shown as "not built yet",
 * never as addresses — except on loopback, whose header really is all zeros (loopback_xmit).
 */
import type { DnsMessage, Frame } from '../engine/wire/frame'
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
  /** Not present at the previous snapshot (encapsulation added it, or neighbour output built it). */
  added?: boolean
  /** An Ethernet header neighbour output has not built yet: no fields to show. */
  pending?: boolean
}

const str = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v))

function layersOf(f: Frame, depth = 0, ethPending = false): HeaderLayer[] {
  const out: HeaderLayer[] = []
  const add = (name: LayerName, obj: object | undefined, skip: string[] = []) => {
    if (!obj) return
    if (name === 'Ethernet' && ethPending) return void out.push({ name, depth, fields: [], pending: true })
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
          ? dnsText(f.payload.dns)
          : f.payload?.kind === 'tls'
            ? f.payload.records.map((r) => `TLS ${r.message} (${r.length} bytes)${r.sni ? ` SNI ${r.sni}` : ''}${r.plaintext !== undefined ? ` — only the endpoints can read: ${r.plaintext}` : ''}`).join('\n')
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

const ZERO_MAC = '00:00:00:00:00:00'
const zeroMacs = (f: Frame) => f.eth.src === ZERO_MAC && f.eth.dst === ZERO_MAC

/** A packet snapshot: the hop's frame and whether its outer Ethernet header is still unbuilt. */
export interface Snapshot {
  frame: Frame
  ethPending: boolean
}

/**
 * The snapshot at hop `seq`: walking back over the same packet's all-zero frames, a hop on `lo`
 * means loopback wrote those zeros; reaching a frame with real MACs (or the packet's start)
 * first means nothing has built the header yet.
 */
export function snapshotAt(hops: HopEvent[], seq: number): Snapshot | undefined {
  const i = hops.findIndex((h) => h.seq === seq)
  const cur = hops[i]
  if (!cur?.frame) return undefined
  let ethPending = zeroMacs(cur.frame)
  for (let j = i; j >= 0 && ethPending; j--) {
    const h = hops[j]!
    if (h.packet !== cur.packet || !h.frame) continue
    if (!zeroMacs(h.frame)) break
    if (h.dev === 'lo') ethPending = false
  }
  return { frame: cur.frame, ethPending }
}

/** The same packet's snapshot before hop `seq`, if there is one. */
export function previousSnapshot(hops: HopEvent[], seq: number): Snapshot | undefined {
  const i = hops.findIndex((h) => h.seq === seq)
  const cur = hops[i]
  if (!cur) return undefined
  for (let j = i - 1; j >= 0; j--) {
    const h = hops[j]!
    if (h.packet === cur.packet && h.frame) return snapshotAt(hops, h.seq)
  }
  return undefined
}

export function headerStack(now: Snapshot, prev?: Snapshot): HeaderLayer[] {
  const { frame } = now
  const layers = layersOf(frame, 0, now.ethPending)
  if (!prev) return layers
  // Encap: compare the new inner frame with the old bare one (and the outer headers are new);
  // decap: compare the bare frame with the old inner one.
  const shift = frame.inner && !prev.frame.inner ? 1 : !frame.inner && prev.frame.inner ? -1 : 0
  const before = layersOf(prev.frame, 0, prev.ethPending).map((l) => ({ ...l, depth: l.depth + shift }))
  return layers.map((layer) => {
    const old = before.find((b) => b.name === layer.name && b.depth === layer.depth)
    if (layer.pending) return layer
    // Built at this hop: the header is new, not a rewrite of placeholder zeros.
    if (!old || old.pending) return { ...layer, added: true }
    return {
      ...layer,
      fields: layer.fields.map((f) => {
        const o = old.fields.find((x) => x.name === f.name)
        return o && o.value !== f.value ? { ...f, before: o.value } : f
      }),
    }
  })
}

/** A DNS message as a reader wants it: the question, then the answers or the rcode and the SOA. */
function dnsText(d: DnsMessage): string {
  const q = `DNS ${d.qr} id ${d.id}: ${d.question.type}? ${d.question.name}`
  if (d.qr === 'query') return q
  const answers = d.answers.map((a) => `${a.name} ${a.ttl} IN ${a.type} ${a.data}`)
  const authority = (d.authority ?? []).map((a) => `authority: ${a.name} ${a.ttl} IN ${a.type} ${a.data}`)
  return [`${q} → ${d.rcode}${d.answers.length ? '' : d.rcode === 'NOERROR' ? ' (no records)' : ''}`, ...answers, ...authority].join('\n')
}
