import { describe, expect, it } from 'vitest'
import { createAppStore } from './index'
import type { FromEngine } from '../worker/protocol'
import { fixtureMeta, fixtureTrace } from '../ui/__fixtures__/fixture-trace'
import {
  selectChangedRows,
  selectCurrentHop,
  selectHeaderDiff,
  selectPosition,
  selectSteps,
  selectTablesAt,
} from './selectors'

function loadedStore(batch = 20) {
  const memory = new Map<string, string>()
  const storage = { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v) }
  const store = createAppStore({ storage })
  store.getState().setScenarios([{ id: 'fixture', fileName: 'fixture.yaml', source: '' }])
  store.getState().selectScenario('fixture')
  store.setState({ loadId: 1, traceId: 2 })
  const feed = (m: FromEngine) => store.getState().receive(m)
  feed({ type: 'loaded', id: 1, topology: fixtureTrace.topology, diagnostics: [], meta: fixtureMeta })
  const hops = fixtureTrace.hops
  for (let i = 0; i < hops.length; i += batch)
    feed({
      type: 'hops',
      id: 2,
      hops: hops.slice(i, i + batch),
      final: i + batch >= hops.length,
      ...(i === 0 ? { initial: fixtureTrace.initial, seed: 1 } : {}),
      ...(i + batch >= hops.length ? { outcome: fixtureTrace.outcome } : {}),
    })
  return { store, memory }
}

const neighOf = (tables: ReturnType<typeof selectTablesAt>, ns: string) =>
  tables.find((t) => t.netns === ns)!.neigh

describe('trace slice', () => {
  it('assembles streamed batches into the whole trace', () => {
    const { store } = loadedStore()
    const s = store.getState()
    expect(s.hops.map((h) => h.seq)).toEqual(fixtureTrace.hops.map((h) => h.seq))
    expect(s.traceStatus).toBe('done')
    expect(s.loadStatus).toBe('loaded')
    expect(s.outcome?.kind).toBe('completed')
  })

  it('ignores batches for a request that is no longer current', () => {
    const { store } = loadedStore()
    store.getState().receive({ type: 'hops', id: 99, hops: [], final: true, initial: [] })
    expect(store.getState().hops.length).toBe(fixtureTrace.hops.length)
  })

  it('jumps to a deep-linked step once the trace has streamed that far', () => {
    const memory = new Map<string, string>()
    const store = createAppStore({ storage: { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) } })
    store.getState().setScenarios([{ id: 'fixture', fileName: 'fixture.yaml', source: '' }])
    store.getState().selectScenario('fixture', { step: 30 })
    store.setState({ traceId: 3 })
    store.getState().receive({ type: 'hops', id: 3, hops: fixtureTrace.hops.slice(0, 20), final: false, initial: fixtureTrace.initial })
    expect(store.getState().step).toBe(0)
    store.getState().receive({ type: 'hops', id: 3, hops: fixtureTrace.hops.slice(20), final: true })
    expect(store.getState().step).toBe(30)
  })
})

describe('tables at a step', () => {
  it('folds neighbour deltas: INCOMPLETE after the lookup, REACHABLE after the ARP reply', () => {
    const { store } = loadedStore()
    const incomplete = fixtureTrace.hops.find((h) => h.kind === 'neigh.lookup')!.seq
    store.getState().setStep(incomplete)
    expect(neighOf(selectTablesAt(store.getState()), 'node-1/client')).toEqual([
      { ip: '10.244.1.3', dev: 'eth0', state: 'INCOMPLETE' },
    ])
    store.getState().toEnd()
    const after = neighOf(selectTablesAt(store.getState()), 'node-1/client')
    expect(after).toHaveLength(1)
    expect(after[0]!.state).toBe('REACHABLE')
  })

  it('restores exactly the earlier tables when stepping back', () => {
    const { store } = loadedStore()
    store.getState().setStep(12)
    const earlier = JSON.stringify(selectTablesAt(store.getState()))
    store.getState().toEnd()
    expect(JSON.stringify(selectTablesAt(store.getState()))).not.toEqual(earlier)
    store.getState().setStep(12)
    expect(JSON.stringify(selectTablesAt(store.getState()))).toEqual(earlier)
  })

  it('adds rule counters as the packet matches rules and leaves the snapshot untouched', () => {
    const { store } = loadedStore()
    store.getState().toEnd()
    const fwd = selectTablesAt(store.getState())
      .find((t) => t.netns === 'node-1')!
      .iptables.find((t) => t.name === 'filter')!
      .chains.find((c) => c.name === 'FORWARD')!
    expect(fwd.rules[0]).toMatchObject({ packets: 2, bytes: 120 })
    expect(fixtureTrace.initial[0]!.iptables[1]!.chains[1]!.rules[0]!.packets).toBe(0)
  })

  it('marks the conntrack row created at the ct.new step as changed', () => {
    const { store } = loadedStore()
    store.setState({ level: 'kernel' })
    store.getState().setStep(fixtureTrace.hops.find((h) => h.kind === 'ct.new')!.seq)
    expect(selectChangedRows(store.getState()).has('node-1|conntrack|1')).toBe(true)
  })
})

