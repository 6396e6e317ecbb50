/**
 * The trace: a typed, versioned list of per-hop events in kernel vocabulary. It is plain data
 * (no classes, no functions), so it crosses postMessage, JSON and golden files unchanged, and
 * every view (canvas, tables, inspector, sequence diagram, CLI lines) is derived from it.
 *
 * Each event carries the frame as it is at that point and the table rows it changed, so a
 * consumer can step backwards without re-running the engine.
 */
import type { Frame, Ipv4Addr, MacAddr } from '../wire/frame'
import type { NetnsTables, TableDelta } from '../tables/types'
import type { Topology } from './topology'

export const TRACE_VERSION = 1

export type PacketLeg = 'request' | 'reply' | 'control'

export type NfHook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING'
export type NfTableName = 'raw' | 'mangle' | 'nat' | 'filter'

/** A flow's addresses and ports, `10.244.1.2:41234 → 10.96.0.10:80`. */
export interface FlowTuple {
  protocol: 'tcp' | 'udp' | 'icmp'
  src: Ipv4Addr
  dst: Ipv4Addr
  sport?: number
  dport?: number
}

export interface HopBase {
  /** 1-based position in the trace. */
  seq: number
  /** Virtual time in microseconds since the journey started. */
  time: number
  /** Host (VM, router, client) the event happens on. */
  host: string
  netns: string
  /** Device acting, when one does (`eth0`, `cni0`, `flannel.1`). */
  dev?: string
  /** Which packet of the journey this is, 1-based, in the order packets were first sent. */
  packet: number
  /**
   * Which way the packet goes in the journey: `request` from the client, `reply` back to it
   * (answers, resets, ICMP errors), `control` for the kernel's own traffic (ARP). Absent when
   * the event has no packet.
   */
  leg?: PacketLeg
  /** The frame as it is after this event (snapshot). Absent for events with no frame in hand. */
  frame?: Frame
  /** Table rows this event created or changed. */
  deltas: TableDelta[]
}

export type DropCode =
  | 'no-route'
  | 'unreachable-route'
  | 'neigh-failed'
  | 'nf-drop'
  | 'nf-reject'
  | 'nf-policy'
  | 'ttl-exceeded'
  | 'frag-needed'
  | 'no-listener'
  | 'link-down'
  | 'not-for-us'
  | 'forwarding-disabled'
  | 'vxlan-no-fdb'
  | 'no-carrier'
  | 'martian'

/**
 * Why a packet was dropped, as data: one variant per sentence the engine writes into a drop's
 * `reason`, with the sentence's values as fields, so a view can word it in any language. The
 * English `reason` stays beside it for the CLI, the goldens and the kernel oracle.
 */
export type DropWhy =
  | { code: 'link-down'; dev: string }
  | { code: 'other-host'; dev: string; dst: MacAddr; mac: MacAddr }
  | { code: 'dummy'; dev: string }
  | { code: 'tcp-no-listener'; ip: Ipv4Addr; port: number }
  | { code: 'udp-no-listener'; ip: Ipv4Addr; port: number }
  | { code: 'hairpin-off'; mac: MacAddr; port: string }
  | { code: 'nf-policy'; table: NfTableName; chain: string }
  | { code: 'nf-rule'; table: NfTableName; rule: string }
  | { code: 'nf-reject'; table: NfTableName; hook: NfHook; with: string }
  | { code: 'redirect-no-addr'; dev?: string }
  | { code: 'masquerade-no-addr'; dev: string }
  | { code: 'forwarding-disabled'; dst: Ipv4Addr }
  | { code: 'blackhole'; dst: Ipv4Addr }
  | { code: 'route-refuses'; route: string; result: string }
  | { code: 'no-route'; dst: Ipv4Addr }
  | { code: 'ttl-forward'; ttl: number }
  | { code: 'frag-needed'; size: number; dev: string; mtu: number }
  | { code: 'neigh-queue-failed'; ip: Ipv4Addr; dev: string }
  | { code: 'neigh-failed'; ip: Ipv4Addr; dev: string; tries: number }
  | { code: 'vxlan-l2-miss'; dev: string; mac: MacAddr; answered: 'flanneld' | 'none' }
  | { code: 'vxlan-no-fdb'; dev: string; mac: MacAddr }
  | { code: 'ipvs-no-real'; service: string }
  | { code: 'ipvs-no-route'; real: Ipv4Addr }
  | { code: 'ipvs-ttl'; ttl: number }
  | { code: 'arp-not-ours'; ip: Ipv4Addr }
  | { code: 'arp-unsolicited'; ip: Ipv4Addr }

/** Why the kernel sent a TCP reset, as data beside the English `reason`. */
export type RstWhy =
  | { code: 'no-socket'; port: number }
  | { code: 'not-syn' }
  | { code: 'reject' }

/** How the journey ended, as data beside the English `summary` (see DropWhy). */
export type OutcomeWhy =
  /** `answer` is the first lines of what the server sent, verbatim (application data). */
  | { code: 'answer'; answer: string }
  | { code: 'answer-udp' }
  | { code: 'refused'; ip: Ipv4Addr }
  | { code: 'echo'; ip: Ipv4Addr; count: number }
  | { code: 'icmp-error'; ip: Ipv4Addr; icmpType: number; icmpCode: number }
  | { code: 'resolve-failed'; name: string; rcode: string }
  | { code: 'proxy-refused'; ip: Ipv4Addr; port: number }
  | { code: 'proxy-no-upstream' }
  | { code: 'dropped'; drop: DropWhy }
  | { code: 'no-answer' }
  | { code: 'no-journey' }

