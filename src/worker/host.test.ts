import { describe, expect, it } from 'vitest'
import { createEngineHost, type EngineDeps } from './host'
import type { FromEngine } from './protocol'
import { fixtureMeta, fixtureTrace } from '../ui/__fixtures__/fixture-trace'

function setup(overrides: Partial<EngineDeps> = {}) {
  const out: FromEngine[] = []
  const queue: (() => void)[] = []
  const runs: (number | undefined)[] = []
  const deps: EngineDeps = {
    loadScenarioSource: (source) =>
      source === 'broken'
        ? { spec: null, diagnostics: [{ severity: 'error', message: 'bad', line: 3 }], meta: fixtureMeta }
        : { spec: { name: 'lab', hosts: [], netns: [], apps: [] }, diagnostics: [], meta: fixtureMeta },
    runLab: (_spec, opts) => {
      runs.push(opts?.seed)
      return { trace: { ...fixtureTrace, seed: opts?.seed ?? 1 }, diagnostics: [] }
    },
    schedule: (fn) => queue.push(fn),
    batchSize: 20,
    ...overrides,
  }
  const host = createEngineHost((m) => out.push(m), deps)
  const drain = () => {
    while (queue.length) queue.shift()!()
  }
  return { host, out, drain, runs }
}

describe('createEngineHost', () => {
  it('answers load with the topology, diagnostics and scenario meta', () => {
    const { host, out } = setup()
    host.handle({ type: 'load', id: 1, source: 'x', fileName: 'a.yaml' })
    expect(out).toHaveLength(1)
    const m = out[0]!
    expect(m.type).toBe('loaded')
    if (m.type !== 'loaded') return
    expect(m.id).toBe(1)
    expect(m.topology?.hosts[0]?.name).toBe('node-1')
    expect(m.meta?.id).toBe('fixture')
  })

  it('reports parse diagnostics without a topology when the source is broken', () => {
    const { host, out } = setup()
    host.handle({ type: 'load', id: 4, source: 'broken', fileName: 'a.yaml' })
    const m = out[0]!
    expect(m.type === 'loaded' && m.topology).toBeFalsy()
    expect(m.type === 'loaded' && m.diagnostics[0]?.line).toBe(3)
  })

  it('streams hops in batches, initial tables first and the outcome last', () => {
    const { host, out, drain } = setup()
    host.handle({ type: 'load', id: 1, source: 'x', fileName: 'a.yaml' })
    host.handle({ type: 'trace', id: 2 })
    drain()
    const batches = out.filter((m) => m.type === 'hops')
    expect(batches.length).toBe(Math.ceil(fixtureTrace.hops.length / 20))
    expect(batches.every((b) => b.type === 'hops' && b.hops.length <= 20)).toBe(true)
    const first = batches[0]!
    const last = batches[batches.length - 1]!
    expect(first.type === 'hops' && first.initial?.length).toBe(3)
    expect(last.type === 'hops' && last.final && last.outcome?.kind).toBe('completed')
    const seqs = batches.flatMap((b) => (b.type === 'hops' ? b.hops.map((h) => h.seq) : []))
    expect(seqs).toEqual(fixtureTrace.hops.map((h) => h.seq))
  })

  it('stops streaming when the request is cancelled', () => {
    const { host, out, drain } = setup()
    host.handle({ type: 'load', id: 1, source: 'x', fileName: 'a.yaml' })
    host.handle({ type: 'trace', id: 2 })
    host.handle({ type: 'cancel', id: 2 })
    drain()
    expect(out.filter((m) => m.type === 'hops')).toHaveLength(1)
  })

  it('re-runs the lab only when a different seed is asked for', () => {
    const { host, runs, drain } = setup()
    host.handle({ type: 'load', id: 1, source: 'x', fileName: 'a.yaml' })
    host.handle({ type: 'trace', id: 2, seed: 1 })
    drain()
    host.handle({ type: 'trace', id: 3, seed: 7 })
    drain()
    expect(runs).toEqual([undefined, 7])
  })

  it('fails a trace request that comes before any load', () => {
    const { host, out } = setup()
    host.handle({ type: 'trace', id: 9 })
    expect(out[0]).toMatchObject({ type: 'failed', id: 9 })
  })

  it('turns an exception inside the engine into a failed reply', () => {
    const { host, out } = setup({
      runLab: () => {
        throw new Error('boom')
      },
    })
    host.handle({ type: 'load', id: 5, source: 'x', fileName: 'a.yaml' })
    expect(out[0]).toMatchObject({ type: 'failed', id: 5, error: { message: 'boom' } })
  })
})

describe('describe', () => {
  it('answers every file with its title, without running journeys', () => {
    const posts: FromEngine[] = []
    let runs = 0
    const host = createEngineHost((m) => posts.push(m), {
      loadScenarioSource: (_s, fileName) => ({ spec: { name: fileName, hosts: [], netns: [], apps: [] }, diagnostics: [], meta: { ...fixtureMeta, id: fileName, title: { en: `T ${fileName}`, zh: `标题 ${fileName}` } } }),
      runLab: () => {
        runs++
        return { trace: null, diagnostics: [] }
      },
    })
    host.handle({ type: 'describe', id: 9, files: [{ fileName: 'a.yaml', source: '' }, { fileName: 'b.yaml', source: '' }] })
    expect(runs).toBe(0)
    expect(posts).toEqual([
      {
        type: 'described',
        id: 9,
        metas: [
          { fileName: 'a.yaml', meta: expect.objectContaining({ title: { en: 'T a.yaml', zh: '标题 a.yaml' } }) },
          { fileName: 'b.yaml', meta: expect.objectContaining({ title: { en: 'T b.yaml', zh: '标题 b.yaml' } }) },
        ],
      },
    ])
  })
})
