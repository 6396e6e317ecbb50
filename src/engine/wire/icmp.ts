/**
 * ICMP (RFC 792): type, code, checksum over the whole message, then four bytes that depend on
 * the type (echo: identifier and sequence; "fragmentation needed": unused and the next-hop MTU,
 * RFC 1191; other errors: unused), then the data. An error's data is the offending datagram
 * as Linux's icmp_send quotes it; the engine keeps only its IP header and ports, so the quoted
 * transport header carries those ports (and, for UDP, its length), the rest is zeros. An echo's
 * data is zeros too: the engine models its length only (ping's timestamp and pattern are not kept).
 */
import { ByteWriter, get16 } from './bytes'
import { internetChecksum } from './checksum'
import type { IcmpHeader } from './frame'
import { encodeIpv4Header } from './ipv4'

/** The quoted datagram, `length` bytes long (the frame's payloadLength). */
function quotedBytes(q: NonNullable<IcmpHeader['quoted']>, length: number): Uint8Array {
  const w = new ByteWriter().bytes(encodeIpv4Header(q.ip))
  if (q.ip.protocol === 'icmp') w.u8(8).u8(0).u16(0).u16(q.icmpId ?? 0).u16(0)
  else if (q.ip.protocol === 'udp') w.u16(q.sport ?? 0).u16(q.dport ?? 0).u16(q.ip.totalLength - 20).u16(0)
  else w.u16(q.sport ?? 0).u16(q.dport ?? 0).u32(0)
  const bytes = w.finish()
  const out = new Uint8Array(length)
  out.set(bytes.subarray(0, length))
  return out
}

export function encodeIcmp(h: IcmpHeader, dataLength: number): Uint8Array {
  const w = new ByteWriter().u8(h.type).u8(h.code).u16(0)
  if (h.type === 0 || h.type === 8) w.u16(h.id ?? 0).u16(h.seq ?? 0)
  else if (h.type === 3 && h.code === 4) w.u16(0).u16(h.mtu ?? 0)
  else w.u32(0)
  if (h.quoted) w.bytes(quotedBytes(h.quoted, dataLength))
  else w.zeros(dataLength)
  const bytes = w.finish()
  const sum = internetChecksum(bytes)
  bytes[2] = sum >>> 8
  bytes[3] = sum & 0xff
  return bytes
}

/** The header fields (not the quoted datagram, which decodes with decodeIpv4). */
export function decodeIcmp(b: Uint8Array): { icmp: IcmpHeader; data: Uint8Array } {
  if (b.length < 8) throw new Error('truncated ICMP header')
  const type = b[0]!
  const code = b[1]!
  const icmp: IcmpHeader = { type, code }
  if (type === 0 || type === 8) Object.assign(icmp, { id: get16(b, 4), seq: get16(b, 6) })
  if (type === 3 && code === 4) icmp.mtu = get16(b, 6)
  return { icmp, data: b.subarray(8) }
}
