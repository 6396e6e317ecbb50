/**
 * Errors the kernel sends back: ICMP destination unreachable / time exceeded (icmp_send), TCP
 * resets for closed ports (tcp_v4_send_reset), and iptables REJECT (nf_send_unreach,
 * nf_send_reset).
 */
import { ICMP_HLEN, IPV4_HLEN, TCP_HLEN, type Frame } from '../wire/frame'
import type { Netns, Skb } from '../sim/world'
import { isLocalAddress } from '../net/route'
import { emit, newSkb, type Ctx } from './context'
import { ipLocalOut } from './l3'
import type { RstWhy } from '../trace/events'

const REJECT_CODES: Record<string, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13,
}

export function sendReject(ctx: Ctx, ns: Netns, skb: Skb, rejectWith: string): void {
  if (rejectWith === 'tcp-reset' && skb.frame.tcp) return sendTcpReset(ctx, ns, skb, 'iptables REJECT --reject-with tcp-reset', { code: 'reject' })
  sendIcmpError(ctx, ns, skb, 3, REJECT_CODES[rejectWith] ?? 3)
}

/** icmp_send: never about an ICMP error, a broadcast or a non-initial fragment. */
export function sendIcmpError(ctx: Ctx, ns: Netns, skb: Skb, type: number, code: number, mtu?: number): void {
  const orig = skb.frame.ip
  if (!orig) return
  if (skb.frame.icmp && skb.frame.icmp.type !== 0 && skb.frame.icmp.type !== 8) return
  // The source is the address the packet was sent to when that is ours; otherwise routing picks one.
  const src = isLocalAddress(ns, orig.dst) ? orig.dst : undefined
  const l4 = skb.frame.tcp ?? skb.frame.udp
  const frame: Frame = {
    eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', type: 'IPv4' },
    ip: { src: src ?? '0.0.0.0', dst: orig.src, ttl: 64, protocol: 'icmp', id: 0, df: false, totalLength: 0, tos: 0xc0 },
    icmp: { type, code, ...(mtu !== undefined ? { mtu } : {}), quoted: { ip: { ...orig }, ...(l4 ? { sport: l4.sport, dport: l4.dport } : {}), ...(skb.frame.icmp?.id !== undefined ? { icmpId: skb.frame.icmp.id } : {}) } },
    payloadLength: 0,
  }
  // icmp_send quotes as much of the offending datagram as fits in 576 bytes (RFC 1812 4.3.2.3).
  frame.payloadLength = Math.min(orig.totalLength, 576 - IPV4_HLEN - ICMP_HLEN)
  frame.ip!.totalLength = IPV4_HLEN + ICMP_HLEN + frame.payloadLength
  const out = newSkb(ctx, frame, 'reply')
  emit(ctx, ns, out, { kind: 'icmp.send', type, code, reason: icmpReason(type, code) })
  sendFromKernel(ctx, ns, out)
}

export function sendTcpReset(ctx: Ctx, ns: Netns, skb: Skb, reason: string, why: RstWhy): void {
  const ip = skb.frame.ip!
  const tcp = skb.frame.tcp!
  const seqLen = tcp.flags.includes('SYN') || tcp.flags.includes('FIN') ? 1 : 0
  const hasAck = tcp.flags.includes('ACK')
  const frame: Frame = {
    eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', type: 'IPv4' },
    ip: { src: ip.dst, dst: ip.src, ttl: 64, protocol: 'tcp', id: 0, df: true, totalLength: IPV4_HLEN + TCP_HLEN, tos: 0 },
    tcp: {
      sport: tcp.dport,
      dport: tcp.sport,
      seq: hasAck ? tcp.ack : 0,
      ack: hasAck ? 0 : tcp.seq + seqLen + skb.frame.payloadLength,
      flags: hasAck ? ['RST'] : ['RST', 'ACK'],
      window: 0,
    },
    payloadLength: 0,
  }
  const out = newSkb(ctx, frame, 'reply')
  emit(ctx, ns, out, { kind: 'tcp.rst', reason, why })
  sendFromKernel(ctx, ns, out)
}

/** Kernel-generated packets take the normal local output path, picking a source if none was set. */
function sendFromKernel(ctx: Ctx, ns: Netns, skb: Skb): void {
  ipLocalOut(ctx, ns, skb)
}

function icmpReason(type: number, code: number): string {
  if (type === 11) return 'time to live exceeded in transit'
  if (type !== 3) return `ICMP type ${type} code ${code}`
  return (
    ['network unreachable', 'host unreachable', 'protocol unreachable', 'port unreachable', 'fragmentation needed and DF set'][code] ??
    (code === 13 ? 'communication administratively prohibited' : code === 9 || code === 10 ? 'administratively prohibited' : `unreachable (code ${code})`)
  )
}
