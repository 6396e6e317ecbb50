/**
 * The VXLAN header (RFC 7348 §5): flags (0x08, "VNI valid"), 24 reserved bits, the 24-bit VNI,
 * 8 reserved bits; the inner Ethernet frame follows. The UDP port is the device's: IANA's 4789,
 * or 8472, the Linux default that flannel keeps.
 */
import { ByteWriter } from './bytes'
import type { VxlanHeader } from './frame'

export const IANA_VXLAN_PORT = 4789
export const FLANNEL_VXLAN_PORT = 8472

export function encodeVxlan(h: VxlanHeader, inner: Uint8Array): Uint8Array {
  return new ByteWriter().u8(h.flags).u24(0).u24(h.vni).u8(0).bytes(inner).finish()
}

export function decodeVxlan(b: Uint8Array): { vxlan: VxlanHeader; inner: Uint8Array } {
  if (b.length < 8) throw new Error('truncated VXLAN header')
  return { vxlan: { flags: b[0]!, vni: (b[4]! << 16) | (b[5]! << 8) | b[6]! }, inner: b.subarray(8) }
}
