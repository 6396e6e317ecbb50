import { describe, expect, it } from 'vitest'
import { createEngineHost, type EngineDeps } from './host'
import { resolveEngineDeps } from './engine-deps'
import type { FromEngine } from './protocol'
import { builtInScenario } from './testing/built-in-scenario'

// The host with the worker's real dependencies (scenario loader, control plane, engine); only
// the scheduler is in the test's hands, and runLab is wrapped to see which seeds it ran.
const samenode = () => builtInScenario('pod-to-pod-same-node')
const BROKEN = 'lab: broken\nhosts: []\nnetns: 7\n'

function setup(overrides: Partial<EngineDeps> = {}) {
  const out: FromEngine[] = []
  const queue: (() => void)[] = []
  const runs: (number | undefined)[] = []
  const real = resolveEngineDeps()
  const deps: EngineDeps = {
    ...real,
    runLab: (spec, opts) => {
      runs.push(opts?.seed)
      return real.runLab(spec, opts)
    },
    schedule: (fn) => queue.push(fn),
    batchSize: 20,
    ...overrides,
  }
  const host = createEngineHost((m) => out.push(m), deps)
  const drain = () => {
    while (queue.length) queue.shift()!()
  }
  const load = (id = 1) => host.handle({ type: 'load', id, source: samenode().source, fileName: samenode().fileName })
  return { host, out, drain, runs, load }
}

describe('createEngineHost', () => {
  it('answers load with the topology, diagnostics and scenario meta', () => {
    const { out, load } = setup()
    load(1)
    expect(out).toHaveLength(1)
    const m = out[0]!
    expect(m.type).toBe('loaded')
    if (m.type !== 'loaded') return
    expect(m.id).toBe(1)
    expect(m.topology?.hosts.map((h) => h.name)).toEqual(['node1'])
    expect(m.topology?.netns.map((n) => n.name)).toEqual(['node1', 'node1/pod-a', 'node1/pod-b'])
    expect(m.diagnostics).toEqual([])
    expect(m.meta).toMatchObject({ id: 'pod-to-pod-same-node', title: { en: 'Pod to pod on the same node', zh: '同一节点上的 Pod 互访' } })
  })

  it('reports parse diagnostics without a topology when the source is broken', () => {
    const { host, out, runs } = setup()
    host.handle({ type: 'load', id: 4, source: BROKEN, fileName: 'broken.yaml' })
    const m = out[0]!
    expect(m.type === 'loaded' && m.topology).toBeFalsy()
    expect(m.type === 'loaded' && m.diagnostics[0]).toMatchObject({ severity: 'error', line: 3, path: 'netns' })
    expect(runs).toEqual([])
  })

  it('streams hops in batches, initial tables first, the outcome and narration last', () => {
    const { host, out, drain, load } = setup()
    load(1)
    host.handle({ type: 'trace', id: 2 })
    drain()
    const batches = out.flatMap((m) => (m.type === 'hops' ? [m] : []))
    const { trace } = samenode()
    expect(batches.length).toBe(Math.ceil(trace.hops.length / 20))
    expect(batches.length).toBeGreaterThan(2)
    expect(batches.every((b) => b.hops.length <= 20 && b.id === 2)).toBe(true)
    const first = batches[0]!
    const last = batches[batches.length - 1]!
    expect(first.initial?.map((t) => t.netns)).toEqual(['node1', 'node1/pod-a', 'node1/pod-b'])
    expect(batches.slice(1).some((b) => b.initial)).toBe(false)
    expect(batches.slice(0, -1).some((b) => b.final || b.outcome)).toBe(false)
    expect(last.final && last.outcome?.kind).toBe('completed')
    expect(Object.values(last.captions ?? {}).some((c) => c.en.includes('who has 10.244.1.3'))).toBe(true)
    expect(batches.flatMap((b) => b.hops.map((h) => h.seq))).toEqual(trace.hops.map((h) => h.seq))
  })

  it('stops streaming when the request is cancelled', () => {
    const { host, out, drain, load } = setup()
    load(1)
    host.handle({ type: 'trace', id: 2 })
    host.handle({ type: 'cancel', id: 2 })
    drain()
    expect(out.filter((m) => m.type === 'hops')).toHaveLength(1)
  })

  it('re-runs the lab only when a different seed is asked for', () => {
    const { host, out, runs, drain, load } = setup()
    load(1)
    const seed = samenode().trace.seed
    expect(runs).toEqual([seed])
    host.handle({ type: 'trace', id: 2, seed })
    drain()
    host.handle({ type: 'trace', id: 3, seed: seed + 6 })
    drain()
    expect(runs).toEqual([seed, seed + 6])
    const firstOf = (id: number) => out.find((m) => m.type === 'hops' && m.id === id && m.initial)
    expect(firstOf(2)).toMatchObject({ seed })
    expect(firstOf(3)).toMatchObject({ seed: seed + 6 })
  })

  it('fails a trace request that comes before any load', () => {
    const { host, out } = setup()
    host.handle({ type: 'trace', id: 9 })
    expect(out[0]).toMatchObject({ type: 'failed', id: 9 })
  })

  it('turns an exception inside the engine into a failed reply', () => {
    const { out, load } = setup({
      runLab: () => {
        throw new Error('boom')
      },
    })
    load(5)
    expect(out[0]).toMatchObject({ type: 'failed', id: 5, error: { message: 'boom' } })
  })
})

