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
  /** Source of each text block, so parse errors can name the original file and line. */
  origin?: { iptables?: SourceOrigin }
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
}

export type LinkType = 'veth' | 'bridge' | 'vxlan' | 'ether' | 'dummy'

export interface LinkSpec {
  name: string
  type: LinkType
  /** When absent, a locally administered MAC is derived from the seed and the link name. */
  mac?: MacAddr
  /** Default 1500. */
  mtu?: number
  /** Default true. */
  up?: boolean
  /** CIDR notation, `10.244.1.1/24`. */
  addrs?: string[]
  /** Bridge this link is a port of. */
  master?: string
  /** Bridge port hairpin mode (reflect frames back out the port they came in on). */
  hairpin?: boolean
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
}
