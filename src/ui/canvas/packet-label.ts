import type { Frame } from '../../engine/wire/frame'
import type { Translate } from '../i18n/useT'

/**
 * A frame as tcpdump would summarise it, in parts: the protocol (with TCP flags), and either
 * the two endpoints (`src`, `dst`, with ports) or, for ARP and bare Ethernet, one line of text.
 */
export function frameParts(f: Frame, t?: Translate): { proto: string; src?: string; dst?: string; text?: string } {
  if (f.arp)
    return {
      // "ARP request" is a label, translated; who-has … tell … is tcpdump's own text.
      proto: t ? t(f.arp.op === 'request' ? 'packet.arpRequest' : 'packet.arpReply') : `ARP ${f.arp.op}`,
      text: f.arp.op === 'request' ? `who-has ${f.arp.targetIp} tell ${f.arp.senderIp}` : `${f.arp.senderIp} is-at ${f.arp.senderMac}`,
    }
  const ip = f.ip
  if (!ip) return { proto: 'Ethernet', src: f.eth.src, dst: f.eth.dst }
  const l4 = f.tcp ? `TCP ${f.tcp.flags.join('-')}` : f.udp ? 'UDP' : f.icmp ? icmpName(f.icmp.type, f.icmp.code) : ip.protocol
  const sp = f.tcp?.sport ?? f.udp?.sport
  const dp = f.tcp?.dport ?? f.udp?.dport
  return { proto: String(l4), src: `${ip.src}${sp !== undefined ? `:${sp}` : ''}`, dst: `${ip.dst}${dp !== undefined ? `:${dp}` : ''}` }
}

/** Protocol and addresses of a frame on one line (the packet strip, the sequence diagram). */
export function frameLabel(f: Frame, t?: Translate): { proto: string; addrs: string } {
  const p = frameParts(f, t)
  return { proto: p.proto, addrs: p.text ?? `${p.src} → ${p.dst}` }
}

/** ICMP types and codes by the names tcpdump prints (RFC 792), the number pair otherwise. */
const ICMP_NAME: Record<string, string> = {
  '0/0': 'ICMP echo reply',
  '8/0': 'ICMP echo request',
  '3/0': 'ICMP net unreachable',
  '3/1': 'ICMP host unreachable',
  '3/3': 'ICMP port unreachable',
  '3/4': 'ICMP frag needed',
  '3/13': 'ICMP admin prohibited',
  '11/0': 'ICMP time exceeded',
}
export const icmpName = (type: number, code: number) => ICMP_NAME[`${type}/${code}`] ?? `ICMP type ${type} code ${code}`
