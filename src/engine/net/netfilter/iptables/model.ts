/**
 * The iptables ruleset as plain data: tables → chains → rules, each rule holding its parsed
 * matches, its target, its counters and its canonical `iptables-save` text. Plain objects only
 * (no classes, no functions), so a ruleset survives structured clone to a Web Worker and JSON.
 *
 * Field layout follows the kernel's x_tables structures (struct ipt_entry, xt_*_info) so that
 * matching and printing can follow net/netfilter/xt_*.c and iptables' extensions/libxt_*.c.
 * Addresses are unsigned 32-bit numbers in host order; masks are prefix lengths.
 */
import type { NfHook, NfTableName } from '../../../trace/events'

/** Tables iptables-save can print. `security` is parsed and printed but has no hook here. */
export type IptTableName = NfTableName | 'security'

export interface Counters {
  packets: number
  bytes: number
}

export interface Ruleset {
  /** Only tables the input declared; iptables-nft does not create empty ones. */
  tables: Partial<Record<IptTableName, IptTable>>
  /** `-m recent` lists (xt_recent keeps one per --name and network namespace). */
  recent: Record<string, RecentEntry[]>
  /** nfacct objects touched by `-m nfacct`. */
  nfacct: Record<string, Counters>
  /** ipset contents for `-m set`, filled by the caller: `10.96.0.10,udp:53`, `10.0.0.0/8`. */
  sets: Record<string, string[]>
  /**
   * Conntrack must run in this namespace (nf_ct_netns_get): a nat table, a conntrack match or
   * a NOTRACK/CT rule is loaded. Set by the parser.
   */
  needsConntrack: boolean
}

export interface RecentEntry {
  /** Masked address, dotted quad. */
  addr: string
  /** Virtual µs of each hit, oldest first, at most RECENT_MAX_STAMPS. */
  stamps: number[]
}

/** xt_recent's ip_pkt_list_tot default. */
export const RECENT_MAX_STAMPS = 20

export interface IptTable {
  name: IptTableName
  /** By name, in declaration order (built-ins first); the printer sorts as iptables-save does. */
  chains: Record<string, IptChain>
}

export interface IptChain extends Counters {
  name: string
  builtin: boolean
  /** Built-in chains only. */
  policy?: 'ACCEPT' | 'DROP'
  rules: IptRule[]
}

export interface Addr {
  addr: number
  prefix: number
  invert: boolean
}

export interface Iface {
  name: string
  invert: boolean
}

export interface IptRule extends Counters {
  /** Canonical `-A CHAIN …` text, exactly as iptables-save prints it (no counters). */
  text: string
  src?: Addr
  dst?: Addr
  in?: Iface
  out?: Iface
  /** IP protocol number; absent for `-p all`. */
  proto?: { num: number; invert: boolean }
  matches: Match[]
  /** Absent for a rule that only counts. */
  target?: Target
  /** Where the rule came from in the parsed text (after origin shifting). */
  source?: { file?: string; line: number; column: number }
}

export interface PortRange {
  min: number
  max: number
}

export type Match =
  | { kind: 'tcp' | 'udp'; sport?: PortRange; dport?: PortRange; invSport: boolean; invDport: boolean }
  | { kind: 'icmp'; type: number; codeMin: number; codeMax: number; invert: boolean }
  | { kind: 'comment'; comment: string }
  | { kind: 'multiport'; flags: 'src' | 'dst' | 'any'; ports: PortRange[]; invert: boolean }
  | { kind: 'mark'; mark: number; mask: number; invert: boolean }
  | {
      kind: 'addrtype'
      src: number
      dst: number
      invSrc: boolean
      invDst: boolean
      limitIn: boolean
      limitOut: boolean
    }
  | {
      kind: 'conntrack'
      /** XT_CONNTRACK_STATE_* bit mask, absent when --ctstate is not given. */
      state?: number
      invState: boolean
      status?: number
      invStatus: boolean
    }
  /** `-m state --state`: the conntrack state bits alone (libxt_state, iptables ≥ 1.4.17 an alias of conntrack). */
  | { kind: 'state'; state: number; invert: boolean }
  | StatisticMatch
  | RecentMatch
  | PhysdevMatch
  | { kind: 'nfacct'; name: string }
  | { kind: 'set'; name: string; dims: ('src' | 'dst')[]; invert: boolean }

