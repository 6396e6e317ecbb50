/**
 * One golden-trace line per HopEvent. Fixed-width columns so a diff of two traces lines up:
 *
 *   seq(4)  time(10, ms with µs)  netns dev(30)  kind(15)  summary
 *      12    0.420ms  node-1 cni0                     fdb.lookup       0a:58:0a:f4:01:03 → port veth1a2b3c4d
 *
 * The summary names the key headers tcpdump-style (`10.244.1.2:41234 > 10.96.0.10:80 TCP [S]`),
 * ARP as `who-has X tell Y`, the rule text for nf.rule, before → after for NAT, and the reason
 * for drops. Every kind is handled (exhaustive switch).
 */
import type { FlowTuple, HopEvent } from '../trace/events'
import type { Frame } from '../wire/frame'
import { tcpFlagsText } from './frame-summary'

export { formatFrameSummary } from './frame-summary'

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s.padEnd(n))

/** `1234` µs → `1.234ms`. */
export function formatVirtualTime(us: number): string {
  const ms = Math.floor(us / 1000)
  return `${ms}.${String(us % 1000).padStart(3, '0')}ms`
}

export function formatFlow(f: FlowTuple): string {
  const end = (ip: string, port?: number) => (port === undefined ? ip : `${ip}:${port}`)
  return `${end(f.src, f.sport)} > ${end(f.dst, f.dport)} ${f.protocol.toUpperCase()}`
}

/** The frame's key headers: innermost-first is not wanted, so the outermost IP packet. */
export function frameHeaders(fr: Frame): string {
  if (fr.arp) {
    const a = fr.arp
    return a.op === 'request'
      ? `ARP who-has ${a.targetIp} tell ${a.senderIp}`
      : `ARP ${a.senderIp} is-at ${a.senderMac}`
  }
  const ip = fr.ip
  if (!ip) return `${fr.eth.src} > ${fr.eth.dst}`
  let s: string
  if (fr.tcp) {
    s = `${ip.src}:${fr.tcp.sport} > ${ip.dst}:${fr.tcp.dport} TCP ${tcpFlagsText(fr.tcp.flags)}`
  }
  else if (fr.udp) s = `${ip.src}:${fr.udp.sport} > ${ip.dst}:${fr.udp.dport} UDP`
  else if (fr.icmp) s = `${ip.src} > ${ip.dst} ICMP type=${fr.icmp.type} code=${fr.icmp.code}`
  else s = `${ip.src} > ${ip.dst}`
  if (fr.vxlan && fr.inner) s += ` VXLAN vni ${fr.vxlan.vni} [${frameHeaders(fr.inner)}]`
  return s
}

