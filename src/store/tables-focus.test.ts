import { describe, expect, it } from 'vitest'
import type { HopEvent } from '../engine/trace/events'
import { builtInScenario } from '../worker/testing/built-in-scenario'
import { buildSteps } from './steps'
import { tablesFocus } from './tables-focus'
import { FILTERABLE } from './types'

// Real engine traces: pod-a → ClusterIP (kube-proxy iptables DNAT, conntrack), and a ClusterIP
// with no endpoints, whose filter rule REJECTs.
const service = () => builtInScenario('pod-to-service').trace
const noEndpoints = () => builtInScenario('service-without-endpoints').trace

const find = (hops: HopEvent[], pred: (h: HopEvent) => boolean) => {
  const h = hops.find(pred)
  if (!h) throw new Error('no hop matches')
  return h
}
type NfRule = Extract<HopEvent, { kind: 'nf.rule' }>
type CtEvent = HopEvent & { conntrack: number }
const one = (hops: HopEvent[], h: HopEvent) => tablesFocus(hops, h.seq, h.seq)
const kubernetesSteps = (hops: HopEvent[]) => buildSteps(hops, 'kubernetes', [...FILTERABLE])

describe('tablesFocus', () => {
  it('opens the Kubernetes step that DNATs on the KUBE-SEP rule that did it', () => {
    const { hops } = service()
    const dnat = find(hops, (h) => h.kind === 'nat.dnat')
    const step = kubernetesSteps(hops).find((s) => s.first <= dnat.seq && dnat.seq <= s.last)!
    const focus = tablesFocus(hops, step.first, step.last)
    expect(focus).toMatchObject({ netns: 'node1', table: 'iptables', reason: 'nat' })
    expect(focus!.key).toMatch(/^nat\/KUBE-SEP-[A-Z0-9]+\/\d+$/)
  })

  it('finds the rule behind a DNAT event shown on its own, as in the kernel view', () => {
    const { hops } = service()
    const dnat = find(hops, (h) => h.kind === 'nat.dnat')
    const rule = find(hops, (h) => h.kind === 'nf.rule' && h.netns === dnat.netns && h.target === 'DNAT') as NfRule
    expect(one(hops, dnat)).toEqual({ netns: 'node1', table: 'iptables', key: `nat/${rule.chain}/${rule.rule}`, reason: 'nat', seq: dnat.seq })
  })

  it('opens on the conntrack entry a step creates', () => {
    const { hops } = service()
    const confirm = find(hops, (h) => h.kind === 'ct.confirm' && h.netns === 'node1') as CtEvent
    expect(one(hops, confirm)).toEqual({ netns: 'node1', table: 'conntrack', key: String(confirm.conntrack), reason: 'added', seq: confirm.seq })
  })

  it('opens a reply’s un-DNAT on the conntrack entry that reversed it', () => {
    const { hops } = service()
    const rev = find(hops, (h) => h.kind === 'nat.reverse' && h.netns === 'node1')
    expect(one(hops, rev)).toMatchObject({ netns: 'node1', table: 'conntrack', reason: 'unnat' })
  })

  it('opens a rejected packet’s step on the REJECT rule', () => {
    const { hops } = noEndpoints()
    const reject = find(hops, (h) => h.kind === 'nf.rule' && h.target === 'REJECT')
    const step = kubernetesSteps(hops).find((s) => s.first <= reject.seq && reject.seq <= s.last)!
    expect(tablesFocus(hops, step.first, step.last)).toMatchObject({ netns: reject.netns, table: 'iptables', reason: 'drop', seq: reject.seq })
  })

  it('prefers a new row over a rule that only matched', () => {
    const { hops } = service()
    const confirm = find(hops, (h) => h.kind === 'ct.confirm' && h.netns === 'node1')
    const rule = find(hops, (h) => h.kind === 'nf.rule' && h.seq > confirm.seq)
    expect(tablesFocus(hops, confirm.seq, rule.seq)).toMatchObject({ table: 'conntrack', reason: 'added' })
  })

  it('returns null for a step that touched no table', () => {
    const { hops } = service()
    const send = find(hops, (h) => h.kind === 'app.send')
    expect(one(hops, send)).toBeNull()
  })
})
