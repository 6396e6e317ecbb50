/**
 * The UDP header (RFC 768): ports, length, checksum over the IPv4 pseudo-header, header and
 * data; a computed 0 goes on the wire as 0xffff. Linux checksums every IPv4 UDP datagram it
 * sends, VXLAN's outer one included: a vxlan device without IFLA_VXLAN_UDP_CSUM (flannel sets
 * none) keeps the kernel default, which `ip -d link` shows as `udpcsum`.
 */
import { ByteWriter, get16, ipv4Bytes } from './bytes'
import { finishChecksum, onesSum, pseudoHeaderSum } from './checksum'
import type { Ipv4Addr, UdpHeader } from './frame'
import { IPPROTO_UDP } from './ipv4'

export function encodeUdp(h: UdpHeader, src: Ipv4Addr, dst: Ipv4Addr, payload: Uint8Array): Uint8Array {
  const bytes = new ByteWriter().u16(h.sport).u16(h.dport).u16(h.length).u16(0).bytes(payload).finish()
  const sum = finishChecksum(onesSum(bytes, pseudoHeaderSum(ipv4Bytes(src), ipv4Bytes(dst), IPPROTO_UDP, h.length))) || 0xffff
  bytes[6] = sum >>> 8
  bytes[7] = sum & 0xff
  return bytes
}

export function decodeUdp(b: Uint8Array): { udp: UdpHeader; payload: Uint8Array } {
  if (b.length < 8) throw new Error('truncated UDP header')
  const length = get16(b, 4)
  return { udp: { sport: get16(b, 0), dport: get16(b, 2), length }, payload: b.subarray(8, length) }
}
