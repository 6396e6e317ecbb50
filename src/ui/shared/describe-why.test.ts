/**
 * Every drop, reset and outcome reason the engine can give reads as a sentence in both
 * languages. The sample tables below are keyed by every variant's `code`: a new variant in
 * engine/trace/events.ts fails the typecheck here until it has a sample (and so a test).
 */
import { describe, expect, it } from 'vitest'
import type { DropWhy, OutcomeWhy, RstWhy } from '../../engine/trace/events'
import { translate, type Translate } from '../i18n/useT'
import { describeDropWhy, describeOutcomeWhy, describeRstWhy, icmpName } from './describe-why'

type Samples<U extends { code: string }> = { [C in U['code']]: Extract<U, { code: C }>[] }

const DROPS: Samples<DropWhy> = {
  'link-down': [{ code: 'link-down', dev: 'eth0' }],
  'other-host': [{ code: 'other-host', dev: 'eth0', dst: '0a:58:0a:f4:01:02', mac: '0a:58:0a:f4:01:03' }],
  dummy: [{ code: 'dummy', dev: 'kube-ipvs0' }],
  'tcp-no-listener': [{ code: 'tcp-no-listener', ip: '10.244.1.2', port: 80 }],
  'udp-no-listener': [{ code: 'udp-no-listener', ip: '10.244.1.2', port: 53 }],
  'hairpin-off': [{ code: 'hairpin-off', mac: '0a:58:0a:f4:01:02', port: 'veth1' }],
  'nf-policy': [{ code: 'nf-policy', table: 'filter', chain: 'FORWARD' }],
  'nf-rule': [{ code: 'nf-rule', table: 'filter', rule: '-A FORWARD -j DROP' }],
  'nf-reject': [{ code: 'nf-reject', table: 'filter', hook: 'OUTPUT', with: 'icmp-port-unreachable' }],
  'redirect-no-addr': [{ code: 'redirect-no-addr', dev: 'eth0' }, { code: 'redirect-no-addr' }],
  'masquerade-no-addr': [{ code: 'masquerade-no-addr', dev: 'eth0' }],
  'forwarding-disabled': [{ code: 'forwarding-disabled', dst: '10.244.2.2' }],
  blackhole: [{ code: 'blackhole', dst: '10.244.2.2' }],
  'route-refuses': [{ code: 'route-refuses', route: 'unreachable 10.0.0.0/8', result: 'unreachable' }],
  'no-route': [{ code: 'no-route', dst: '192.0.2.1' }],
  'ttl-forward': [{ code: 'ttl-forward', ttl: 1 }],
  'frag-needed': [{ code: 'frag-needed', size: 1500, dev: 'flannel.1', mtu: 1450 }],
  'neigh-queue-failed': [{ code: 'neigh-queue-failed', ip: '10.244.1.9', dev: 'cni0' }],
  'neigh-failed': [{ code: 'neigh-failed', ip: '10.244.1.9', dev: 'cni0', tries: 3 }],
  'vxlan-l2-miss': [
    { code: 'vxlan-l2-miss', dev: 'flannel.1', mac: '0a:58:0a:f4:02:00', answered: 'flanneld' },
    { code: 'vxlan-l2-miss', dev: 'flannel.1', mac: '0a:58:0a:f4:02:00', answered: 'none' },
  ],
  'vxlan-no-fdb': [{ code: 'vxlan-no-fdb', dev: 'flannel.1', mac: '0a:58:0a:f4:02:00' }],
  'ipvs-no-real': [{ code: 'ipvs-no-real', service: 'TCP 10.96.0.10:80' }],
  'ipvs-no-route': [{ code: 'ipvs-no-route', real: '10.244.2.2' }],
  'ipvs-ttl': [{ code: 'ipvs-ttl', ttl: 1 }],
  'arp-not-ours': [{ code: 'arp-not-ours', ip: '10.244.1.1' }],
  'arp-unsolicited': [{ code: 'arp-unsolicited', ip: '10.244.1.1' }],
}

const RSTS: Samples<RstWhy> = {
  'no-socket': [{ code: 'no-socket', port: 80 }],
  'not-syn': [{ code: 'not-syn' }],
  reject: [{ code: 'reject' }],
}

