import { describe, expect, it } from 'vitest'
import { createEngineBridge, MAX_RESTARTS, SILENCE_MS, type BridgeTimers, type WorkerLike } from './bridge'
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
function fakeWorkers(opts: { crashOn?: ToEngine['type']; crashTimes?: number; silentOn?: ToEngine['type']; silentTimes?: number } = {}) {
  const made: { worker: WorkerLike; received: ToEngine[]; terminated: boolean }[] = []
  let crashes = 0
  let silences = 0
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
        // A worker that died without an error event (or loops forever): it never answers.
        if (msg.type === opts.silentOn && silences < (opts.silentTimes ?? 1)) {
          silences++
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

/** Timers the test fires by hand: the watchdog's silence is simulated, not waited for. */
function manualTimers() {
  const pending = new Map<number, () => void>()
  let next = 1
  const timers: BridgeTimers = {
    setTimeout: (fn) => {
      pending.set(next, fn)
      return next++
    },
    clearTimeout: (h) => void pending.delete(h as number),
  }
  const fire = () => {
    const due = [...pending.values()]
    pending.clear()
    for (const fn of due) fn()
  }
  return { timers, fire, armed: () => pending.size }
}

function setup(opts: Parameters<typeof fakeWorkers>[0] = {}) {
  const store = createAppStore()
  store.getState().setScenarios([{ id: 'a', fileName: 'pod-to-pod-same-node.yaml', source: edited() }])
  const workers = fakeWorkers(opts)
  const clock = manualTimers()
  const bridge = createEngineBridge(store, workers.make, { timers: clock.timers })
  return { store, bridge, workers, clock }
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

  it('leaves no watchdog armed once every request has had its last reply', () => {
    const { store, clock } = setup()
    store.getState().selectScenario('a')
    expect(store.getState().traceStatus).toBe('done')
    expect(clock.armed()).toBe(0)
  })

  it('restarts a worker that stops answering, replays the load and says why', () => {
    const { store, workers, clock } = setup({ silentOn: 'trace' })
    store.getState().selectScenario('a')
    expect(store.getState().traceStatus).toBe('streaming')
    expect(clock.armed()).toBe(1)
    clock.fire()
    expect(workers.made).toHaveLength(2)
    expect(workers.made[0]!.terminated).toBe(true)
    expect(workers.made[1]!.received[0]).toMatchObject({ type: 'load', source: edited() })
    expect(store.getState()).toMatchObject({ engineStatus: 'crashed', engineStalledAfter: SILENCE_MS / 1000, traceStatus: 'done' })
    expect(store.getState().hops).toHaveLength(samenode().trace.hops.length)
    expect(clock.armed()).toBe(0)
  })

  it('gives up on a worker that never answers after the restarts', () => {
    const { store, clock } = setup({ silentOn: 'load', silentTimes: 99 })
    store.getState().selectScenario('a')
    for (let i = 0; i <= MAX_RESTARTS; i++) clock.fire()
    expect(store.getState().engineStatus).toBe('failed')
    expect(clock.armed()).toBe(0)
  })

  it('ignores what a terminated worker still sends', () => {
    const { store, workers, clock } = setup({ silentOn: 'trace' })
    store.getState().selectScenario('a')
    clock.fire()
    const stale = workers.made[0]!.worker
    const before = store.getState().hops
    stale.onmessage?.({ data: { type: 'hops', id: store.getState().traceId, hops: [], final: true } })
    expect(store.getState().hops).toBe(before)
  })
})
