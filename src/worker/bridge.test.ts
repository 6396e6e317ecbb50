import { describe, expect, it } from 'vitest'
import { createEngineBridge, MAX_RESTARTS, type WorkerLike } from './bridge'
import { createEngineHost, readyMessage } from './host'
import { resolveEngineDeps } from './engine-deps'
import type { ToEngine } from './protocol'
import { createAppStore } from '../store'
import { builtInScenario } from './testing/built-in-scenario'

const samenode = () => builtInScenario('pod-to-pod-same-node')
/** The user's edit of the built-in scenario: the text a crash must not lose. */
const edited = () => `${samenode().source}\n# my edit\n`

/**
 * An in-process "worker" running the real host with the real engine; `crashOn` makes it die on
 * a given message type.
 */
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
      ...resolveEngineDeps(),
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
  store.getState().setScenarios([{ id: 'a', fileName: 'pod-to-pod-same-node.yaml', source: edited() }])
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
    expect(store.getState().hops.map((h) => h.seq)).toEqual(samenode().trace.hops.map((h) => h.seq))
    expect(store.getState().topology?.netns.map((n) => n.name)).toEqual(['node1', 'node1/pod-a', 'node1/pod-b'])
    expect(store.getState()).toMatchObject({ traceStatus: 'done', loadStatus: 'loaded', outcome: { kind: 'completed' } })
  })

  it('restarts a crashed worker and replays the load with the source from the store', () => {
    const { store, workers } = setup({ crashOn: 'load' })
    store.getState().selectScenario('a')
    expect(workers.made).toHaveLength(2)
    expect(workers.made[0]!.terminated).toBe(true)
    const replay = workers.made[1]!.received[0]!
    expect(replay).toMatchObject({ type: 'load', source: edited(), fileName: 'pod-to-pod-same-node.yaml' })
    expect(store.getState().engineStatus).toBe('crashed')
    expect(store.getState().traceStatus).toBe('done')
    expect(store.getState().source).toBe(edited())
    expect(store.getState().hops).toHaveLength(samenode().trace.hops.length)
  })

  it('gives up after repeated crashes and says so', () => {
    const { store } = setup({ crashOn: 'load', crashTimes: 99 })
    store.getState().selectScenario('a')
    expect(store.getState().engineStatus).toBe('failed')
    expect(store.getState().engineError).toBe('out of memory')
    expect(MAX_RESTARTS).toBeGreaterThan(0)
  })
})
