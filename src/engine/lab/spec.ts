/**
 * LabSpec: the complete, low-level description of a world the engine can load — network
 * namespaces, their links, addresses, routes, neighbours, FDB entries, iptables rules, the
 * applications listening in them and the journey to run.
 *
 * It is the engine's only input. The control plane (kubelet/CNI, flannel, kube-proxy builders)
 * returns a LabSpec ("plans, not effects"); a hand-written or dumped lab file parses into one.
 * Everything here is plain data. Names are the kernel's own (`cni0`, `flannel.1`, `vethXXXX`).
 */
import type { Ipv4Addr, MacAddr, IpProtocol } from '../wire/frame'

export interface LabSpec {
  /** Human name of the lab (scenario id or file name). */
  name: string
  /** Display grouping: the machines (VMs, routers, clients) namespaces live on. */
  hosts: HostSpec[]
  netns: NetnsSpec[]
  /** Applications bound to sockets: servers that answer, proxies that open a second connection. */
  apps: AppSpec[]
  /** What the journey sends. A lab with no journey only loads (tables view). */
  journey?: JourneySpec
  /** Seed for the PRNG (statistic match, ephemeral ports, random MACs not given). Default 1. */
  seed?: number
}

export type HostKind = 'node' | 'client' | 'router' | 'loadbalancer' | 'server'

export interface HostSpec {
  name: string
  kind: HostKind
  /** Free text shown under the host on the canvas ("control-plane", "internet"). */
  role?: string
}

export interface NetnsSpec {
  /** Unique across the lab. Root namespaces take the host's name; pods `<host>/<pod>` by convention. */
  name: string
  host: string
  kind: 'root' | 'pod'
  /** Kubernetes identity of a pod namespace, for display ("default/web-1"). */
  pod?: { namespace: string; name: string; containers: string[] }
  sysctl?: SysctlSpec
  /** Every link except `lo`, which every namespace gets implicitly (127.0.0.1/8, up). */
  links: LinkSpec[]
  /** Routes added beyond the kernel's own (local table entries and connected routes are derived). */
  routes?: RouteSpec[]
  neigh?: NeighSpec[]
  fdb?: FdbSpec[]
  /** iptables rules in `iptables-save` format (all tables in one text). */
  iptables?: string
  /**
   * What else a learner would look at on this machine, as the command and its output (flannel's
   * `cat /run/flannel/subnet.env`, the node's lease annotations). Shown beside the tables.
   */
  info?: InfoTable[]
  /**
   * IP sets (`ipset create` + `ipset add`), in creation order. `-m set --match-set` rules in
   * `iptables` match against their members; `ipset list` prints them.
   */
  ipsets?: IpsetSpec[]
  /** The IP Virtual Server table (`ipvsadm -A` / `-a`): virtual services and their real servers. */
  ipvs?: IpvsSpec
  /**
   * User space that answers the kernel's VXLAN L2/L3 miss notifications in this namespace
   * (flanneld ≤ v0.8 answering from its leases in etcd). Without it a miss stays unanswered.
   */
  missResponder?: MissResponderSpec
  /** Source of each text block, so parse errors can name the original file and line. */
  origin?: { iptables?: SourceOrigin }
}

export interface MissResponderSpec {
  /** Who answers, as the trace names it. */
  by: 'flanneld'
  /** L3 miss (no neighbour for an address): every address in `subnet` resolves to `lladdr` (a remote VtepMAC). */
  l3: { subnet: string; lladdr: MacAddr }[]
  /** L2 miss (no FDB entry for a MAC): `lladdr` lives behind the VTEP at `dst`. */
  l2: { lladdr: MacAddr; dst: Ipv4Addr }[]
}

/** One ipset, as `ipset create NAME TYPE …` made it and `ipset add` filled it. */
export interface IpsetSpec {
  name: string
  /** `hash:ip,port`, `hash:ip,port,ip`, `hash:ip,port,net`, `hash:ip`, `bitmap:port`. */
  type: string
  /** Creation options as `ipset list` prints them in `Header:` (`family inet hashsize 1024 maxelem 65536`, `range 0-65535`). */
  header: string
  /** Members as `ipset list` prints them: `10.96.0.10,tcp:80`, `10.244.1.3,tcp:8080,10.244.1.3`, `30080`. */
  members: string[]
}

export interface IpvsSpec {
  /**
   * net.ipv4.vs.conntrack: IPVS keeps the packet's conntrack entry and points its reply tuple at
   * the real server. Default true, as kube-proxy sets it; false (the kernel's default, where
   * ip_vs_notrack untracks the packet) is not modelled and is refused.
   */
  conntrack?: boolean
  services: IpvsServiceSpec[]
}

