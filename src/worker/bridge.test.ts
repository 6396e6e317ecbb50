import { describe, expect, it } from 'vitest'
import { createEngineBridge, MAX_RESTARTS, type WorkerLike } from './bridge'
import { createEngineHost, readyMessage } from './host'
import type { ToEngine } from './protocol'
import { createAppStore } from '../store'
import { fixtureMeta, fixtureTrace } from '../ui/__fixtures__/fixture-trace'

/** An in-process "worker" running the real host; `crashOn` makes it die on a given message type. */
function fakeWorkers(opts: { crashOn?: ToEngine['type']; crashTimes?: number } = {}) {
  const made: { worker: WorkerLike; received: ToEngine[]; terminated: boolean }[] = []
  let crashes = 0
  const make = (): WorkerLike => {
    const rec = { received: [] as ToEngine[], terminated: false, worker: null as unknown as WorkerLike }
    const w: WorkerLike = {
      onmessage: null,
      onerror: null,
      onmessageerror: null,
      postMessage(msg) {
        rec.received.push(structuredClone(msg))
        if (msg.type === opts.crashOn && crashes < (opts.crashTimes ?? 1)) {
          crashes++
          w.onerror?.({ message: 'out of memory' })
          return
        }
        host.handle(msg)
      },
      terminate() {
        rec.terminated = true
      },
    }
    const host = createEngineHost((m) => w.onmessage?.({ data: structuredClone(m) }), {
      loadScenarioSource: (source) => ({
        spec: { name: source, hosts: [], netns: [], apps: [] },
        diagnostics: [],
        meta: fixtureMeta,
      }),
      runLab: () => ({ trace: fixtureTrace, diagnostics: [] }),
      schedule: (fn) => fn(),
    })
    rec.worker = w
    made.push(rec)
    queueMicrotask(() => w.onmessage?.({ data: readyMessage }))
    return w
  }
  return { make, made }
}

function setup(opts: Parameters<typeof fakeWorkers>[0] = {}) {
  const store = createAppStore()
  store.getState().setScenarios([{ id: 'a', fileName: 'a.yaml', source: 'my edited text' }])
  const workers = fakeWorkers(opts)
  const bridge = createEngineBridge(store, workers.make)
  return { store, bridge, workers }
}

describe('createEngineBridge', () => {
  it('starts no worker until a scenario is loaded', () => {
    const { workers } = setup()
    expect(workers.made).toHaveLength(0)
  })

  it('loads the selected scenario and then streams its trace into the store', () => {
    const { store, workers } = setup()
    store.getState().selectScenario('a')
    expect(workers.made).toHaveLength(1)
    expect(workers.made[0]!.received.map((m) => m.type)).toEqual(['load', 'trace'])
    expect(store.getState().hops).toHaveLength(fixtureTrace.hops.length)
    expect(store.getState().topology).not.toBeNull()
  })

  it('restarts a crashed worker and replays the load with the source from the store', () => {
    const { store, workers } = setup({ crashOn: 'load' })
    store.getState().selectScenario('a')
    expect(workers.made).toHaveLength(2)
    expect(workers.made[0]!.terminated).toBe(true)
    const replay = workers.made[1]!.received[0]!
    expect(replay).toMatchObject({ type: 'load', source: 'my edited text', fileName: 'a.yaml' })
    expect(store.getState().engineStatus).toBe('crashed')
    expect(store.getState().traceStatus).toBe('done')
    expect(store.getState().source).toBe('my edited text')
  })

  it('gives up after repeated crashes and says so', () => {
    const { store } = setup({ crashOn: 'load', crashTimes: 99 })
    store.getState().selectScenario('a')
    expect(store.getState().engineStatus).toBe('failed')
    expect(store.getState().engineError).toBe('out of memory')
    expect(MAX_RESTARTS).toBeGreaterThan(0)
  })
})
