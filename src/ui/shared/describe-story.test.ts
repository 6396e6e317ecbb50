/**
 * The Kubernetes view over every built-in scenario, worded in both languages: short enough to
 * teach, a sentence for every step, no drop on a journey that succeeds, and every rewrite
 * credited to whoever really did it.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildSteps, isRealDrop, type Step } from '../../store/selectors'
import { FILTERABLE } from '../../store/types'
import { builtInScenario } from '../../worker/testing/built-in-scenario'
import { translate } from '../i18n/useT'
import type { Translate } from '../i18n/useT'
import { zh as zhDict } from '../i18n/zh'
import { describeStory } from './describe-hop'

const ids = readdirSync(join(import.meta.dirname, '../../../scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))

const en: Translate = (k, p) => translate('en', k, p)
const zh: Translate = (k, p) => translate('zh', k, p)

function story(id: string, filter = FILTERABLE): Step[] {
  const { trace } = builtInScenario(id)
  const kinds = new Map(trace.topology.hosts.map((h) => [h.name, h.kind as string]))
  return buildSteps(trace.hops, 'kubernetes', [...filter], (h) => kinds.get(h))
}

/** English words a Chinese sentence may keep: terms engineers say as they are, and names. */
const ENGLISH_RUN = /\b(?!(?:TCP|UDP|ICMP|ARP|DNS|VXLAN|VNI|NAT|DNAT|SNAT|MASQUERADE|IPVS|RST|SYN|ACK|conntrack|kube-proxy|flannel|docker|type|code)\b)[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}\b/i

describe('the Kubernetes view of every built-in scenario', () => {
  it.each(ids)('%s: at most 25 steps, each with a complete sentence in en and zh', (id) => {
    const steps = story(id)
    expect(steps.length).toBeGreaterThan(0)
    expect(steps.length).toBeLessThanOrEqual(25)
    for (const s of steps) {
      expect(s.story).toBeDefined()
      const textEn = describeStory(s.story!, en)
      const textZh = describeStory(s.story!, zh)
      expect(textEn.trim()).not.toBe('')
      expect(textZh.trim()).not.toBe('')
      expect(textEn).not.toMatch(/\b(to|from|of|at|by|with|on|in)$|\(\s*\)|\{\w+\}/)
      expect(textZh).not.toMatch(/\{\w+\}|（\s*）|\(\s*\)/)
      // What the sentence itself says is Chinese (names, addresses and the apps' own data stay).
      expect(textZh).toMatch(/[\u4e00-\u9fff]/)
      expect(textZh).not.toBe(textEn)
    }
  })

  it('keeps the typical journey at 15 steps or fewer', () => {
    const counts = ids.map((id) => story(id).length).sort((a, b) => a - b)
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThanOrEqual(15)
  })

  it.each(ids.filter((id) => builtInScenario(id).trace.outcome.kind === 'completed'))('%s succeeds, so no step shows a drop', (id) => {
    const { trace } = builtInScenario(id)
    for (const s of story(id)) {
      expect(s.story!.move.kind).not.toBe('drop')
      const hops = trace.hops.slice(s.first - 1, s.last)
      expect(hops.filter(isRealDrop)).toEqual([])
    }
  })
})

it('the Chinese wording of the Kubernetes view keeps no English sentence', () => {
  const keys = Object.keys(zhDict).filter((k) => /^(story|role)\./.test(k) || k === 'badge.ignored') as (keyof typeof zhDict)[]
  expect(keys.length).toBeGreaterThan(30)
  for (const k of keys) expect(zhDict[k].replace(/\{\w+\}/g, ''), k).not.toMatch(ENGLISH_RUN)
})