/** The kind-specific part of a hop line. */
export function hopSummary(ev: HopEvent): string {
  switch (ev.kind) {
    case 'app.send':
    case 'app.recv':
      return `${ev.app}: ${formatFlow(ev.flow)} ${ev.note}`
    case 'sock.deliver':
      return `${ev.socket} ${ev.state} ${ev.note}`
    case 'link.xmit':
      return `via ${ev.via} → ${ev.to.map((t) => `${t.netns} ${t.dev}`).join(', ')}`
    case 'link.recv':
      return ev.from ? `from ${ev.from.netns} ${ev.from.dev}` : 'from wire'
    case 'route.lookup': {
      const gw = ev.gateway ? ` via ${ev.gateway}` : ''
      const oif = ev.oif ? ` dev ${ev.oif}` : ''
      return `${ev.dst} table ${ev.table}: ${ev.result} (${ev.route})${gw}${oif}`
    }
    case 'neigh.lookup':
      const ll = ev.lladdr ? ` lladdr ${ev.lladdr}` : ''
      return `${ev.ip}: ${ev.result}${ll}${ev.state ? ` ${ev.state}` : ''}`
    case 'arp.request':
      return `who-has ${ev.targetIp} tell ${ev.senderIp}`
    case 'arp.reply':
      return `${ev.senderIp} is-at ${ev.senderMac} (to ${ev.targetIp})`
    case 'neigh.update':
      return `${ev.ip}${ev.lladdr ? ` lladdr ${ev.lladdr}` : ''} ${ev.state} (by ${ev.by})`
    case 'fdb.learn':
      return `${ev.mac} on port ${ev.port} (${ev.bridge})`
    case 'fdb.lookup': {
      const to = ev.result === 'port' ? `port ${ev.port ?? '?'}` : ev.result
      return `${ev.mac} → ${to} (${ev.bridge})`
    }
    case 'bridge.forward':
      return `${ev.bridge} → ${ev.port}`
    case 'bridge.flood':
      return `${ev.bridge} → ${ev.ports.join(', ') || '(no ports)'}`
    case 'nf.hook': {
      const io = `${ev.in ? ` in=${ev.in}` : ''}${ev.out ? ` out=${ev.out}` : ''}`
      return `${ev.hook} (${ev.via})${io} tables ${ev.tables.join(',')}`
    }
    case 'nf.rule':
      return `${ev.table} ${ev.chain} #${ev.rule}: ${ev.text}`
    case 'nf.policy':
      return `${ev.table} ${ev.chain} policy ${ev.policy}`
    case 'nat.dnat':
    case 'nat.snat':
    case 'nat.masquerade':
      return `${formatFlow(ev.before)} → ${formatFlow(ev.after)} (${ev.rule})`
    case 'nat.reverse':
      return `${ev.manip} ${formatFlow(ev.before)} → ${formatFlow(ev.after)} (ct ${ev.conntrack})`
    case 'ipvs.schedule':
      return `${ev.service} ${ev.scheduler} → ${ev.real} (conn ${ev.conn})`
    case 'ipvs.dnat':
    case 'ipvs.snat':
      return `${formatFlow(ev.before)} → ${formatFlow(ev.after)} (${ev.service}, conn ${ev.conn})`
    case 'ct.new':
    case 'ct.established':
    case 'ct.reply':
    case 'ct.confirm':
    case 'ct.related':
      return `#${ev.conntrack} ${formatFlow(ev.original)} reply ${formatFlow(ev.reply)}`
    case 'ip.forward':
      return `ttl ${ev.ttlBefore} → ${ev.ttlAfter}`
    case 'ip.local-deliver':
      return `to ${ev.dst}`
    case 'vxlan.encap':
      return `vni ${ev.vni} → ${ev.remote}:${ev.port} (inner dst ${ev.innerDst})`
    case 'vxlan.decap':
      return `vni ${ev.vni} from ${ev.remote}`
    case 'vxlan.miss':
      return `${ev.miss} miss ${ev.key}${ev.answeredBy ? ` answered by ${ev.answeredBy}` : ''}`
    case 'icmp.send':
      return `type ${ev.type} code ${ev.code}: ${ev.reason}`
    case 'tcp.rst':
      return ev.reason
    case 'drop':
      return `${ev.code}: ${ev.reason}${ev.rule ? ` (${ev.rule})` : ''}`
    default: {
      const never: never = ev
      return String((never as { kind: string }).kind)
    }
  }
}

/** The whole line: seq, time, where, kind, summary, then the frame's headers in brackets. */
export function formatHopLine(ev: HopEvent): string {
  const where = ev.dev ? `${ev.netns} ${ev.dev}` : ev.netns
  const head =
    `${String(ev.seq).padStart(4)}  ${formatVirtualTime(ev.time).padStart(10)}  ` +
    `${pad(where, 30)}  ${pad(ev.kind, 15)}  ${hopSummary(ev)}`
  return ev.frame && ev.kind !== 'arp.request' && ev.kind !== 'arp.reply'
    ? `${head}  [${frameHeaders(ev.frame)}]`
    : head
}