describe('describe', () => {
  it('answers every file with its title, without running journeys', () => {
    const { host, out, runs } = setup()
    const files = ['pod-to-pod-same-node', 'service-without-endpoints'].map((id) => builtInScenario(id))
    host.handle({ type: 'describe', id: 9, files: [...files.map((f) => ({ fileName: f.fileName, source: f.source })), { fileName: 'broken.yaml', source: BROKEN }] })
    expect(runs).toEqual([])
    expect(out).toEqual([
      {
        type: 'described',
        id: 9,
        metas: [
          { fileName: 'pod-to-pod-same-node.yaml', meta: expect.objectContaining({ title: { en: 'Pod to pod on the same node', zh: '同一节点上的 Pod 互访' } }) },
          { fileName: 'service-without-endpoints.yaml', meta: expect.objectContaining({ id: 'service-without-endpoints', title: files[1]!.meta.title }) },
          // A file that does not parse has no title to show: the picker falls back to its id.
          { fileName: 'broken.yaml', meta: null },
        ],
      },
    ])
  })

  it('sends the picker its group, place, era and since-then note, in teaching order', () => {
    const { host, out } = setup()
    const ids = ['userspace-proxy-legacy', 'dns-then-service', 'pod-to-service', 'container-to-container']
    host.handle({ type: 'describe', id: 3, files: [{ fileName: 'broken.yaml', source: BROKEN }, ...ids.map((id) => builtInScenario(id))].map((f) => ({ fileName: f.fileName, source: f.source })) })
    const msg = out[0] as Extract<FromEngine, { type: 'described' }>
    expect(msg.metas.map((m) => m.fileName)).toEqual(['container-to-container.yaml', 'pod-to-service.yaml', 'dns-then-service.yaml', 'userspace-proxy-legacy.yaml', 'broken.yaml'])
    expect(msg.metas[0]!.meta).toMatchObject({ group: 'inside-a-pod', order: 1 })
    expect(msg.metas[0]!.meta).not.toHaveProperty('era')
    const legacy = msg.metas[3]!.meta!
    expect(legacy).toMatchObject({ group: 'history', historical: true })
    expect(legacy.era?.zh).toContain('userspace')
    expect(legacy.sinceThen?.en).toContain('v1.26')
    expect(legacy.sinceThen?.zh).toContain('v1.26')
  })
})
