import type { Frame } from '../../engine/wire/frame'

/** Protocol and addresses of a frame as tcpdump would summarise them. */
export function frameLabel(f: Frame): { proto: string; addrs: string } {
  if (f.arp)
    return {
      proto: `ARP ${f.arp.op}`,
      addrs: f.arp.op === 'request' ? `who-has ${f.arp.targetIp} tell ${f.arp.senderIp}` : `${f.arp.senderIp} is-at ${f.arp.senderMac}`,
    }
  const ip = f.ip
  if (!ip) return { proto: 'Ethernet', addrs: `${f.eth.src} → ${f.eth.dst}` }
  const l4 = f.tcp ? `TCP ${f.tcp.flags.join('-')}` : f.udp ? 'UDP' : f.icmp ? (f.icmp.type === 8 ? 'ICMP echo' : f.icmp.type === 0 ? 'ICMP reply' : `ICMP ${f.icmp.type}/${f.icmp.code}`) : ip.protocol
  const sp = f.tcp?.sport ?? f.udp?.sport
  const dp = f.tcp?.dport ?? f.udp?.dport
  return { proto: l4, addrs: `${ip.src}${sp !== undefined ? `:${sp}` : ''} → ${ip.dst}${dp !== undefined ? `:${dp}` : ''}` }
}

/** The short text on the moving glyph: `SYN`, `ARP?`, `VXLAN[SYN-ACK]`. */
export function glyphText(f: Frame): string {
  const short = (x: Frame) =>
    x.arp ? (x.arp.op === 'request' ? 'ARP ?' : 'ARP !') : x.tcp ? x.tcp.flags.join('-') || 'TCP' : x.udp ? 'UDP' : x.icmp ? 'ICMP' : 'ETH'
  return f.inner ? short(f.inner) : short(f)
}