describe('levels of detail', () => {
  it('folds each move of a packet into one Kubernetes-view step', () => {
    const { store } = loadedStore()
    store.setState({ level: 'kernel' })
    const kernel = selectSteps(store.getState()).length
    store.setState({ level: 'kubernetes' })
    const k8s = selectSteps(store.getState())
    expect(kernel).toBe(fixtureTrace.hops.length)
    expect(k8s.length).toBeLessThan(kernel / 2)
    // Every step ends where the packet leaves, arrives at an application, or is dropped.
    for (const step of k8s.slice(0, -1)) {
      const last = fixtureTrace.hops[step.last - 1]!
      const next = fixtureTrace.hops[step.last]!
      const endsMove = (last.kind === 'link.xmit' && last.via !== 'bridge-port') || last.kind === 'app.recv' || last.kind === 'drop'
      expect(endsMove || next.packet !== last.packet || next.kind === 'app.send').toBe(true)
    }
    // Steps tile the trace: no event is lost between them.
    k8s.forEach((step, i) => i > 0 && expect(step.first).toBe(k8s[i - 1]!.last + 1))
  })

  it('keeps the current hop when switching level', () => {
    const { store } = loadedStore()
    store.setState({ level: 'kernel' })
    store.getState().setStep(25)
    store.getState().setLevel('kubernetes')
    expect(store.getState().step).toBe(25)
    expect(selectCurrentHop(store.getState())?.seq).toBe(25)
    store.getState().stepBy(1)
    expect(store.getState().step).toBeGreaterThan(25)
  })

  it('steps through the kernel view one hop at a time, forwards and back', () => {
    const { store } = loadedStore()
    store.setState({ level: 'kernel' })
    store.getState().stepBy(1)
    store.getState().stepBy(1)
    expect(selectPosition(store.getState())).toMatchObject({ index: 1 })
    store.getState().stepBy(-1)
    store.getState().stepBy(-1)
    expect(store.getState().step).toBe(0)
  })

  it('skips filtered-out kinds when stepping', () => {
    const { store } = loadedStore()
    store.setState({ level: 'kernel' })
    for (const c of ['arp', 'bridge', 'routing', 'netfilter', 'conntrack', 'sockets'] as const) store.getState().toggleFilter(c)
    store.getState().stepBy(1)
    expect(selectCurrentHop(store.getState())?.kind).toMatch(/^link\./)
  })
})

describe('header diff', () => {
  it('shows the ARP reply as a new packet and the SYN across the bridge with unchanged headers', () => {
    const { store } = loadedStore()
    const xmit = fixtureTrace.hops.find((h) => h.kind === 'link.xmit' && h.packet === 1)!
    store.getState().setStep(xmit.seq + 1)
    const layers = selectHeaderDiff(store.getState())!
    expect(layers.map((l) => l.name)).toEqual(['Ethernet', 'IPv4', 'TCP'])
    expect(layers.flatMap((l) => l.fields).some((f) => f.before !== undefined)).toBe(false)
  })
})

describe('preferences', () => {
  it('persists locale, theme and level and reads them back', () => {
    const { store, memory } = loadedStore()
    store.getState().setLocale('zh')
    store.getState().setTheme('dark')
    const again = createAppStore({ storage: { getItem: (k) => memory.get(k) ?? null, setItem: () => {} } })
    expect(again.getState()).toMatchObject({ locale: 'zh', theme: 'dark', level: 'kubernetes' })
  })
})