export interface IpvsServiceSpec {
  protocol: 'tcp' | 'udp'
  /** Virtual address and port (`-t 10.96.0.10:80`). */
  addr: Ipv4Addr
  port: number
  /** Scheduler (`-s rr`). Only `rr` is modelled. */
  scheduler: 'rr'
  /** `-p timeout`: persistence (sessionAffinity ClientIP), printed by ipvsadm; not modelled in scheduling. */
  persistent?: number
  /**
   * Real servers in the kernel's list order (each `ipvsadm -a` adds at the head of the list),
   * which is the order round robin walks; `ipvsadm -Ln` prints them sorted instead.
   */
  reals: { addr: Ipv4Addr; port: number; weight: number; forward: 'masq' }[]
}

export interface InfoTable {
  title: string
  command: string
  text: string
}

export interface SourceOrigin {
  file: string
  /** 1-based line in `file` of the block's first line. */
  line: number
  /** 1-based column in `file` where each of the block's lines starts. */
  column: number
}

export interface SysctlSpec {
  /** net.ipv4.ip_forward. Default false (kernel default); nodes set it. */
  ipForward?: boolean
  /** net.bridge.bridge-nf-call-iptables (br_netfilter loaded). Default true, as kubeadm requires. */
  bridgeNfCallIptables?: boolean
  /** net.ipv4.conf.all.rp_filter. Not modelled beyond 0; here for completeness. */
  rpFilter?: 0 | 1 | 2
  /**
   * The maximum of net.ipv4.tcp_rmem, which sets the window scale a SYN advertises
   * (ilog2(max) − 15). Default 6291456 (6 MiB, wscale 7), the long-standing default; recent
   * kernels ship 33554432 (32 MiB, wscale 10).
   */
  tcpRmemMax?: number
}

export type LinkType = 'veth' | 'bridge' | 'vxlan' | 'ether' | 'dummy'

export interface LinkSpec {
  name: string
  type: LinkType
  /** When absent, a locally administered MAC is derived from the seed and the link name. */
  mac?: MacAddr
  /** Default 1500. */
  mtu?: number
  /**
   * tx_queue_len. Default 1000, what `ip link add` leaves; a device created through
   * vishvananda/netlink with TxQLen unset gets 0 (kube-proxy's kube-ipvs0), which `ip` omits.
   */
  txqlen?: number
  /** Default true. */
  up?: boolean
  /** CIDR notation, `10.244.1.1/24`. */
  addrs?: string[]
  /** Bridge this link is a port of. */
  master?: string
  /** Bridge port hairpin mode (reflect frames back out the port they came in on). */
  hairpin?: boolean
  /**
   * net.ipv4.neigh.<dev>.app_solicit: how many neighbour probes go to user space (RTM_GETNEIGH)
   * before the kernel ARPs itself. flannel ≤ v0.8 sets 3 on flannel.1 and answers these "L3
   * misses" from its leases (the namespace's missResponder). Default 0.
   */
  appSolicit?: number
  /** veth: the other end. Declare the pair on one side only. */
  peer?: { netns: string; name: string; mac?: MacAddr; mtu?: number; addrs?: string[] }
  /** ether: the L2 segment (underlay switch) this NIC is plugged into. */
  segment?: string
  vxlan?: VxlanLinkSpec
}

export interface VxlanLinkSpec {
  vni: number
  /** UDP destination port. Linux's default is 8472 (flannel leaves it unset). */
  port?: number
  /** Source address of outer packets. */
  local?: Ipv4Addr
  /** Underlay device. */
  dev?: string
  /** FDB learning from received packets. flannel sets `nolearning`. */
  learning?: boolean
  /** Ask user space (flanneld) on L2/L3 misses, as flannel ≤ v0.8 did. */
  l2miss?: boolean
  l3miss?: boolean
}

export type RouteType = 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit'

export interface RouteSpec {
  /** `default` or a CIDR (`10.244.2.0/24`, `10.96.0.10/32`). */
  dst: string
  type?: RouteType
  via?: Ipv4Addr
  dev?: string
  onlink?: boolean
  scope?: 'global' | 'link' | 'host'
  src?: Ipv4Addr
  proto?: 'kernel' | 'boot' | 'static'
  metric?: number
  table?: 'main' | 'local'
}

export type NeighState = 'PERMANENT' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'INCOMPLETE' | 'FAILED' | 'NOARP'

