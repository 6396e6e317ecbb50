/**
 * The IPv4 header (RFC 791 §3.1), 20 bytes, no options (the engine sends none): version 4 and
 * IHL 5, TOS, total length, identification, flags (DF = 0x4000) and fragment offset 0, TTL,
 * protocol, header checksum (RFC 1071), source, destination. The identification is the one the
 * engine picked; Linux's own choice (a per-destination counter, 0 for DF SYN-ACKs) is the
 * engine's business, not this file's.
 */
import { ByteWriter, get16, ipv4Bytes, ipv4Text } from './bytes'
import { internetChecksum } from './checksum'
import type { IpProtocol, Ipv4Header } from './frame'

export const IPPROTO_ICMP = 1
export const IPPROTO_TCP = 6
export const IPPROTO_UDP = 17
const PROTO_CODE: Record<IpProtocol, number> = { icmp: IPPROTO_ICMP, tcp: IPPROTO_TCP, udp: IPPROTO_UDP }

export function ipProtocolNumber(p: IpProtocol): number {
  return PROTO_CODE[p]
}

/** The 20-byte header with its checksum filled in. */
export function encodeIpv4Header(h: Ipv4Header): Uint8Array {
  const w = new ByteWriter()
    .u8(0x45)
    .u8(h.tos)
    .u16(h.totalLength)
    .u16(h.id)
    .u16(h.df ? 0x4000 : 0)
    .u8(h.ttl)
    .u8(PROTO_CODE[h.protocol])
    .u16(0)
    .bytes(ipv4Bytes(h.src))
    .bytes(ipv4Bytes(h.dst))
  const bytes = w.finish()
  const sum = internetChecksum(bytes)
  bytes[10] = sum >>> 8
  bytes[11] = sum & 0xff
  return bytes
}

export function decodeIpv4(b: Uint8Array): { ip: Ipv4Header; payload: Uint8Array; checksumOk: boolean } {
  if (b.length < 20 || b[0]! >> 4 !== 4) throw new Error('not an IPv4 header')
  const ihl = (b[0]! & 15) * 4
  const code = b[9]!
  const protocol = (Object.keys(PROTO_CODE) as IpProtocol[]).find((p) => PROTO_CODE[p] === code)
  if (!protocol) throw new Error(`IP protocol ${code} is not modelled`)
  const totalLength = get16(b, 2)
  const ip: Ipv4Header = { src: ipv4Text(b, 12), dst: ipv4Text(b, 16), ttl: b[8]!, protocol, id: get16(b, 4), df: (get16(b, 6) & 0x4000) !== 0, totalLength, tos: b[1]! }
  return { ip, payload: b.subarray(ihl, totalLength), checksumOk: internetChecksum(b.subarray(0, ihl)) === 0 }
}
