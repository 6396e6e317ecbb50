/**
 * Sentences for the engine's structured reasons: why a packet was dropped (DropWhy), why the
 * kernel reset a connection (RstWhy), and how the journey ended (OutcomeWhy). The engine's own
 * `reason`/`summary` strings are English for the CLI and goldens; the page words `why` itself so
 * that 中文 never shows them.
 */
import type { DropWhy, OutcomeWhy, RstWhy } from '../../engine/trace/events'
import type { Translate } from '../i18n/useT'
import type { MessageKey } from '../i18n/en'

type Of<U extends { code: string }, C extends U['code']> = Extract<U, { code: C }>
/** One entry per variant: a new variant in events.ts is a type error here until it is worded. */
type Table<U extends { code: string }> = { [C in U['code']]: (w: Of<U, C>, t: Translate) => string }

const DROP: Table<DropWhy> = {
  'link-down': (w, t) => t('why.drop.link-down', { dev: w.dev }),
  'other-host': (w, t) => t('hop.ignored.otherHost', { dst: w.dst, dev: w.dev, mac: w.mac }),
  dummy: (w, t) => t('why.drop.dummy', { dev: w.dev }),
  'tcp-no-listener': (w, t) => t('why.drop.tcp-no-listener', { ip: w.ip, port: w.port }),
  'udp-no-listener': (w, t) => t('why.drop.udp-no-listener', { ip: w.ip, port: w.port }),
  'hairpin-off': (w, t) => t('hop.ignored.hairpinOff', { mac: w.mac, port: w.port }),
  'nf-policy': (w, t) => t('why.drop.nf-policy', { table: w.table, chain: w.chain }),
  'nf-rule': (w, t) => t('why.drop.nf-rule', { table: w.table, rule: w.rule }),
  'nf-reject': (w, t) => t('why.drop.nf-reject', { table: w.table, hook: w.hook, with: w.with }),
  'redirect-no-addr': (w, t) => t('why.drop.redirect-no-addr', { dev: w.dev ?? t('why.inDev') }),
  'masquerade-no-addr': (w, t) => t('why.drop.masquerade-no-addr', { dev: w.dev }),
  'forwarding-disabled': (w, t) => t('why.drop.forwarding-disabled', { dst: w.dst }),
  blackhole: (w, t) => t('why.drop.blackhole', { dst: w.dst }),
  'route-refuses': (w, t) => t('why.drop.route-refuses', { route: w.route, result: w.result }),
  'no-route': (w, t) => t('why.drop.no-route', { dst: w.dst }),
  'ttl-forward': (w, t) => t('why.drop.ttl-forward', { ttl: w.ttl }),
  'frag-needed': (w, t) => t('why.drop.frag-needed', { size: w.size, dev: w.dev, mtu: w.mtu }),
  'neigh-queue-failed': (w, t) => t('why.drop.neigh-queue-failed', { ip: w.ip, dev: w.dev }),
  'neigh-failed': (w, t) => t('why.drop.neigh-failed', { ip: w.ip, dev: w.dev, tries: w.tries }),
  'vxlan-l2-miss': (w, t) => t(`why.drop.vxlan-l2-miss.${w.answered}`, { dev: w.dev, mac: w.mac }),
  'vxlan-no-fdb': (w, t) => t('why.drop.vxlan-no-fdb', { dev: w.dev, mac: w.mac }),
  'ipvs-no-real': (w, t) => t('why.drop.ipvs-no-real', { service: w.service }),
  'ipvs-no-route': (w, t) => t('why.drop.ipvs-no-route', { real: w.real }),
  'ipvs-ttl': (w, t) => t('why.drop.ipvs-ttl', { ttl: w.ttl }),
  'arp-not-ours': (w, t) => t('hop.ignored.arpNotOurs', { ip: w.ip }),
  'arp-unsolicited': (w, t) => t('hop.ignored.arpUnsolicited', { ip: w.ip }),
}

const RST: Table<RstWhy> = {
  'no-socket': (w, t) => t('why.rst.no-socket', { port: w.port }),
  'not-syn': (_w, t) => t('why.rst.not-syn'),
  reject: (_w, t) => t('why.rst.reject'),
}

const OUTCOME: Table<OutcomeWhy> = {
  answer: (w, t) => t('why.outcome.answer', { answer: w.answer }),
  'answer-udp': (_w, t) => t('why.outcome.answer-udp'),
  refused: (w, t) => t('why.outcome.refused', { ip: w.ip }),
  echo: (w, t) => t(w.count > 1 ? 'why.outcome.echoMany' : 'why.outcome.echo', { ip: w.ip, count: w.count }),
  'icmp-error': (w, t) => t('why.outcome.icmp-error', { ip: w.ip, icmp: icmpName(w.icmpType, w.icmpCode, t) }),
  'resolve-failed': (w, t) => t('why.outcome.resolve-failed', { name: w.name, rcode: w.rcode }),
  'proxy-refused': (w, t) => t('why.outcome.proxy-refused', { ip: w.ip, port: w.port }),
  'proxy-no-upstream': (_w, t) => t('why.outcome.proxy-no-upstream'),
  dropped: (w, t) => describeDropWhy(w.drop, t),
  'no-answer': (_w, t) => t('why.outcome.no-answer'),
  'no-journey': (_w, t) => t('why.outcome.no-journey'),
}

// The casts only bridge TypeScript's lost correlation between `w.code` and the table entry.
export const describeDropWhy = (w: DropWhy, t: Translate): string => (DROP[w.code] as (w: DropWhy, t: Translate) => string)(w, t)
export const describeRstWhy = (w: RstWhy, t: Translate): string => (RST[w.code] as (w: RstWhy, t: Translate) => string)(w, t)
export const describeOutcomeWhy = (w: OutcomeWhy, t: Translate): string => (OUTCOME[w.code] as (w: OutcomeWhy, t: Translate) => string)(w, t)

const ICMP_NAMED = new Set(['3.0', '3.1', '3.2', '3.3', '3.4', '3.9', '3.10', '3.13', '11.0'])

/** An ICMP error by its name ("port unreachable"), not as type/code numbers. */
export function icmpName(type: number, code: number, t: Translate): string {
  const key = `${type}.${code}`
  return ICMP_NAMED.has(key) ? t(`icmp.${key}` as MessageKey) : t('icmp.other', { type, code })
}
