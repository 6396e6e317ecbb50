import { describe, expect, it } from 'vitest'
import type { HopEvent } from '../engine/trace/events'
import { attachNarration, readNarration } from './narration'
import type { NarrationEntry } from './schema'
import { parseYaml, rootVal } from './yaml-reader'

const base = { time: 0, packet: 1, deltas: [] }
const flow = {
  protocol: 'tcp' as const,
  src: '10.244.1.2',
  dst: '10.96.0.20',
  sport: 40000,
  dport: 80,
}
const hops: HopEvent[] = [
  {
    ...base,
    seq: 1,
    host: 'node1',
    netns: 'node1/a',
    dev: 'eth0',
    kind: 'route.lookup',
    table: 'main',
    dst: '10.96.0.20',
    route: 'default via 10.244.1.1 dev eth0',
    result: 'unicast',
  },
  {
    ...base,
    seq: 2,
    host: 'node1',
    netns: 'node1',
    dev: 'cni0',
    kind: 'nf.rule',
    hook: 'PREROUTING',
    table: 'nat',
    chain: 'KUBE-SERVICES',
    rule: 1,
    text: '-A KUBE-SERVICES …',
    target: 'KUBE-SVC-X',
  },
  {
    ...base,
    seq: 3,
    host: 'node1',
    netns: 'node1',
    dev: 'cni0',
    kind: 'nf.rule',
    hook: 'PREROUTING',
    table: 'nat',
    chain: 'KUBE-SVC-X',
    rule: 1,
    text: '-A KUBE-SVC-X …',
    target: 'KUBE-SEP-A',
  },
  {
    ...base,
    seq: 4,
    host: 'node1',
    netns: 'node1',
    dev: 'cni0',
    kind: 'nf.rule',
    hook: 'PREROUTING',
    table: 'nat',
    chain: 'KUBE-SEP-A',
    rule: 2,
    text: '-A KUBE-SEP-A …',
    target: 'DNAT',
  },
  {
    ...base,
    seq: 5,
    host: 'node1',
    netns: 'node1',
    dev: 'cni0',
    kind: 'nat.dnat',
    hook: 'PREROUTING',
    before: flow,
    after: { ...flow, dst: '10.244.2.5', dport: 8080 },
    rule: '-A KUBE-SEP-A …',
  },
  {
    ...base,
    seq: 9,
    packet: 2,
    host: 'node2',
    netns: 'node2',
    dev: 'flannel.1',
    kind: 'nat.reverse',
    hook: 'PREROUTING',
    manip: 'dst',
    before: flow,
    after: flow,
    conntrack: 1,
  },
]

const entry = (on: NarrationEntry['on']): NarrationEntry => ({ on, en: 'x' })

describe('attachNarration', () => {
  it('attaches a caption to the first hop of that kind in that place', () => {
    const { captions, orphans } = attachNarration(
      [entry({ kind: 'nf.rule', netns: 'node1', table: 'nat' })],
      hops,
    )
    expect([...captions.keys()]).toEqual([2])
    expect(orphans).toEqual([])
  })

  it('matches a prefix with a trailing *, in fields and kinds alike', () => {
    expect([
      ...attachNarration([entry({ kind: 'nf.rule', chain: 'KUBE-SEP-*' })], hops).captions.keys(),
    ]).toEqual([4])
    expect([
      ...attachNarration([entry({ kind: 'nat.*', nth: 'all' })], hops).captions.keys(),
    ]).toEqual([5, 9])
  })

  it('picks the n-th match with nth and every match with nth: all', () => {
    expect([
      ...attachNarration([entry({ kind: 'nf.rule', nth: 3 })], hops).captions.keys(),
    ]).toEqual([4])
    expect([
      ...attachNarration([entry({ kind: 'nf.rule', nth: 'all' })], hops).captions.keys(),
    ]).toEqual([2, 3, 4])
  })

  it('reports a caption that matches no hop as an orphan', () => {
    const lost = entry({ kind: 'nat.dnat', netns: 'node2' })
    expect(attachNarration([lost], hops).orphans).toEqual([lost])
    expect(attachNarration([entry({ kind: 'nf.rule', nth: 4 })], hops).orphans).toHaveLength(1)
  })

  it('matches numeric fields such as the packet number', () => {
    expect([
      ...attachNarration([entry({ kind: 'nat.reverse', packet: 2 })], hops).captions.keys(),
    ]).toEqual([9])
  })
})

describe('readNarration', () => {
  function read(src: string) {
    const ctx = parseYaml(src, 'n.yaml')
    return {
      entries: readNarration(ctx, rootVal(ctx)),
      diags: ctx.diags.map((d) => `${d.line}:${d.column} ${d.message} — ${d.hint}`),
    }
  }

  it('reads captions with matcher, English and Chinese text', () => {
    const { entries, diags } = read(
      '- on: { kind: nat.dnat, netns: node1 }\n  en: DNAT here.\n  zh: 这里做 DNAT。\n',
    )
    expect(diags).toEqual([])
    expect(entries).toEqual([
      { on: { kind: 'nat.dnat', netns: 'node1' }, en: 'DNAT here.', zh: '这里做 DNAT。' },
    ])
  })

  it('suggests the closest event kind for an unknown one', () => {
    expect(read('- { on: { kind: nat.dant }, en: x }\n').diags).toEqual([
      "1:17 unknown event kind 'nat.dant' — did you mean 'nat.dnat'?",
    ])
  })

  it('rejects a field the event kind does not have, suggesting one it does', () => {
    expect(read('- { on: { kind: nf.rule, chian: KUBE-SERVICES }, en: x }\n').diags).toEqual([
      "1:26 unknown key 'chian' in a matcher for nf.rule — did you mean 'chain'?",
    ])
  })
})