const OUTCOMES: Samples<OutcomeWhy> = {
  answer: [{ code: 'answer', answer: 'HTTP/1.1 200 OK' }],
  'answer-udp': [{ code: 'answer-udp' }],
  refused: [{ code: 'refused', ip: '10.96.0.10' }],
  echo: [{ code: 'echo', ip: '8.8.8.8', count: 1 }, { code: 'echo', ip: '8.8.8.8', count: 3 }],
  'icmp-error': [{ code: 'icmp-error', ip: '10.244.0.1', icmpType: 3, icmpCode: 3 }, { code: 'icmp-error', ip: '10.244.0.1', icmpType: 5, icmpCode: 1 }],
  'resolve-failed': [{ code: 'resolve-failed', name: 'web.default', rcode: 'NXDOMAIN' }],
  'proxy-refused': [{ code: 'proxy-refused', ip: '10.244.2.2', port: 8080 }],
  'proxy-no-upstream': [{ code: 'proxy-no-upstream' }],
  dropped: [{ code: 'dropped', drop: { code: 'no-route', dst: '192.0.2.1' } }],
  'no-answer': [{ code: 'no-answer' }],
  'no-journey': [{ code: 'no-journey' }],
}

const en: Translate = (k, p) => translate('en', k, p)
const zh: Translate = (k, p) => translate('zh', k, p)

/** Sample values are names, addresses and rule text: take them out before looking for English. */
function withoutValues(text: string, w: object): string {
  const values = JSON.stringify(w).match(/"[^"]*"|\d+/g) ?? []
  return values.map((v) => v.replace(/^"|"$/g, '')).filter((v) => v.length > 1).reduce((s, v) => s.split(v).join(' X '), text)
}

/** Three or more plain English words in a row, as a sentence would have them. */
function englishRun(text: string): string | undefined {
  const words = text.split(/\s+/).map((w) => w.replace(/^[（(“"'‘]+|[）)”"'’,.;:，。；：]+$/g, ''))
  for (let i = 0; i + 2 < words.length; i++) {
    const run = words.slice(i, i + 3)
    if (run.every((w) => /^[A-Za-z]+$/.test(w) && w !== w.toUpperCase())) return run.join(' ')
  }
  return undefined
}

function checkBoth(w: object, describeIt: (t: Translate) => string) {
  const textEn = describeIt(en)
  const textZh = describeIt(zh)
  expect(textEn.trim()).not.toBe('')
  expect(textZh.trim()).not.toBe('')
  expect(textEn).not.toMatch(/\{\w+\}/)
  expect(textZh).not.toMatch(/\{\w+\}/)
  expect(textZh).toMatch(/[\u4e00-\u9fff]/)
  expect(englishRun(withoutValues(textZh, w))).toBeUndefined()
  // A complete sentence: it ends as one (the answer variant ends with the server's own words).
  if (!('answer' in w)) {
    expect(textEn).toMatch(/[.!?]$/)
    expect(textZh).toMatch(/[。！？]$/)
  }
}

const cases = <U extends { code: string }>(s: Samples<U>) => Object.values<U[]>(s as Record<string, U[]>).flat().map((w) => [`${w.code} ${JSON.stringify(w)}`, w] as const)

describe('describeDropWhy', () => {
  it.each(cases(DROPS))('words %s in en and zh', (_, w) => checkBoth(w, (t) => describeDropWhy(w, t)))
})

describe('describeRstWhy', () => {
  it.each(cases(RSTS))('words %s in en and zh', (_, w) => checkBoth(w, (t) => describeRstWhy(w, t)))
})

describe('describeOutcomeWhy', () => {
  it.each(cases(OUTCOMES))('words %s in en and zh', (_, w) => checkBoth(w, (t) => describeOutcomeWhy(w, t)))

  it('names an ICMP error instead of giving its numbers', () => {
    expect(icmpName(3, 3, zh)).toBe('端口不可达')
    expect(icmpName(3, 3, en)).toBe('port unreachable')
    expect(icmpName(5, 1, en)).toBe('type 5, code 1')
  })
})

describe('englishRun', () => {
  it('finds an English sentence left in Chinese text and lets terms and names pass', () => {
    expect(englishRun('丢弃：ARP who-has 10.244.0.1: not an address of this namespace')).toBe('not an address')
    expect(englishRun('{dev} 处于 down 状态，iptables REJECT 规则')).toBeUndefined()
  })
})
