/**
 * Rule matching, as ip_tables.c ipt_do_table does it: first the fixed IPv4 part of the entry
 * (ip_packet_match: source, destination, interfaces, protocol), then each `-m` match in rule
 * order, stopping at the first that fails, so stateful matches later in the rule (statistic nth,
 * recent) only see packets the earlier ones let through.
 */
import { own, type EvalCtx, type MatchExt } from './ext'
import { parseIpv4, prefixMask } from './inet'
import { addrtypeMatch, commentMatch, conntrackMatch, ifaceMatches, markMatch, nfacctMatch, physdevMatch, setMatch, stateMatch } from './match-meta'
import { icmpMatch, multiportMatch, tcpMatch, udpMatch } from './match-ports'
import { recentMatch, statisticMatch } from './match-stateful'
import type { Addr, IptRule, Match, NfEnv, NfPacket, Ruleset } from './model'

export const MATCHES: Record<string, MatchExt> = Object.fromEntries(
  [tcpMatch, udpMatch, icmpMatch, multiportMatch, commentMatch, markMatch, addrtypeMatch, conntrackMatch, stateMatch, physdevMatch, nfacctMatch, setMatch, statisticMatch, recentMatch].map((m) => [m.name, m]),
)

export function matchExt(m: Match): MatchExt {
  const ext = own(MATCHES, m.kind)
  if (!ext) throw new Error(`no extension for match ${m.kind}`)
  return ext
}

const PROTO_NUM = { tcp: 6, udp: 17, icmp: 1 } as const

const addrHit = (a: Addr | undefined, ip: number) =>
  a === undefined || (((ip & prefixMask(a.prefix)) >>> 0 === a.addr) !== a.invert)

export function makeEvalCtx(pkt: NfPacket, mark: number, env: NfEnv, ruleset: Ruleset): EvalCtx {
  return {
    pkt,
    mark,
    src: parseIpv4(pkt.src) ?? 0,
    dst: parseIpv4(pkt.dst) ?? 0,
    env,
    ruleset,
    length: pkt.length,
  }
}

/** Does `rule` match? Stateful matches (nth, recent, nfacct) update their state as a side effect. */
export function ruleMatches(rule: IptRule, ctx: EvalCtx): boolean {
  const { pkt } = ctx
  if (!addrHit(rule.src, ctx.src) || !addrHit(rule.dst, ctx.dst)) return false
  if (rule.in && ifaceMatches(rule.in.name, pkt.in) === rule.in.invert) return false
  if (rule.out && ifaceMatches(rule.out.name, pkt.out) === rule.out.invert) return false
  if (rule.proto && (PROTO_NUM[pkt.protocol] === rule.proto.num) === rule.proto.invert) return false
  for (const m of rule.matches) {
    if (!matchExt(m).evaluate(m, ctx)) return false
  }
  return true
}
