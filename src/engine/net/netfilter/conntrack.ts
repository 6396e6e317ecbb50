/**
 * Connection tracking (net/netfilter/nf_conntrack_core.c, nf_conntrack_proto_tcp.c): tuples,
 * lookup in either direction, unconfirmed entries confirmed at the last hook, the TCP state
 * machine's main transitions, and NAT bindings that rewrite the reply tuple.
 */
import type { ConntrackTuple, TableDelta, ConntrackRow } from '../../tables/types'
import type { Frame } from '../../wire/frame'
import type { ConnEntry, Netns } from '../../sim/world'

/** Default timeouts in seconds (nf_conntrack_tcp_timeout_*, udp, icmp). */
const TCP_TIMEOUT: Record<string, number> = { SYN_SENT: 120, SYN_RECV: 60, ESTABLISHED: 432000, FIN_WAIT: 120, CLOSE_WAIT: 60, LAST_ACK: 30, TIME_WAIT: 120, CLOSE: 10 }
const UDP_TIMEOUT = 30
const ICMP_TIMEOUT = 30

export function tupleOf(f: Frame): ConntrackTuple | null {
  if (!f.ip) return null
  if (f.tcp) return { src: f.ip.src, dst: f.ip.dst, sport: f.tcp.sport, dport: f.tcp.dport }
  if (f.udp) return { src: f.ip.src, dst: f.ip.dst, sport: f.udp.sport, dport: f.udp.dport }
  if (f.icmp && (f.icmp.type === 8 || f.icmp.type === 0))
    return { src: f.ip.src, dst: f.ip.dst, icmp: { type: f.icmp.type, code: f.icmp.code, id: f.icmp.id ?? 0 } }
  return null
}

function invert(t: ConntrackTuple): ConntrackTuple {
  const base = { src: t.dst, dst: t.src }
  if (t.icmp) return { ...base, icmp: { type: t.icmp.type === 8 ? 0 : 8, code: t.icmp.code, id: t.icmp.id } }
  return { ...base, ...(t.dport !== undefined ? { sport: t.dport } : {}), ...(t.sport !== undefined ? { dport: t.sport } : {}) }
}

function sameTuple(a: ConntrackTuple, b: ConntrackTuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport && a.icmp?.type === b.icmp?.type && a.icmp?.id === b.icmp?.id
}

export function findConn(ns: Netns, t: ConntrackTuple): { entry: ConnEntry; dir: 'original' | 'reply' } | null {
  for (const entry of ns.conntrack) {
    if (sameTuple(entry.original, t)) return { entry, dir: 'original' }
    if (sameTuple(entry.reply, t)) return { entry, dir: 'reply' }
  }
  return null
}

export function newConn(ns: Netns, f: Frame, t: ConntrackTuple): ConnEntry {
  const protocol = f.tcp ? 'tcp' : f.udp ? 'udp' : 'icmp'
  const entry: ConnEntry = {
    id: ns.nextConntrackId++,
    protocol,
    timeout: 0,
    original: t,
    reply: invert(t),
    status: { seenReply: false, assured: false, confirmed: false },
    mark: 0,
  }
  if (protocol === 'tcp') entry.tcpState = 'SYN_SENT'
  entry.timeout = timeoutOf(entry)
  return entry
}

/**
 * Seconds left as `conntrack -L` prints them a moment after this packet: the kernel's
 * (expires - now) / HZ rounded down, which is one less than the timeout just set.
 */
function timeoutOf(e: ConntrackRow): number {
  if (e.protocol === 'tcp') return (TCP_TIMEOUT[e.tcpState ?? 'ESTABLISHED'] ?? 120) - 1
  return (e.protocol === 'udp' ? UDP_TIMEOUT : ICMP_TIMEOUT) - 1
}

export function rowOf(e: ConnEntry): ConntrackRow {
  const { confirmedAt: _c, natDone: _n, ...row } = e
  return JSON.parse(JSON.stringify(row)) as ConntrackRow
}

