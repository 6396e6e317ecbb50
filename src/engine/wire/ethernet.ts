/**
 * Ethernet II framing (IEEE 802.3 clause 3.2.6 with an EtherType): destination, source, type,
 * payload. No preamble and no FCS, as a capture on a Linux device shows the frame. The engine
 * does not model 802.1Q tags. Short frames are not padded to 60 bytes: Linux captures outgoing
 * frames before the NIC pads them, and veth never pads.
 */
import { ByteWriter, get16, macBytes, macText } from './bytes'
import type { EtherType, EthernetHeader } from './frame'

export const ETH_P_IP = 0x0800
export const ETH_P_ARP = 0x0806

const TYPE_CODE: Record<EtherType, number> = { IPv4: ETH_P_IP, ARP: ETH_P_ARP }

export function encodeEthernet(h: EthernetHeader, payload: Uint8Array): Uint8Array {
  return new ByteWriter().bytes(macBytes(h.dst)).bytes(macBytes(h.src)).u16(TYPE_CODE[h.type]).bytes(payload).finish()
}

export function decodeEthernet(b: Uint8Array): { eth: EthernetHeader; payload: Uint8Array } {
  if (b.length < 14) throw new Error(`Ethernet frame of ${b.length} bytes is shorter than its 14-byte header`)
  const code = get16(b, 12)
  const type: EtherType | undefined = code === ETH_P_IP ? 'IPv4' : code === ETH_P_ARP ? 'ARP' : undefined
  if (!type) throw new Error(`EtherType 0x${code.toString(16).padStart(4, '0')} is not modelled`)
  return { eth: { dst: macText(b, 0), src: macText(b, 6), type }, payload: b.subarray(14) }
}
