/**
 * The iptables ruleset model: parse iptables-save / iptables-restore text, print it exactly as
 * `iptables-save [-c]` (v1.8.9, nf_tables) does, and walk one table at one hook for a packet.
 * Everything is plain data; the only mutation is counters and match state during traversal.
 */
export { parseIptablesSave } from './parse'
export { formatIptablesSave, rulesetToRows, ruleText } from './format'
export { traverseHook } from './traverse'
export { emptyRuleset, BUILTIN_CHAINS, TABLE_ORDER } from './model'
export type {
  Ruleset,
  IptTable,
  IptTableName,
  IptChain,
  IptRule,
  Match,
  Target,
  NfPacket,
  NfEnv,
  NfNat,
  NfStep,
  NfTraversal,
  AddrType,
  RecentEntry,
} from './model'