/** __nf_conntrack_confirm: the entry enters the table when its first packet leaves the last hook. */
export function confirmConn(ns: Netns, e: ConnEntry, now: number): TableDelta {
  e.status.confirmed = true
  e.confirmedAt = now
  ns.conntrack.push(e)
  return { table: 'conntrack', netns: ns.name, key: String(e.id), after: rowOf(e) }
}

/** Per-packet state update (tcp_packet / udp_packet). Returns a delta when the row changed. */
export function updateConn(ns: Netns, e: ConnEntry, dir: 'original' | 'reply', f: Frame): TableDelta | null {
  const before = rowOf(e)
  if (dir === 'reply') e.status.seenReply = true
  if (f.tcp && e.tcpState) {
    const flags = f.tcp.flags
    const s = e.tcpState
    if (flags.includes('RST')) e.tcpState = 'CLOSE'
    else if (flags.includes('SYN') && flags.includes('ACK') && dir === 'reply' && s === 'SYN_SENT') e.tcpState = 'SYN_RECV'
    else if (flags.includes('ACK') && !flags.includes('SYN') && dir === 'original' && s === 'SYN_RECV') {
      e.tcpState = 'ESTABLISHED'
      e.status.assured = true
    } else if (flags.includes('FIN') && s === 'ESTABLISHED') e.tcpState = 'FIN_WAIT'
  }
  e.timeout = timeoutOf(e)
  const after = rowOf(e)
  if (!e.status.confirmed || JSON.stringify(before) === JSON.stringify(after)) return null
  return { table: 'conntrack', netns: ns.name, key: String(e.id), before, after }
}

/** The state iptables' `-m conntrack --ctstate` sees for this packet. */
export function ctStateOf(e: ConnEntry, dir: 'original' | 'reply'): 'NEW' | 'ESTABLISHED' {
  return dir === 'original' && !e.status.seenReply ? 'NEW' : 'ESTABLISHED'
}

/** Binds DNAT: replies will come from the new destination. */
export function bindDnat(e: ConnEntry, ip: string, port: number | undefined): void {
  e.reply = { ...e.reply, src: ip, ...(port !== undefined && e.reply.sport !== undefined ? { sport: port } : {}) }
  e.nat = { ...e.nat, dst: true }
}

/** Binds SNAT/MASQUERADE: replies will be addressed to the new source. */
export function bindSnat(e: ConnEntry, ip: string, port: number | undefined): void {
  e.reply = { ...e.reply, dst: ip, ...(port !== undefined && e.reply.dport !== undefined ? { dport: port } : {}) }
  e.nat = { ...e.nat, src: true }
}

/**
 * nf_conntrack_inet_error: an ICMP error belongs to the connection of the packet it quotes.
 * Returns that entry and the direction the error travels in (opposite to the quoted packet).
 */
export function findRelated(ns: Netns, f: Frame): { entry: ConnEntry; dir: 'original' | 'reply' } | null {
  const q = f.icmp?.quoted
  if (!q || f.icmp!.type === 0 || f.icmp!.type === 8) return null
  const quoted: ConntrackTuple =
    q.ip.protocol === 'icmp'
      ? { src: q.ip.src, dst: q.ip.dst, icmp: { type: 8, code: 0, id: q.icmpId ?? 0 } }
      : { src: q.ip.src, dst: q.ip.dst, ...(q.sport !== undefined ? { sport: q.sport } : {}), ...(q.dport !== undefined ? { dport: q.dport } : {}) }
  // The kernel inverts the quoted tuple and looks it up; the direction it is found in is the error's.
  const inv = invert(quoted)
  for (const entry of ns.conntrack) {
    if (sameTuple(entry.original, inv)) return { entry, dir: 'original' }
    if (sameTuple(entry.reply, inv)) return { entry, dir: 'reply' }
  }
  return null
}
