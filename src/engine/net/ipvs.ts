/**
 * The IP Virtual Server tables (net/netfilter/ipvs): virtual services and their real servers
 * (ip_vs_ctl.c), the round-robin scheduler (ip_vs_rr.c), and the connection table with IPVS's
 * own TCP state machine and timeouts (ip_vs_conn.c, ip_vs_proto_tcp.c, ip_vs_proto_udp.c).
 * Every change to the connection table comes back as a TableDelta for the event that caused it.
 *
 * Not modelled: schedulers other than rr, persistence templates (sessionAffinity), weights other
 * than 1 (the scheduler skips weight 0 only), the dest's overload flag, conn_reuse_mode.
 */
import type { IpvsSpec } from '../lab/spec'
import type { IpvsConnRow, IpvsServiceRow, TableDelta } from '../tables/types'
import type { Ipv4Addr, TcpFlag } from '../wire/frame'

export interface IpvsService extends IpvsServiceRow {
  /** ip_vs_rr's sched_data: the list position it picked last (-1 = the list head, nothing yet). */
  rrLast: number
}

export interface IpvsState {
  /** net.ipv4.vs.conntrack. */
  conntrack: boolean
  services: IpvsService[]
  conns: IpvsConnRow[]
  nextConnId: number
}

type Endpoint = { addr: Ipv4Addr; port: number }

const TCP_STATES = ['NONE', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'SYNACK'] as const
type TcpState = (typeof TCP_STATES)[number]

/** Seconds each TCP state lives (tcp_timeouts in ip_vs_proto_tcp.c); UDP conns live 5 minutes. */
const TCP_TIMEOUT: Record<TcpState, number> = { NONE: 2, ESTABLISHED: 900, SYN_SENT: 120, SYN_RECV: 60, FIN_WAIT: 120, TIME_WAIT: 120, CLOSE: 10, CLOSE_WAIT: 60, LAST_ACK: 30, LISTEN: 120, SYNACK: 120 }
const UDP_TIMEOUT = 300

/**
 * tcp_states: the next state by direction and the segment's first flag among rst, syn, fin,
 * ack; columns follow TCP_STATES. A client's packets are INPUT, the real server's OUTPUT.
 */
const S = (row: string) => row.split(' ') as TcpState[]
const NEXT: Record<'input' | 'output', Record<'syn' | 'fin' | 'ack' | 'rst', TcpState[]>> = {
  input: {
    syn: S('SYN_RECV ESTABLISHED ESTABLISHED SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV'),
    fin: S('CLOSE CLOSE_WAIT SYN_SENT TIME_WAIT TIME_WAIT TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN TIME_WAIT'),
    ack: S('CLOSE ESTABLISHED SYN_SENT ESTABLISHED FIN_WAIT TIME_WAIT CLOSE CLOSE_WAIT CLOSE LISTEN ESTABLISHED'),
    rst: S('CLOSE CLOSE CLOSE SYN_RECV CLOSE CLOSE CLOSE CLOSE LAST_ACK LISTEN SYN_RECV'),
  },
  output: {
    syn: S('SYN_SENT ESTABLISHED SYN_SENT SYN_RECV SYN_SENT SYN_SENT SYN_SENT SYN_SENT SYN_SENT LISTEN SYN_RECV'),
    fin: S('TIME_WAIT FIN_WAIT SYN_SENT TIME_WAIT FIN_WAIT TIME_WAIT CLOSE TIME_WAIT LAST_ACK LISTEN TIME_WAIT'),
    ack: S('ESTABLISHED ESTABLISHED SYN_SENT ESTABLISHED FIN_WAIT TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK ESTABLISHED ESTABLISHED'),
    rst: S('CLOSE CLOSE SYN_SENT CLOSE CLOSE TIME_WAIT CLOSE CLOSE CLOSE CLOSE CLOSE'),
  },
}

