import { describe, expect, it } from 'vitest'
import { createAppStore } from './index'
import type { FromEngine } from '../worker/protocol'
import type { HopEvent } from '../engine/trace/events'
import { builtInScenario } from '../worker/testing/built-in-scenario'
import {
  hopCategory,
  selectChangedRows,
  selectCurrentHop,
  selectHeaderDiff,
  selectPosition,
  selectSteps,
  selectTablesAt,
} from './selectors'

// Real engine traces of built-in scenarios: pod-a → pod-b over cni0 with cold caches, and a
// ClusterIP with no endpoints, which kube-proxy's filter rule REJECTs.
const samenode = () => builtInScenario('pod-to-pod-same-node')
const noEndpoints = () => builtInScenario('service-without-endpoints')

function memoryStorage() {
  const memory = new Map<string, string>()
  return { memory, storage: { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v) } }
}

function loadedStore(run = samenode(), batch = 20) {
  const { memory, storage } = memoryStorage()
  const store = createAppStore({ storage })
  store.getState().setScenarios([{ id: run.id, fileName: run.fileName, source: run.source }])
  store.getState().selectScenario(run.id)
  store.setState({ loadId: 1, traceId: 2 })
  const feed = (m: FromEngine) => store.getState().receive(m)
  feed({ type: 'loaded', id: 1, topology: run.trace.topology, diagnostics: [], meta: run.meta })
  const hops = run.trace.hops
  for (let i = 0; i < hops.length; i += batch) {
    const final = i + batch >= hops.length
    feed({
      type: 'hops',
      id: 2,
      hops: hops.slice(i, i + batch),
      final,
      ...(i === 0 ? { initial: run.trace.initial, seed: run.trace.seed } : {}),
      ...(final ? { outcome: run.trace.outcome } : {}),
    })
  }
  return { store, memory }
}

const find = (hops: HopEvent[], pred: (h: HopEvent) => boolean) => {
  const h = hops.find(pred)
  if (!h) throw new Error('no hop matches')
  return h
}

const neighOf = (tables: ReturnType<typeof selectTablesAt>, ns: string, ip: string) =>
  tables.find((t) => t.netns === ns)!.neigh.filter((n) => n.ip === ip)

describe('trace slice', () => {
  it('assembles streamed batches into the whole trace', () => {
    const { store } = loadedStore()
    const s = store.getState()
    expect(s.hops.map((h) => h.seq)).toEqual(samenode().trace.hops.map((h) => h.seq))
    expect(s.hops.length).toBeGreaterThan(40)
    expect(s.traceStatus).toBe('done')
    expect(s.loadStatus).toBe('loaded')
    expect(s.outcome?.kind).toBe('completed')
    expect(s.meta?.title.en).toBe('Pod to pod on the same node')
  })

  it('ignores batches for a request that is no longer current', () => {
    const { store } = loadedStore()
    store.getState().receive({ type: 'hops', id: 99, hops: [], final: true, initial: [] })
    expect(store.getState().hops.length).toBe(samenode().trace.hops.length)
  })

  it('lists the scenarios in the order the worker described them', () => {
    const store = createAppStore({ storage: memoryStorage().storage })
    store.getState().setScenarios(['a', 'b', 'c'].map((id) => ({ id, fileName: `${id}.yaml` })))
    const meta = (id: string, group: 'services' | 'history') => ({ id, title: { en: id, zh: id }, summary: { en: '', zh: '' }, group })
    store.getState().receive({
      type: 'described',
      id: 1,
      metas: [
        { fileName: 'c.yaml', meta: meta('c', 'services') },
        { fileName: 'a.yaml', meta: meta('a', 'history') },
      ],
    })
    expect(store.getState().scenarios.map((e) => [e.id, e.meta?.group])).toEqual([
      ['c', 'services'],
      ['a', 'history'],
      ['b', undefined],
    ])
  })

  it('jumps to a deep-linked step once the trace has streamed that far', () => {
    const { trace } = samenode()
    const store = createAppStore({ storage: memoryStorage().storage })
    store.getState().setScenarios([{ id: 'a', fileName: 'a.yaml', source: '' }])
    store.getState().selectScenario('a', { step: 30 })
    store.setState({ traceId: 3 })
    store.getState().receive({ type: 'hops', id: 3, hops: trace.hops.slice(0, 20), final: false, initial: trace.initial })
    expect(store.getState().step).toBe(0)
    store.getState().receive({ type: 'hops', id: 3, hops: trace.hops.slice(20), final: true })
    expect(store.getState().step).toBe(30)
  })
})