export interface NeighSpec {
  ip: Ipv4Addr
  dev: string
  lladdr?: MacAddr
  state: NeighState
}

export interface FdbSpec {
  mac: MacAddr
  dev: string
  /** VXLAN remote (`bridge fdb append … dst 192.168.0.3`). */
  dst?: Ipv4Addr
  /** Entry in the device's own table (`self`), as VXLAN entries are; else the bridge's. */
  self?: boolean
  permanent?: boolean
}

/** An application bound in a namespace. Servers answer; nothing is scripted beyond that. */
export type AppSpec =
  | {
      kind: 'tcp-server' | 'udp-server'
      netns: string
      /** `0.0.0.0:8080` or `10.244.1.2:8080`. */
      listen: string
      /** What the server writes back for each request. */
      response: string
      name?: string
    }
  | {
      kind: 'dns-server'
      netns: string
      listen: string
      /** A records this server answers with. */
      records: Record<string, Ipv4Addr>
      name?: string
      /** TTL of its answers in seconds. Default 5 (CoreDNS's kubernetes plugin; kubeadm's Corefile sets 30). */
      ttl?: number
      /** Zone the server is authoritative for: NXDOMAIN and NODATA answers inside it carry its SOA. */
      zone?: string
      /** Compress names in answers. Default true; CoreDNS leaves small answers uncompressed. */
      compress?: boolean
    }
  | TcpProxyAppSpec

/**
 * A userspace TCP proxy (kube-proxy's userspace mode, ingress-nginx): the kernel accepts the
 * client's connection; for each request the proxy opens a second connection of its own to an
 * upstream, writes the (possibly rewritten) request, and copies the answer back.
 */
export interface TcpProxyAppSpec {
  kind: 'tcp-proxy'
  netns: string
  /** `0.0.0.0:36012`. */
  listen: string
  /** `ip:port` of each upstream (a Service's endpoints). */
  upstreams: string[]
  /**
   * How the next upstream is chosen. `round-robin` walks the list in order;
   * `shuffled-round-robin` shuffles it once with the seeded PRNG first, as kube-proxy's
   * LoadBalancerRR does on every endpoints update; `random` draws each time. Default round-robin.
   */
  policy?: 'round-robin' | 'shuffled-round-robin' | 'random'
  /**
   * HTTP request headers added before the request goes upstream (`X-Real-IP: $remote_addr`).
   * Values may use nginx's `$remote_addr`, `$remote_port`, `$server_addr`, `$server_port`,
   * `$host` and `$proxy_add_x_forwarded_for`.
   */
  addHeaders?: Record<string, string>
  /** HTTP routing by Host and path prefix, first by host then longest prefix; `upstreams` is the fallback. */
  routes?: { host?: string; path?: string; upstreams: string[] }[]
  /** Written back when no route and no fallback upstream takes the request. */
  noUpstreamResponse?: string
  /**
   * Terminate TLS 1.3 on accepted connections (ingress-nginx on 443): the certificate's name is
   * the SNI when it is one of `hosts` (the Ingress objects' tls hosts), else `defaultCertificate`.
   */
  tls?: { hosts: string[]; defaultCertificate: string }
  name?: string
}

export interface JourneySpec {
  /** Namespace the client runs in. */
  from: string
  protocol: IpProtocol
  dst: Ipv4Addr
  /** TCP/UDP destination port. */
  dport?: number
  /** Fixed source port; default an ephemeral port drawn from the seeded PRNG. */
  sport?: number
  /** Request bytes the client sends once connected (TCP) or as the datagram (UDP). */
  request?: string
  /** ICMP echo: number of echo requests. Default 1. */
  count?: number
  /** UDP only: send a DNS A query for this name instead of `request` text. */
  query?: string
  /** IP TTL of the client's packets (`ping -t`, IP_TTL). Default 64. */
  ttl?: number
  /** The client process as a learner knows it (the container's name, `curl`). Default `client`. */
  app?: string
  /** TCP only: speak TLS 1.3 first (https), with this server name in the Client Hello. */
  tls?: { sni: string }
  /**
   * Look a name up first, as glibc's getaddrinfo() does with the namespace's /etc/resolv.conf,
   * then connect to the address it returns (`dst` is the address the lab expects it to return).
   */
  resolve?: ResolveSpec
}

/** The stub resolver's input: the name asked for and resolv.conf's nameserver, search and ndots. */
export interface ResolveSpec {
  name: string
  nameserver: Ipv4Addr
  search: string[]
  ndots: number
}
