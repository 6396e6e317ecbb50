/**
 * Building and rewriting frames: the header fields the datapath reads and NAT writes, and the
 * flow tuples trace events carry.
 */
import type { FlowTuple } from '../trace/events'
import type { ConnEntry } from '../sim/world'
import { ETH_HLEN, ICMP_HLEN, IPV4_HLEN, UDP_HLEN, tcpHeaderLength, type Frame, type Ipv4Header } from '../wire/frame'

export function flowOfFrame(f: Frame): FlowTuple | null {
  if (!f.ip) return null
  const base = { protocol: f.ip.protocol, src: f.ip.src, dst: f.ip.dst }
  if (f.tcp) return { ...base, sport: f.tcp.sport, dport: f.tcp.dport }
  if (f.udp) return { ...base, sport: f.udp.sport, dport: f.udp.dport }
  return base
}

/** The tuple of a conntrack direction, or of the frame in hand when one is given. */
export function flowOf(e: ConnEntry, dir: 'original' | 'reply', f?: Frame): FlowTuple {
  if (f) {
    const t = flowOfFrame(f)
    if (t) return t
  }
  const t = dir === 'original' ? e.original : e.reply
  return { protocol: e.protocol, src: t.src, dst: t.dst, ...(t.sport !== undefined ? { sport: t.sport } : {}), ...(t.dport !== undefined ? { dport: t.dport } : {}) }
}

export function rewrite(f: Frame, to: { src?: string; dst?: string; sport?: number; dport?: number }): void {
  if (!f.ip) return
  if (to.src) f.ip.src = to.src
  if (to.dst) f.ip.dst = to.dst
  const l4 = f.tcp ?? f.udp
  if (l4) {
    if (to.sport !== undefined) l4.sport = to.sport
    if (to.dport !== undefined) l4.dport = to.dport
  }
}

/** IPv4 total length from the layers present. */
export function ipTotalLength(f: Frame): number {
  // An ICMP error's quoted datagram counts as its payload (payloadLength).
  const l4 = f.tcp ? tcpHeaderLength(f.tcp) : f.udp ? UDP_HLEN : f.icmp ? ICMP_HLEN : 0
  const inner = f.inner ? frameLength(f.inner) + 8 : 0
  return IPV4_HLEN + l4 + inner + f.payloadLength
}

/** Bytes on the wire without FCS, as tcpdump's `length` after the Ethernet header line. */
export function frameLength(f: Frame): number {
  if (f.arp) return ETH_HLEN + 28
  return ETH_HLEN + (f.ip?.totalLength ?? 0)
}

export function ipHeader(fields: Omit<Ipv4Header, 'totalLength' | 'tos'> & { tos?: number }): Ipv4Header {
  return { tos: 0, totalLength: 0, ...fields }
}

/** Recomputes length fields after layers change. */
export function finalizeLengths(f: Frame): Frame {
  if (f.inner) finalizeLengths(f.inner)
  if (f.udp) f.udp.length = UDP_HLEN + (f.inner ? frameLength(f.inner) + 8 : 0) + f.payloadLength
  if (f.ip) f.ip.totalLength = ipTotalLength(f)
  return f
}
