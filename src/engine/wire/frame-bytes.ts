/**
 * A whole frame ⇄ its bytes on the wire, layer by layer: Ethernet, then ARP or IPv4, then TCP,
 * UDP (with VXLAN and the inner frame on a tunnel's outer UDP) or ICMP, then the application
 * data. The frame's own length fields (IPv4 total length, UDP length, payloadLength) are written
 * as the engine computed them; `encodeFrame` does not recompute them, so a wrong length in the
 * model shows in Wireshark instead of being papered over here.
 *
 * Application data is encoded from the frame's payload (HTTP text as UTF-8, DNS messages, TLS
 * records); where the engine models a length only (ping data, a payload it did not keep), the
 * bytes are zeros. Either way the data is cut or zero-padded to payloadLength.
 */
import { concat, utf8Bytes } from './bytes'
import { encodeDns } from './dns'
import { decodeArp, encodeArp } from './arp'
import { decodeEthernet, encodeEthernet } from './ethernet'
import type { Frame, IcmpHeader } from './frame'
import { decodeIcmp, encodeIcmp } from './icmp'
import { decodeIpv4, encodeIpv4Header } from './ipv4'
import { decodeTcp, encodeTcp } from './tcp'
import { encodeTlsRecords } from './tls'
import { decodeUdp, encodeUdp } from './udp'
import { decodeVxlan, encodeVxlan, FLANNEL_VXLAN_PORT, IANA_VXLAN_PORT } from './vxlan'
import { get16 } from './bytes'

/** The application data's bytes, exactly payloadLength of them. */
export function encodePayload(f: Frame): Uint8Array {
  const p = f.payload
  const data = !p ? new Uint8Array(0) : p.kind === 'text' ? utf8Bytes(p.text) : p.kind === 'dns' ? encodeDns(p.dns) : encodeTlsRecords(p.records)
  if (data.length === f.payloadLength) return data
  const out = new Uint8Array(f.payloadLength)
  out.set(data.subarray(0, f.payloadLength))
  return out
}

/** The frame as a capture on a Linux device shows it (no preamble, no FCS, no padding). */
export function encodeFrame(f: Frame): Uint8Array {
  if (f.arp) return encodeEthernet(f.eth, encodeArp(f.arp))
  const ip = f.ip
  if (!ip) return encodeEthernet(f.eth, encodePayload(f))
  let l4: Uint8Array
  if (f.tcp) l4 = encodeTcp(f.tcp, ip.src, ip.dst, encodePayload(f))
  else if (f.udp) {
    const data = f.vxlan && f.inner ? concat([encodeVxlan(f.vxlan, encodeFrame(f.inner)), encodePayload(f)]) : encodePayload(f)
    l4 = encodeUdp(f.udp, ip.src, ip.dst, data)
  } else if (f.icmp) l4 = encodeIcmp(f.icmp, f.payloadLength)
  else l4 = encodePayload(f)
  return encodeEthernet(f.eth, concat([encodeIpv4Header(ip), l4]))
}

/** True for the UDP ports a VXLAN device listens on (RFC 7348's and Linux's default). */
const isVxlanPort = (port: number) => port === IANA_VXLAN_PORT || port === FLANNEL_VXLAN_PORT

/**
 * Bytes back to a frame: the headers, and payloadLength for the data (the data itself is not
 * parsed back into a payload). Throws on a frame the engine could not have sent.
 */
export function decodeFrame(b: Uint8Array): Frame {
  const { eth, payload } = decodeEthernet(b)
  if (eth.type === 'ARP') return { eth, arp: decodeArp(payload), payloadLength: 0 }
  const { ip, payload: l4 } = decodeIpv4(payload)
  if (ip.protocol === 'tcp') {
    const { tcp, payload: data } = decodeTcp(l4)
    return { eth, ip, tcp, payloadLength: data.length }
  }
  if (ip.protocol === 'udp') {
    const { udp, payload: data } = decodeUdp(l4)
    if (isVxlanPort(udp.dport) && data.length >= 8 + 14) {
      const { vxlan, inner } = decodeVxlan(data)
      return { eth, ip, udp, vxlan, inner: decodeFrame(inner), payloadLength: 0 }
    }
    return { eth, ip, udp, payloadLength: data.length }
  }
  const { icmp, data } = decodeIcmp(l4)
  if (icmp.type === 3 || icmp.type === 11) icmp.quoted = decodeQuoted(data)
  return { eth, ip, icmp, payloadLength: data.length }
}

function decodeQuoted(b: Uint8Array): NonNullable<IcmpHeader['quoted']> {
  const { ip } = decodeIpv4(b)
  const l4 = b.subarray(20)
  if (ip.protocol === 'icmp') return { ip, icmpId: get16(l4, 4) }
  return { ip, sport: get16(l4, 0), dport: get16(l4, 2) }
}