export type StatisticMatch =
  | { kind: 'statistic'; mode: 'random'; probability: number; invert: boolean }
  | { kind: 'statistic'; mode: 'nth'; every: number; packet: number; count: number; invert: boolean }

export interface RecentMatch {
  kind: 'recent'
  cmd: 'set' | 'rcheck' | 'update' | 'remove'
  invert: boolean
  name: string
  seconds: number
  hitcount: number
  reap: boolean
  rttl: boolean
  mask: number
  side: 'source' | 'dest'
}

export interface PhysdevMatch {
  kind: 'physdev'
  in?: Iface
  out?: Iface
  isIn?: boolean
  isOut?: boolean
  isBridged?: boolean
  /** Invert flags of the three `--physdev-is-*` tests. */
  invIsIn: boolean
  invIsOut: boolean
  invIsBridged: boolean
}

export interface NatRange {
  addrMin?: number
  addrMax?: number
  portMin?: number
  portMax?: number
}

export type Target =
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { kind: 'jump' | 'goto'; chain: string }
  | { kind: 'REJECT'; with: string }
  | { kind: 'DNAT'; range: NatRange; random: boolean; persistent: boolean }
  | { kind: 'SNAT'; range: NatRange; random: boolean; randomFully: boolean; persistent: boolean }
  | { kind: 'MASQUERADE' | 'REDIRECT'; range: NatRange; random: boolean; randomFully: boolean }
  | { kind: 'MARK'; mark: number; mask: number }
  | { kind: 'LOG'; prefix?: string; level: number }
  | { kind: 'NOTRACK' }
  | { kind: 'CT'; notrack: boolean }

/** What matching needs to know about a packet at a hook. */
export interface NfPacket {
  in?: string
  out?: string
  /** Bridge ports, when the packet is bridged and br_netfilter passes it to iptables. */
  physIn?: string
  physOut?: string
  src: string
  dst: string
  protocol: 'tcp' | 'udp' | 'icmp'
  sport?: number
  dport?: number
  icmpType?: number
  icmpCode?: number
  /** IP total length in bytes, for byte counters. */
  length: number
  mark: number
  ttl?: number
  ctState: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED'
  ctStatus: { dnat: boolean; snat: boolean; seenReply?: boolean; assured?: boolean; confirmed?: boolean }
}

export type AddrType = 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST' | 'UNSPEC'

export interface NfEnv {
  isLocalAddress(ip: string): boolean
  addrType(ip: string): AddrType
  /** Seeded, uniform in [0, 1). */
  random(): number
  /** Virtual µs, for -m recent. */
  now: number
}

export interface NfNat {
  kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT'
  toAddr?: string
  /** Last address of a range (`--to-destination 10.0.0.1-10.0.0.3`). */
  toAddrMax?: string
  toPortMin?: number
  toPortMax?: number
  randomFully?: boolean
  random?: boolean
  persistent?: boolean
}

export type NfStep =
  | { chain: string; rule: number; text: string; target: string }
  | { chain: string; policy: 'ACCEPT' | 'DROP' }

export interface NfTraversal {
  verdict: 'ACCEPT' | 'DROP' | { kind: 'REJECT'; with: string }
  mark: number
  nat?: NfNat
  /** A NOTRACK or `CT --notrack` rule matched (raw table): the caller marks the packet untracked. */
  notrack?: boolean
  steps: NfStep[]
}

export type { NfHook, NfTableName }

/** Built-in chains of each table, in the order iptables-save prints them. */
export const BUILTIN_CHAINS: Record<IptTableName, NfHook[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
}

/** The order iptables-nft (v1.8.9) prints tables in: its table array, not the input's order. */
export const TABLE_ORDER: IptTableName[] = ['mangle', 'security', 'raw', 'filter', 'nat']

export function emptyRuleset(): Ruleset {
  // Named by the input (`--name`, `--nfacct-name`, `--match-set`): no prototype, so a name like
  // __proto__ is an ordinary key and cannot reach Object.prototype.
  const none = <T>(): Record<string, T> => Object.create(null) as Record<string, T>
  return { tables: {}, recent: none(), nfacct: none(), sets: none(), needsConntrack: false }
}
