/**
 * ARP for IPv4 over Ethernet (RFC 826): hardware type 1, protocol 0x0800, lengths 6 and 4,
 * opcode 1 request / 2 reply, then sender and target hardware and protocol addresses (28 bytes).
 */
import { ByteWriter, get16, ipv4Bytes, ipv4Text, macBytes, macText } from './bytes'
import type { ArpHeader } from './frame'

export function encodeArp(h: ArpHeader): Uint8Array {
  return new ByteWriter()
    .u16(1)
    .u16(0x0800)
    .u8(6)
    .u8(4)
    .u16(h.op === 'request' ? 1 : 2)
    .bytes(macBytes(h.senderMac))
    .bytes(ipv4Bytes(h.senderIp))
    .bytes(macBytes(h.targetMac))
    .bytes(ipv4Bytes(h.targetIp))
    .finish()
}

export function decodeArp(b: Uint8Array): ArpHeader {
  if (b.length < 28) throw new Error(`ARP packet of ${b.length} bytes is shorter than 28`)
  const op = get16(b, 6)
  if (op !== 1 && op !== 2) throw new Error(`ARP opcode ${op} is not modelled`)
  return { op: op === 1 ? 'request' : 'reply', senderMac: macText(b, 8), senderIp: ipv4Text(b, 14), targetMac: macText(b, 18), targetIp: ipv4Text(b, 24) }
}
