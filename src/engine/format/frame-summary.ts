/**
 * One-line frame summaries in the style of `tcpdump -e -nn -S` (link-level header, numeric
 * addresses and ports, absolute TCP sequence numbers; TCP options not shown):
 *
 *   0a:58:0a:f4:01:02 > 0a:58:0a:f4:01:01, ethertype IPv4 (0x0800), length 74: 10.244.1.2.41234 > 10.96.0.10.80: Flags [S], seq 1000, win 64240, length 0
 *   … ethertype ARP (0x0806), length 42: Request who-has 10.244.1.3 tell 10.244.1.2, length 28
 *
 * VXLAN: tcpdump decodes UDP 4789 as `VXLAN, flags [I] (0x08), vni 1` and flannel's 8472 as
 * OTV (`OTV, flags [I] (0x08), overlay 0, instance 1`), then prints the inner frame on the next
 * line; here the inner frame follows on the same line after ` | `.
 */
import type { Frame, TcpFlag } from '../wire/frame'
import { ETH_HLEN } from '../wire/frame'

const ETHERTYPE = { IPv4: '0x0800', ARP: '0x0806' } as const

// tcpdump's tcp_flag_values order: F S R P U E W, then '.' for ACK.
const FLAG_CHARS: [TcpFlag, string][] = [
  ['FIN', 'F'],
  ['SYN', 'S'],
  ['RST', 'R'],
  ['PSH', 'P'],
  ['ACK', '.'],
]

export function tcpFlagsText(flags: TcpFlag[]): string {
  const s = FLAG_CHARS.filter(([f]) => flags.includes(f))
    .map(([, c]) => c)
    .join('')
  return `[${s || 'none'}]`
}

function icmpText(f: Frame): string {
  const i = f.icmp
  if (!i) return 'ICMP'
  const len = (f.ip?.totalLength ?? 28) - 20
  switch (i.type) {
    case 8:
      return `ICMP echo request, id ${i.id ?? 0}, seq ${i.seq ?? 0}, length ${len}`
    case 0:
      return `ICMP echo reply, id ${i.id ?? 0}, seq ${i.seq ?? 0}, length ${len}`
    case 3: {
      const q = i.quoted
      const port = q?.dport !== undefined ? ` ${q.ip.protocol} port ${q.dport}` : ''
      const what = q ? `${q.ip.dst}${port}` : ''
      if (i.code === 4) {
        return `ICMP ${what} unreachable - need to frag (mtu ${i.mtu ?? 0}), length ${len}`
      }
      if (i.code === 3) return `ICMP ${what} unreachable, length ${len}`
      if (i.code === 1) return `ICMP host ${q?.ip.dst ?? ''} unreachable, length ${len}`
      return `ICMP net ${q?.ip.dst ?? ''} unreachable, length ${len}`
    }
    case 11:
      return `ICMP time exceeded in-transit, length ${len}`
    default:
      return `ICMP type-#${i.type}, length ${len}`
  }
}

/** `, options [mss 1410,sackOK,TS val 1 ecr 0,nop,wscale 7]` as tcpdump prints them. */
function tcpOptionsText(t: NonNullable<Frame['tcp']>): string {
  if (!t.options?.length) return ''
  const one = (o: NonNullable<typeof t.options>[number]) =>
    o.kind === 'mss' || o.kind === 'wscale' ? `${o.kind} ${o.value}` : o.kind === 'TS' ? `TS val ${o.val} ecr ${o.ecr}` : o.kind
  return `, options [${t.options.map(one).join(',')}]`
}

function l4Text(f: Frame): string {
  const ip = f.ip
  if (!ip) return ''
  if (f.tcp) {
    const t = f.tcp
    const ack = t.flags.includes('ACK') ? `, ack ${t.ack}` : ''
    return (
      `${ip.src}.${t.sport} > ${ip.dst}.${t.dport}: Flags ${tcpFlagsText(t.flags)}, ` +
      `seq ${t.seq}${ack}, win ${t.window}${tcpOptionsText(t)}, length ${f.payloadLength}`
    )
  }
  if (f.udp) {
    const u = f.udp
    const head = `${ip.src}.${u.sport} > ${ip.dst}.${u.dport}: `
    if (f.vxlan) {
      const hex = f.vxlan.flags.toString(16).padStart(2, '0')
      const flags = `flags [${f.vxlan.flags & 0x08 ? 'I' : '.'}] (0x${hex})`
      const body =
        u.dport === 4789
          ? `VXLAN, ${flags}, vni ${f.vxlan.vni}`
          : `OTV, ${flags}, overlay 0, instance ${f.vxlan.vni}`
      return head + body + (f.inner ? ` | ${formatFrameSummary(f.inner)}` : '')
    }
    if (f.payload?.kind === 'dns') {
      const d = f.payload.dns
      const len = u.length - 8
      const q = d.question
      if (d.qr === 'query') return `${head}${d.id}+ ${q.type}? ${q.name}. (${len})`
      const answers = d.answers.map((a) => ` ${a.type} ${a.data}`).join(',')
      const rcode = d.rcode === 'NOERROR' ? '' : ` ${d.rcode}`
      return `${head}${d.id}${rcode} ${d.answers.length}/0/0${answers} (${len})`
    }
    return `${head}UDP, length ${u.length - 8}`
  }
  return `${ip.src} > ${ip.dst}: ${icmpText(f)}`
}

/** One tcpdump-style line for a frame (VXLAN: outer, then ` | ` and the inner frame). */
export function formatFrameSummary(f: Frame): string {
  const eth = `${f.eth.src} > ${f.eth.dst}, ethertype ${f.eth.type} (${ETHERTYPE[f.eth.type]})`
  if (f.arp) {
    const a = f.arp
    const body =
      a.op === 'request'
        ? `Request who-has ${a.targetIp} tell ${a.senderIp}`
        : `Reply ${a.senderIp} is-at ${a.senderMac}`
    return `${eth}, length 42: ${body}, length 28`
  }
  const length = ETH_HLEN + (f.ip?.totalLength ?? 0)
  return `${eth}, length ${length}: ${l4Text(f)}`
}