describe('tables at a step', () => {
  it('folds neighbour deltas: INCOMPLETE after the lookup, REACHABLE after the ARP reply', () => {
    const { store } = loadedStore()
    const { hops } = samenode().trace
    const lookup = find(hops, (h) => h.kind === 'neigh.lookup' && h.netns === 'node1/pod-a' && h.result === 'incomplete')
    store.getState().setStep(lookup.seq - 1)
    expect(neighOf(selectTablesAt(store.getState()), 'node1/pod-a', '10.244.1.3')).toEqual([])
    store.getState().setStep(lookup.seq)
    expect(neighOf(selectTablesAt(store.getState()), 'node1/pod-a', '10.244.1.3')).toEqual([
      { ip: '10.244.1.3', dev: 'eth0', state: 'INCOMPLETE' },
    ])
    const learned = find(hops, (h) => h.kind === 'neigh.update' && h.netns === 'node1/pod-a')
    store.getState().setStep(learned.seq)
    expect(neighOf(selectTablesAt(store.getState()), 'node1/pod-a', '10.244.1.3')).toEqual([
      { ip: '10.244.1.3', dev: 'eth0', lladdr: '0a:58:0a:f4:01:03', state: 'REACHABLE' },
    ])
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

  it('counts the SYN on the REJECT rule it matched and leaves the load-time snapshot untouched', () => {
    const run = noEndpoints()
    const { store } = loadedStore(run)
    const rejectRule = (tables: ReturnType<typeof selectTablesAt>) =>
      tables
        .find((t) => t.netns === 'node1')!
        .iptables.find((t) => t.name === 'filter')!
        .chains.find((c) => c.name === 'KUBE-SERVICES')!
        .rules.find((r) => r.text.includes('-j REJECT'))!
    const hit = find(run.trace.hops, (h) => h.kind === 'nf.rule' && h.target === 'REJECT')
    store.getState().setStep(hit.seq - 1)
    expect(rejectRule(selectTablesAt(store.getState()))).toMatchObject({ packets: 0, bytes: 0 })
    store.getState().toEnd()
    // One SYN: 20 bytes of IP header and 40 of TCP (mss, sackOK, TS, nop, wscale) — 60 bytes.
    expect(rejectRule(selectTablesAt(store.getState()))).toMatchObject({ packets: 1, bytes: 60 })
    expect(rejectRule(run.trace.initial)).toMatchObject({ packets: 0, bytes: 0 })
  })

  it('adds the conntrack row when ct.confirm inserts it, not at ct.new, and marks it as changed', () => {
    const run = builtInScenario('pod-to-service')
    const { store } = loadedStore(run)
    store.setState({ level: 'kernel' })
    const created = find(run.trace.hops, (h) => h.kind === 'ct.new' && h.netns === 'node1')
    const id = created.kind === 'ct.new' ? created.conntrack : -1
    const confirmed = find(run.trace.hops, (h) => h.kind === 'ct.confirm' && h.netns === 'node1' && h.conntrack === id)
    const rowOf = () => selectTablesAt(store.getState()).find((t) => t.netns === 'node1')!.conntrack.find((c) => c.id === id)
    // An unconfirmed entry is not in the table `conntrack -L` lists.
    store.getState().setStep(created.seq)
    expect(rowOf()).toBeUndefined()
    expect(selectChangedRows(store.getState()).has(`node1|conntrack|${id}`)).toBe(false)
    store.getState().setStep(confirmed.seq)
    expect(rowOf()?.status.seenReply).toBe(false)
    expect(selectChangedRows(store.getState()).has(`node1|conntrack|${id}`)).toBe(true)
  })
})

describe('levels of detail', () => {
  it('folds each move of a packet into one Kubernetes-view step', () => {
    const { store } = loadedStore()
    const { hops } = samenode().trace
    store.setState({ level: 'kernel' })
    const kernel = selectSteps(store.getState()).length
    store.setState({ level: 'kubernetes' })
    const k8s = selectSteps(store.getState())
    expect(kernel).toBe(hops.length)
    expect(k8s.length).toBeLessThan(kernel / 2)
    // Every step ends where the packet leaves, arrives at an application, or is dropped.
    for (const step of k8s.slice(0, -1)) {
      const last = hops[step.last - 1]!
      const next = hops[step.last]!
      const endsMove = (last.kind === 'link.xmit' && last.via !== 'bridge-port') || last.kind === 'app.recv' || last.kind === 'drop'
      expect(endsMove || next.packet !== last.packet || next.kind === 'app.send').toBe(true)
    }
    // Steps tile the trace: no event is lost between them.
    k8s.forEach((step, i) => i > 0 && expect(step.first).toBe(k8s[i - 1]!.last + 1))
  })

  it('says what the Kubernetes view’s drop step decided: the REJECT, by its chain', () => {
    const { store } = loadedStore(noEndpoints())
    const drops = selectSteps(store.getState()).flatMap((s) => (s.story?.move.kind === 'drop' ? [s.story.move] : []))
    expect(drops).toEqual([expect.objectContaining({ kind: 'drop', code: 'nf-reject', chain: 'KUBE-SERVICES', host: 'node1' })])
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
    expect(store.getState().step).toBe(2)
    store.getState().stepBy(-1)
    store.getState().stepBy(-1)
    expect(store.getState().step).toBe(0)
  })

  it('skips filtered-out kinds when stepping', () => {
    const { store } = loadedStore()
    store.setState({ level: 'kernel' })
    for (const c of ['arp', 'bridge', 'routing', 'netfilter', 'conntrack', 'sockets'] as const) store.getState().toggleFilter(c)
    store.getState().stepBy(1)
    // With ARP off, a link hop that carries an ARP frame is hidden too; the first shown is the SYN's.
    // An ignored ARP broadcast ("not for us") is a link event about an ARP frame: hidden as well.
    const arp = (h: HopEvent) => !!(h.frame?.arp || h.frame?.inner?.arp)
    const first = find(samenode().trace.hops, (h) => hopCategory(h) === 'drop' || (hopCategory(h) === 'link' && !arp(h)))
    expect(selectCurrentHop(store.getState())?.seq).toBe(first.seq)
    expect(first.seq).toBeGreaterThan(1)
  })
})

describe('header diff', () => {
  const at = (store: ReturnType<typeof loadedStore>['store'], seq: number) => {
    store.getState().setStep(seq)
    return selectHeaderDiff(store.getState())!
  }

  it('says the Ethernet header is not built yet while the kernel routes a segment it made', () => {
    const { store } = loadedStore()
    const route = find(samenode().trace.hops, (h) => h.kind === 'route.lookup' && h.netns === 'node1/pod-a' && !!h.frame?.tcp)
    const eth = at(store, route.seq).find((l) => l.name === 'Ethernet')!
    expect(eth.pending).toBe(true)
    expect(eth.fields).toEqual([])
  })

  it('shows the header neighbour output built as new, not as a rewrite of zero MACs', () => {
    const { store } = loadedStore()
    const xmit = find(samenode().trace.hops, (h) => h.kind === 'link.xmit' && h.netns === 'node1/pod-a' && !!h.frame?.tcp)
    const eth = at(store, xmit.seq).find((l) => l.name === 'Ethernet')!
    expect(eth).toMatchObject({ added: true })
    expect(eth.pending).toBeUndefined()
    expect(eth.fields).toContainEqual({ name: 'src', value: '0a:58:0a:f4:01:02' })
    expect(eth.fields).toContainEqual({ name: 'dst', value: '0a:58:0a:f4:01:03' })
  })

  it('shows the SYN across the bridge with unchanged headers', () => {
    const { store } = loadedStore()
    const out = find(samenode().trace.hops, (h) => h.kind === 'link.xmit' && h.dev === 'veth5e6f7a8b' && !!h.frame?.tcp)
    const layers = at(store, out.seq)
    expect(layers.map((l) => l.name)).toEqual(['Ethernet', 'IPv4', 'TCP'])
    expect(layers.flatMap((l) => l.fields).some((f) => f.before !== undefined)).toBe(false)
    expect(layers.some((l) => l.added || l.pending)).toBe(false)
  })

  it('marks the ARP request as a new packet with a real broadcast header', () => {
    const { store } = loadedStore()
    const arp = find(samenode().trace.hops, (h) => h.kind === 'arp.request')
    const eth = at(store, arp.seq).find((l) => l.name === 'Ethernet')!
    expect(eth.pending).toBeUndefined()
    expect(eth.fields).toContainEqual({ name: 'dst', value: 'ff:ff:ff:ff:ff:ff' })
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
