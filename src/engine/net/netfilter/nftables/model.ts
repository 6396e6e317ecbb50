/**
 * An nftables table as plain data: what `nft -f` leaves in the kernel after a transaction, in
 * the vocabulary of nft(8). Only the subset kube-proxy's nftables proxier writes is modelled
 * (family ip; sets and verdict maps of ipv4_addr / inet_proto / inet_service; the statements in
 * `NftStmt`). Objects keep creation order: `nft list table` prints sets (and maps) first, then
 * chains, each group in the order the kernel gave them handles.
 */

export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting'
export type NftChainType = 'filter' | 'nat' | 'route'

export interface NftBaseChain {
  type: NftChainType
  hook: NftHook
  /** Numeric priority; lower runs first on the hook (iptables-nft's tables sit at -300 … 100). */
  priority: number
  policy: 'accept' | 'drop'
}

export type NftVerdict =
  | { kind: 'accept' | 'drop' | 'return' | 'continue' }
  | { kind: 'jump' | 'goto'; chain: string }

/** A field a rule reads: `ip daddr`, `meta l4proto`, `th dport`, `tcp dport`, `ct state`, `meta mark`, `fib saddr type`, … */
export type NftSelector =
  | 'ip saddr'
  | 'ip daddr'
  | 'meta l4proto'
  | 'th dport'
  | 'tcp dport'
  | 'udp dport'
  | 'ct state'
  | 'meta mark'
  | 'fib saddr type'
  | 'fib daddr type'

/** Right-hand side of a match: a value (address, prefix, protocol, port, state…), an anonymous set, or `@set`. */
export type NftValue = { kind: 'value'; text: string } | { kind: 'anon'; items: string[] } | { kind: 'ref'; set: string }

export type NftStmt =
  /** `sel [!=] value`, `meta mark & MASK == VALUE`. */
  | { kind: 'match'; sel: NftSelector; op: '==' | '!='; value: NftValue; mask?: number }
  /** `sel . sel … vmap @map` or `numgen random mod N vmap { 0 : goto a, … }`. */
  | { kind: 'vmap'; key: NftSelector[] | { numgen: number }; map: { kind: 'ref'; set: string } | { kind: 'anon'; entries: { key: string; verdict: NftVerdict }[] } }
  | { kind: 'verdict'; verdict: NftVerdict }
  | { kind: 'reject' }
  /** `mark set mark or|xor VALUE`: nft prints `meta mark set meta mark |/^ 0x…`. */
  | { kind: 'mark-set'; op: 'or' | 'xor'; value: number }
  | { kind: 'masquerade'; fullyRandom: boolean }
  | { kind: 'dnat'; addr: string; port?: number }
  /** `update @set { ip saddr }`: adds the packet's source to a dynamic set (session affinity). */
  | { kind: 'update'; set: string; sel: NftSelector }
  | { kind: 'counter'; packets: number; bytes: number }

export interface NftRule {
  stmts: NftStmt[]
  comment?: string
}

export interface NftChain {
  name: string
  base?: NftBaseChain
  comment?: string
  rules: NftRule[]
}

export interface NftElement {
  /** Key parts, `10.96.0.10 . tcp . 53` → ['10.96.0.10', 'tcp', '53']. */
  key: string[]
  comment?: string
  /** Maps only: the element's verdict. */
  verdict?: NftVerdict
}

export interface NftSet {
  name: string
  /** A verdict map (`map NAME { type K : verdict }`) rather than a set. */
  map: boolean
  /** Key type parts: ['ipv4_addr', 'inet_proto', 'inet_service']. */
  type: string[]
  flags?: string[]
  /** Default element timeout, seconds. */
  timeout?: number
  comment?: string
  elements: NftElement[]
}

export interface NftTable {
  family: 'ip'
  name: string
  comment?: string
  sets: NftSet[]
  chains: NftChain[]
}

/** All tables of one network namespace, in creation order. */
export interface NftRuleset {
  tables: NftTable[]
}
