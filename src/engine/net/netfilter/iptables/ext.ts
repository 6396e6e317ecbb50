/**
 * The shape of an iptables extension here, mirroring struct xtables_match / xtables_target in
 * libxtables: the options it owns, how it parses them, how it prints itself in iptables-save
 * (the extension's `save` callback) and how the kernel side (xt_*.c `match`) decides.
 */
import type { Match, NfEnv, NfPacket, Ruleset } from './model'

export interface ExtError {
  message: string
  hint?: string
  /** Point at the option word rather than its argument. */
  atOption?: boolean
}

/** Option name (without `--`) → number of arguments it takes (0, 1 or 2). */
export type OptionTable = Record<string, 0 | 1 | 2>

export interface EvalCtx {
  pkt: NfPacket
  /** The packet's mark as MARK targets earlier in this traversal left it. */
  mark: number
  src: number
  dst: number
  env: NfEnv
  ruleset: Ruleset
  length: number
}

/** What a match's final check may look at: the rule's `-p`. */
export interface RuleProto {
  num?: number
  invert: boolean
}

export interface MatchExt<M extends Match = Match> {
  name: M['kind']
  options: OptionTable
  /** Options that accept a preceding `!`. */
  invertible: string[]
  init(): M
  parse(m: M, opt: string, args: string[], invert: boolean): ExtError | undefined
  /** libxtables x6_fcheck: options that must be given, combinations, `-p` requirements. */
  check?(m: M, proto: RuleProto): ExtError | undefined
  /** Text after `-m <name>`, each word with its leading space, as the libxt `save` prints it. */
  save(m: M): string
  evaluate(m: M, ctx: EvalCtx): boolean
}

export function defineMatch<K extends Match['kind']>(
  ext: MatchExt<Extract<Match, { kind: K }>>,
): MatchExt {
  return ext as unknown as MatchExt
}

/**
 * `table[key]` for a key that came from the input, or undefined: `-j __proto__` or
 * `-m constructor` must not find Object.prototype's members in a lookup table.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}

export const IPPROTO: Record<string, number> = { all: 0, icmp: 1, tcp: 6, udp: 17 }
export const PROTO_NAME: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp' }

export function needsProto(name: string, proto: RuleProto, allowed: number[]): ExtError | undefined {
  if (proto.num !== undefined && !proto.invert && allowed.includes(proto.num)) return undefined
  const names = allowed.map((n) => PROTO_NAME[n]).join(' or ')
  return {
    message: `-m ${name} needs the rule to select its protocol with -p ${names}`,
    hint: `add '-p ${PROTO_NAME[allowed[0] ?? 6]}' before '-m ${name}'`,
  }
}