describe('attribution', () => {
  const rewrites = (id: string) =>
    story(id).flatMap((s) => [
      ...(s.story!.move.kind === 'rewrite' ? [s.story!.move.rewrite] : []),
      ...s.story!.asides.flatMap((a) => (a.kind === 'rewrite' ? [a.rewrite] : [])),
    ])

  it('credits the load balancer’s DNAT to the cloud load balancer, not to kube-proxy', () => {
    const lb = rewrites('loadbalancer').find((r) => r.host === 'cloud-lb' && r.field === 'dst' && r.actor.kind !== 'conntrack')!
    expect(lb.actor).toEqual({ kind: 'cloud-lb', host: 'cloud-lb' })
    expect(describeStory({ move: { kind: 'rewrite', rewrite: lb, netns: 'cloud-lb' }, packet: 1, role: null, asides: [] }, en)).toMatch(/^The cloud load balancer cloud-lb knows only nodes/)
  })

  it('credits later packets’ DNAT to the established conntrack entry, not to the rules', () => {
    const later = rewrites('pod-to-service').find((r) => r.actor.kind === 'conntrack' && r.field === 'dst')!
    expect(later).toMatchObject({ actor: { kind: 'conntrack', conntrack: 1 }, before: '10.96.0.10:80', host: 'node1' })
    expect(describeStory({ move: { kind: 'rewrite', rewrite: later, netns: 'node1' }, packet: 1, role: null, asides: [] }, en)).toContain('conntrack entry #1 (established) applies the same NAT')
  })

  it('credits the first packet’s DNAT to the kube-proxy chains that chose the endpoint', () => {
    const first = story('pod-to-service')[1]!.story!.move
    expect(first.kind).toBe('rewrite')
    if (first.kind !== 'rewrite') return
    expect(first.rewrite.actor).toMatchObject({ kind: 'kube-proxy', chain: expect.stringMatching(/^KUBE-SEP-/), service: expect.stringMatching(/^KUBE-SVC-/) })
    expect(first.rewrite.after).toMatch(/^10\.244\.\d+\.\d+:8080$/)
  })

  it('credits pod-to-internet’s first source rewrite to flannel’s MASQUERADE and the second to the gateway', () => {
    const kinds = rewrites('pod-to-internet').filter((r) => r.field === 'src').map((r) => r.actor.kind)
    expect(kinds.slice(0, 2)).toEqual(['flannel-masquerade', 'gateway'])
  })

  it('credits classic flannel’s masquerade to docker’s rule', () => {
    expect(rewrites('flannel-classic-vxlan').find((r) => r.field === 'src' && r.actor.kind !== 'conntrack' && r.actor.kind !== 'conntrack-reverse')?.actor).toEqual({ kind: 'docker-masquerade' })
  })

  it('credits the IPVS DNAT to IPVS and its scheduler', () => {
    expect(rewrites('pod-to-service-ipvs')[0]?.actor).toEqual({ kind: 'ipvs', scheduler: 'rr', service: 'TCP  10.96.0.10:80' })
  })

  it('names nginx’s own upstream SYN as an upstream request, never a reply', () => {
    const up = story('ingress').find((s) => s.story!.role?.kind === 'upstream-request')
    expect(up?.story!.role).toEqual({ kind: 'upstream-request', app: 'controller' })
    // nginx opens its own connection to the backend pod: that SYN is a request, not a reply.
    const upstreamSend = story('ingress').find((s) => s.story!.move.kind === 'send' && s.story!.move.app === 'controller' && s.story!.move.flow?.dport === 80)
    expect(upstreamSend?.story!.role?.kind).toBe('upstream-request')
    // The answer nginx copies back to the client is the client connection's reply.
    const answer = story('ingress').filter((s) => s.story!.move.kind === 'send' && s.story!.move.app === 'controller' && s.story!.move.flow?.sport === 443)
    expect(answer.map((s) => s.story!.role?.kind)).toEqual(['reply'])
  })

  it('turning a filter chip off changes the steps: ARP leaves the sentences, NAT its own step', () => {
    const all = story('pod-to-service')
    const noArp = story('pod-to-service', FILTERABLE.filter((c) => c !== 'arp'))
    expect(all.some((s) => s.story!.asides.some((a) => a.kind === 'arp'))).toBe(true)
    expect(noArp.some((s) => s.story!.asides.some((a) => a.kind === 'arp'))).toBe(false)
    const noNat = story('pod-to-service', FILTERABLE.filter((c) => c !== 'nat'))
    expect(noNat.length).toBeLessThan(all.length)
    expect(noNat.some((s) => s.story!.move.kind === 'rewrite')).toBe(false)
  })
})