export function createIpvs(spec: IpvsSpec): IpvsState {
  return {
    conntrack: spec.conntrack ?? true,
    services: spec.services.map((s) => ({
      protocol: s.protocol,
      addr: s.addr,
      port: s.port,
      scheduler: s.scheduler,
      ...(s.persistent !== undefined ? { persistent: s.persistent } : {}),
      reals: s.reals.map((r) => ({ addr: r.addr, port: r.port, weight: r.weight, forward: 'Masq' as const })),
      rrLast: -1,
    })),
    conns: [],
    nextConnId: 1,
  }
}

export function serviceRow(s: IpvsService): IpvsServiceRow {
  const { rrLast: _r, ...row } = s
  return { ...row, reals: row.reals.map((r) => ({ ...r })) }
}

/** `TCP  10.96.0.10:80`, as ipvsadm names a virtual service. */
export function serviceName(s: Pick<IpvsServiceRow, 'protocol' | 'addr' | 'port'>): string {
  return `${s.protocol.toUpperCase()}  ${s.addr}:${s.port}`
}

/** ip_vs_service_find: the virtual service for a protocol, address and port. */
export function findService(st: IpvsState, protocol: string, addr: Ipv4Addr, port: number | undefined): IpvsService | undefined {
  return st.services.find((s) => s.protocol === protocol && s.addr === addr && s.port === port)
}

/** ip_vs_rr_schedule: the next real server after the last one picked, skipping weight 0. */
export function scheduleRr(s: IpvsService): IpvsServiceRow['reals'][number] | undefined {
  const n = s.reals.length
  for (let i = 1; i <= n; i++) {
    const at = (s.rrLast + i) % n
    if (s.reals[at]!.weight > 0) {
      s.rrLast = at
      return s.reals[at]
    }
  }
  return undefined
}

/** ip_vs_conn_in_get: a packet from a client to a virtual service. */
export function connIn(st: IpvsState, protocol: string, src: Endpoint, dst: Endpoint): IpvsConnRow | undefined {
  return st.conns.find((c) => c.protocol === protocol && same(c.client, src) && same(c.virtual, dst))
}

/** ip_vs_conn_out_get: a packet from a real server back to its client. */
export function connOut(st: IpvsState, protocol: string, src: Endpoint, dst: Endpoint): IpvsConnRow | undefined {
  return st.conns.find((c) => c.protocol === protocol && same(c.real, src) && same(c.client, dst))
}

function same(a: Endpoint, b: Endpoint): boolean {
  return a.addr === b.addr && a.port === b.port
}

/** ip_vs_conn_new: a fresh entry in state NONE; its first packet's state transition records it. */
export function newConn(st: IpvsState, protocol: 'tcp' | 'udp', client: Endpoint, virtual: Endpoint, real: Endpoint): IpvsConnRow {
  const conn: IpvsConnRow = { id: st.nextConnId++, protocol, state: protocol === 'tcp' ? 'NONE' : 'UDP', timeout: 0, client: { ...client }, virtual: { ...virtual }, real: { ...real } }
  st.conns.push(conn)
  return conn
}

/**
 * set_tcp_state / udp_state_transition for one packet: the new state and its timeout, shown as
 * the seconds left a moment later (one less than the timeout just set, as /proc rounds down).
 * Returns the change as a delta (with no `before` when the entry was just created).
 */
export function stateTransition(netns: string, c: IpvsConnRow, dir: 'input' | 'output', flags: TcpFlag[] | undefined, created: boolean): TableDelta | null {
  const before = { ...c }
  if (c.protocol === 'udp') c.timeout = UDP_TIMEOUT - 1
  else {
    const f = flags ?? []
    const which = f.includes('RST') ? 'rst' : f.includes('SYN') ? 'syn' : f.includes('FIN') ? 'fin' : f.includes('ACK') ? 'ack' : null
    const cur = TCP_STATES.indexOf(c.state as TcpState)
    const next = which && cur >= 0 ? NEXT[dir][which][cur]! : (c.state as TcpState)
    c.state = next
    c.timeout = TCP_TIMEOUT[next] - 1
  }
  if (!created && JSON.stringify(before) === JSON.stringify(c)) return null
  return { table: 'ipvs', netns, key: String(c.id), ...(created ? {} : { before }), after: { ...c } }
}
