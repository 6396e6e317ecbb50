/**
 * Table rows as plain data: what `ip addr`, `ip route`, `ip neigh`, `bridge fdb`,
 * `iptables-save -c`, `conntrack -L`, `ipvsadm -Ln` / `-Lnc` and `ipset list` list. A
 * `NetnsTables` snapshot is taken when a lab loads; every later change travels as a
 * `TableDelta` inside the trace event that caused it, so the tables at step N are the snapshot
 * folded with the deltas of steps 1..N.
 */
import type { Ipv4Addr, MacAddr, IpProtocol } from '../wire/frame'
import type { InfoTable, LinkType, NeighState, RouteType } from '../lab/spec'

export interface LinkRow {
  index: number
  name: string
  type: LinkType | 'loopback'
  mac: MacAddr
  mtu: number
  up: boolean
  /** tx_queue_len, when not the default 1000. */
  txqlen?: number
  /** `10.244.1.1/24` */
  addrs: string[]
  master?: string
  hairpin?: boolean
  /** veth peer as `<netns>/<ifname>` plus its ifindex, like `eth0@if7`. */
  peer?: { netns: string; name: string; index: number }
  segment?: string
  vxlan?: { vni: number; port: number; local?: Ipv4Addr; dev?: string; learning: boolean; l2miss: boolean; l3miss: boolean }
}

export interface RouteRow {
  table: 'main' | 'local'
  type: RouteType
  /** `default`, `10.244.2.0/24`, or a host address for /32 and local/broadcast routes. */
  dst: string
  via?: Ipv4Addr
  dev: string
  onlink?: boolean
  scope: 'global' | 'link' | 'host'
  src?: Ipv4Addr
  proto?: 'kernel' | 'boot' | 'static'
  metric?: number
}

export interface NeighRow {
  ip: Ipv4Addr
  dev: string
  lladdr?: MacAddr
  state: NeighState
}

export interface FdbRow {
  mac: MacAddr
  /** The port (bridge member or vxlan device). */
  dev: string
  /** Bridge the entry belongs to (`master cni0`); absent for `self` entries of a VXLAN device. */
  master?: string
  dst?: Ipv4Addr
  self?: boolean
  /** `permanent` for the bridge's own and its ports' MACs, and static VXLAN entries. */
  permanent: boolean
  /** Learned entries age; kept for display as "learned at" (virtual µs). */
  learnedAt?: number
}

export interface RuleRow {
  /** The rule exactly as `iptables-save` prints it, without counters: `-A KUBE-SERVICES -d … -j …`. */
  text: string
  packets: number
  bytes: number
}

export interface ChainRow {
  name: string
  /** Built-in chains have a policy; user chains print `-`. */
  policy: 'ACCEPT' | 'DROP' | '-'
  packets: number
  bytes: number
  rules: RuleRow[]
}

export interface IptablesTableRow {
  name: 'raw' | 'mangle' | 'security' | 'nat' | 'filter'
  chains: ChainRow[]
}

export interface ConntrackTuple {
  src: Ipv4Addr
  dst: Ipv4Addr
  sport?: number
  dport?: number
  /** ICMP echo: type, code and id. */
  icmp?: { type: number; code: number; id: number }
}

export interface ConntrackRow {
  /** Stable id of the entry within its namespace (creation order). */
  id: number
  protocol: IpProtocol
  /** TCP state as `conntrack -L` prints it (SYN_SENT, ESTABLISHED…); absent for UDP/ICMP. */
  tcpState?: string
  /** Seconds left, as printed in the third column. */
  timeout: number
  original: ConntrackTuple
  reply: ConntrackTuple
  /** `[UNREPLIED]` until a reply is seen; `[ASSURED]` after traffic both ways (TCP: after handshake). */
  status: { seenReply: boolean; assured: boolean; confirmed: boolean }
  mark: number
  /** Which NAT the entry carries, for the UI (`conntrack -L` shows it only through the tuples). */
  nat?: { src?: boolean; dst?: boolean }
}

/** One IPVS virtual service as `ipvsadm -Ln` lists it, with its real servers in the kernel's list order. */
export interface IpvsServiceRow {
  protocol: 'tcp' | 'udp'
  addr: Ipv4Addr
  port: number
  scheduler: string
  persistent?: number
  reals: { addr: Ipv4Addr; port: number; weight: number; forward: 'Masq' }[]
}

/** One entry of the IPVS connection table (`ipvsadm -Lnc`, /proc/net/ip_vs_conn). */
export interface IpvsConnRow {
  /** Stable id within its namespace (creation order). */
  id: number
  protocol: 'tcp' | 'udp'
  /** IPVS's own protocol state (`SYN_RECV`, `ESTABLISHED`, `UDP`), not conntrack's. */
  state: string
  /** Seconds left, as `ipvsadm -Lnc` prints them in `mm:ss`. */
  timeout: number
  client: { addr: Ipv4Addr; port: number }
  virtual: { addr: Ipv4Addr; port: number }
  real: { addr: Ipv4Addr; port: number }
}

/** One ipset as `ipset list` prints it. */
export interface IpsetRow {
  name: string
  type: string
  header: string
  members: string[]
  /** iptables rules whose `-m set` match holds the set. */
  references: number
}

export interface NetnsTables {
  netns: string
  links: LinkRow[]
  routes: RouteRow[]
  neigh: NeighRow[]
  fdb: FdbRow[]
  iptables: IptablesTableRow[]
  conntrack: ConntrackRow[]
  /** Command outputs the lab provides as they are (flannel's subnet.env, lease records). */
  info?: InfoTable[]
  /** IPVS virtual services (present only where the lab configures IPVS). */
  ipvs?: IpvsServiceRow[]
  /** IPVS connection table (present with `ipvs`). */
  ipvsConns?: IpvsConnRow[]
  ipsets?: IpsetRow[]
}

/**
 * One change to one table. `key` identifies the row within its table (`rowKey` in
 * tables/fold.ts); `before` is absent for an add, `after` absent for a delete. Counter deltas
 * are increments: the packets and bytes this one event added to a rule or chain policy.
 */
export type TableDelta =
  | { table: 'neigh'; netns: string; key: string; before?: NeighRow; after?: NeighRow }
  | { table: 'fdb'; netns: string; key: string; before?: FdbRow; after?: FdbRow }
  | { table: 'conntrack'; netns: string; key: string; before?: ConntrackRow; after?: ConntrackRow }
  | { table: 'route'; netns: string; key: string; before?: RouteRow; after?: RouteRow }
  | { table: 'ipvs'; netns: string; key: string; before?: IpvsConnRow; after?: IpvsConnRow }
  | {
      table: 'counter'
      netns: string
      /** `<table>/<chain>/<rule index, 1-based>`, or `<table>/<chain>/policy` for a policy hit. */
      key: string
      packets: number
      bytes: number
    }