export type HopEvent =
  | (HopBase & { kind: 'app.send'; app: string; flow: FlowTuple; note: string })
  | (HopBase & { kind: 'app.recv'; app: string; flow: FlowTuple; note: string })
  | (HopBase & { kind: 'sock.deliver'; socket: string; state: string; note: string })
  | (HopBase & { kind: 'link.xmit'; to: { host: string; netns: string; dev: string }[]; via: 'veth' | 'segment' | 'bridge-port' | 'loopback' | 'tunnel' })
  | (HopBase & { kind: 'link.recv'; from?: { netns: string; dev: string } })
  | (HopBase & { kind: 'route.lookup'; table: 'local' | 'main'; dst: Ipv4Addr; route: string; result: 'local' | 'unicast' | 'unreachable' | 'blackhole' | 'prohibit' | 'none'; oif?: string; gateway?: Ipv4Addr; src?: Ipv4Addr })
  | (HopBase & { kind: 'neigh.lookup'; ip: Ipv4Addr; result: 'found' | 'incomplete' | 'failed'; lladdr?: MacAddr; state?: string })
  | (HopBase & { kind: 'arp.request'; targetIp: Ipv4Addr; senderIp: Ipv4Addr })
  | (HopBase & { kind: 'arp.reply'; targetIp: Ipv4Addr; senderIp: Ipv4Addr; senderMac: MacAddr })
  | (HopBase & { kind: 'neigh.update'; ip: Ipv4Addr; lladdr?: MacAddr; state: string; by: 'arp' | 'flanneld' | 'kernel' })
  | (HopBase & { kind: 'fdb.learn'; mac: MacAddr; port: string; bridge: string })
  | (HopBase & { kind: 'fdb.lookup'; mac: MacAddr; bridge: string; result: 'port' | 'local' | 'flood'; port?: string })
  | (HopBase & { kind: 'bridge.forward'; bridge: string; port: string })
  | (HopBase & { kind: 'bridge.flood'; bridge: string; ports: string[] })
  | (HopBase & { kind: 'nf.hook'; hook: NfHook; via: 'ip' | 'br_netfilter'; in?: string; out?: string; tables: NfTableName[] })
  | (HopBase & { kind: 'nf.rule'; hook: NfHook; table: NfTableName; chain: string; rule: number; text: string; target: string })
  | (HopBase & { kind: 'nf.policy'; hook: NfHook; table: NfTableName; chain: string; policy: 'ACCEPT' | 'DROP' })
  | (HopBase & { kind: 'nat.dnat' | 'nat.snat' | 'nat.masquerade'; hook: NfHook; before: FlowTuple; after: FlowTuple; rule: string })
  | (HopBase & { kind: 'nat.reverse'; hook: NfHook; manip: 'src' | 'dst'; before: FlowTuple; after: FlowTuple; conntrack: number })
  /** IPVS picked a real server for a new connection to a virtual service (`TCP  10.96.0.10:80`). */
  | (HopBase & { kind: 'ipvs.schedule'; hook: NfHook; service: string; scheduler: string; real: string; conn: number })
  /** IPVS masquerading (NAT) forwarding: `dnat` toward the real server, `snat` on its reply back to the virtual address. */
  | (HopBase & { kind: 'ipvs.dnat' | 'ipvs.snat'; hook: NfHook; service: string; before: FlowTuple; after: FlowTuple; conn: number })
  | (HopBase & { kind: 'ct.new' | 'ct.established' | 'ct.reply' | 'ct.confirm' | 'ct.related'; conntrack: number; original: FlowTuple; reply: FlowTuple })
  | (HopBase & { kind: 'ip.forward'; ttlBefore: number; ttlAfter: number })
  | (HopBase & { kind: 'ip.local-deliver'; dst: Ipv4Addr })
  | (HopBase & { kind: 'vxlan.encap'; vni: number; remote: Ipv4Addr; port: number; innerDst: MacAddr })
  | (HopBase & { kind: 'vxlan.decap'; vni: number; remote: Ipv4Addr })
  | (HopBase & { kind: 'vxlan.miss'; miss: 'l2' | 'l3'; key: string; answeredBy?: 'flanneld' })
  | (HopBase & { kind: 'icmp.send'; type: number; code: number; reason: string })
  | (HopBase & { kind: 'tcp.rst'; reason: string; why: RstWhy })
  | (HopBase & { kind: 'drop'; code: DropCode; reason: string; why: DropWhy; rule?: string })

export type HopKind = HopEvent['kind']

export interface TraceOutcome {
  /** `completed`: the exchange finished (reply received); `failed`: the client saw an error. */
  kind: 'completed' | 'failed' | 'dropped' | 'idle'
  summary: string
  why: OutcomeWhy
}

export interface Trace {
  version: typeof TRACE_VERSION
  lab: string
  seed: number
  topology: Topology
  /** Every namespace's tables before the first event. */
  initial: NetnsTables[]
  hops: HopEvent[]
  outcome: TraceOutcome
}
