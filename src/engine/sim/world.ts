/**
 * The runtime world: every namespace with its links and tables, as the kernel holds them.
 * Only the functions in net/ mutate these structures, and each mutation is recorded as a
 * TableDelta on the trace event that caused it (see trace/recorder.ts).
 */
import type { HostSpec, LabSpec, LinkType, NetnsSpec, AppSpec } from '../lab/spec'
import type { DnsMessage, Frame, Ipv4Addr, MacAddr } from '../wire/frame'
import type { ConntrackRow, FdbRow, NeighRow, RouteRow } from '../tables/types'
import type { Ruleset } from '../net/netfilter/iptables'
import type { IpvsState } from '../net/ipvs'
import type { Prng } from './prng'

export interface IfAddr {
  ip: Ipv4Addr
  len: number
}

export interface Link {
  index: number
  name: string
  type: LinkType | 'loopback'
  mac: MacAddr
  mtu: number
  up: boolean
  /** tx_queue_len, when not the default 1000. */
  txqlen?: number
  addrs: IfAddr[]
  master?: string
  hairpin: boolean
  /** Neighbour probes handed to user space first (app_solicit). */
  appSolicit?: number
  peer?: { netns: string; name: string }
  segment?: string
  vxlan?: {
    vni: number
    port: number
    local?: Ipv4Addr
    dev?: string
    learning: boolean
    l2miss: boolean
    l3miss: boolean
  }
}

/** A neighbour entry plus the packets queued while it resolves (arp_queue). */
export interface NeighEntry extends NeighRow {
  queue: PendingXmit[]
  probes: number
  /** The cached Ethernet header (hh_cache), filled by the first output through the entry. */
  hh?: boolean
}

/** A packet waiting in arp_queue, with what to do once the neighbour resolves or fails. */
export interface PendingXmit {
  skb: Skb
  resume: (mac: MacAddr) => void
  fail: () => void
}

export interface ConnEntry extends ConntrackRow {
  /** Set once the first packet passed the confirm point (POSTROUTING or INPUT). */
  confirmedAt?: number
  /** Which NAT manips the nat table has already decided (nf_nat_initialized). */
  natDone?: { dst?: boolean; src?: boolean }
}

export interface Socket {
  id: number
  protocol: 'tcp' | 'udp'
  localIp: Ipv4Addr
  localPort: number
  remoteIp?: Ipv4Addr
  remotePort?: number
  role: 'listen' | 'client' | 'accepted'
  state: 'LISTEN' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'CLOSED' | 'BOUND'
  app: AppSpec | { kind: 'client'; netns: string; name: string }
  sndNxt: number
  rcvNxt: number
  /** A client socket's request, sent once the connection is established. */
  request?: string
  /** IP_TTL; default 64. */
  ttl?: number
  /** TCP timestamps: this connection's random clock offset, and the peer's last TS val. */
  tsOffset?: number
  tsRecent?: number
  /** TLS on this connection: the client's SNI, or on an accepted socket the handshake's progress. */
  tls?: { sni?: string; established: boolean }
  /** A stub resolver's socket: DNS answers go to the resolver, not into the journey's outcome. */
  onDns?: (answer: DnsMessage) => void
  /** A proxy's own connection to an upstream: the id of the accepted socket it answers. */
  relay?: number
  /** A proxy's listening socket: per upstream list, its order and next index (kube-proxy's balancerState). */
  balancers?: Record<string, { order: string[]; next: number }>
}

export interface Netns {
  spec: NetnsSpec
  name: string
  host: string
  links: Map<string, Link>
  routes: RouteRow[]
  neigh: Map<string, NeighEntry>
  fdb: Map<string, FdbRow>
  ruleset: Ruleset | null
  conntrack: ConnEntry[]
  /** The IPVS tables, when the lab configures IPVS in this namespace (ip_vs loaded). */
  ipvs: IpvsState | null
  nextConntrackId: number
  sysctl: { ipForward: boolean; bridgeNfCallIptables: boolean }
  sockets: Socket[]
  nextIpId: number
}

/** The kernel's sk_buff, reduced to what the datapath reads: the frame plus metadata. */
export interface Skb {
  frame: Frame
  /** Journey packet number (trace `packet`). */
  packet: number
  mark: number
  /** Conntrack entry and direction once conntrack has seen the packet. */
  ct?: { entry: ConnEntry; dir: 'original' | 'reply'; isNew: boolean; related?: boolean }
  /** br_netfilter state: set when the frame entered through a bridge port. */
  nfBridge?: { physIn: string; bridge: string; origDst: Ipv4Addr }
  /** Route chosen on input (br_netfilter's early lookup) or output. */
  dst?: RouteResult
  /** True for packets this namespace originated (no br_netfilter re-entry). */
  localOut?: boolean
  /** skb->ipvs_property: IPVS already handled this packet; its hooks let it pass from now on. */
  ipvsProperty?: boolean
}

export interface RouteResult {
  kind: 'local' | 'unicast' | 'broadcast' | 'unreachable' | 'blackhole' | 'prohibit'
  route?: RouteRow
  oif?: string
  gateway?: Ipv4Addr
  src?: Ipv4Addr
}

export interface World {
  spec: LabSpec
  hosts: Map<string, HostSpec>
  netns: Map<string, Netns>
  /** Segment name → the NICs plugged into it. */
  segments: Map<string, { netns: string; dev: string }[]>
  /** What each segment's switch has learnt: MAC → the NIC it was last seen from. */
  segmentFdb: Map<string, Map<string, { netns: string; dev: string }>>
  prng: Prng
  nextSocketId: number
}

export { neighKey, fdbKey } from './keys'
