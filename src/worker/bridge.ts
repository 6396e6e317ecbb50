/**
 * The page's side of the protocol (squoosh's pattern): starts the worker lazily on the first
 * load, tags requests with ids, feeds replies into the store, and on a crash terminates the
 * worker, starts a fresh one and replays the last load from the store's source text — which the
 * worker never owns, so a crash cannot lose the user's scenario.
 *
 * A worker can also die silently (terminated by the browser, an endless loop on a pathological
 * input): no error event ever comes. A watchdog treats SILENCE_MS without any message while a
 * request is outstanding as a crash, so the page never waits forever.
 */
import type { AppStore } from '../store'
import { PROTOCOL_VERSION, type FromEngine, type ToEngine } from './protocol'

export interface WorkerLike {
  postMessage(msg: ToEngine): void
  terminate(): void
  onmessage: ((e: { data: FromEngine }) => void) | null
  onerror: ((e: unknown) => void) | null
  onmessageerror: ((e: unknown) => void) | null
}

/** Crashes tolerated in a row before the page stops restarting and asks for a reload. */
export const MAX_RESTARTS = 3

/**
 * How long an outstanding request may go without any message. Built-in journeys answer in
 * milliseconds and a 5 MB file loads in a few seconds; hops stream in batches, and every batch
 * re-arms the timer, so only an engine that has stopped answering reaches this.
 */
export const SILENCE_MS = 20_000

export interface BridgeTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: BridgeTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
}

export function createEngineBridge(
  store: AppStore,
  makeWorker: () => WorkerLike,
  { silenceMs = SILENCE_MS, timers = realTimers }: { silenceMs?: number; timers?: BridgeTimers } = {},
) {
  let worker: WorkerLike | null = null
  let nextId = 1
  let restarts = 0
  /** Requests that have not had their last reply yet. */
  const waiting = new Set<number>()
  let watchdog: unknown = null

  const rearm = () => {
    if (watchdog !== null) timers.clearTimeout(watchdog)
    watchdog = null
    if (waiting.size) {
      watchdog = timers.setTimeout(() => {
        watchdog = null
        crash(`No answer from the engine for ${Math.round(silenceMs / 1000)} s.`, silenceMs / 1000)
      }, silenceMs)
    }
  }

  const start = () => {
    const w = makeWorker()
    w.onmessage = (e) => {
      const msg = e.data
      if (w !== worker) return
      if (msg.type === 'loaded' || msg.type === 'described' || msg.type === 'failed' || (msg.type === 'hops' && msg.final)) waiting.delete(msg.id)
      rearm()
      if (msg.type === 'ready' && msg.version !== PROTOCOL_VERSION) {
        crash(`The engine speaks protocol ${msg.version}, the page ${PROTOCOL_VERSION}.`)
        return
      }
      const before = store.getState()
      store.getState().receive(msg)
      if (msg.type === 'loaded' && msg.id === before.loadId && msg.topology) trace()
      if (msg.type === 'hops' && msg.final) restarts = 0
    }
    w.onerror = (e) => crash(describe(e))
    w.onmessageerror = () => crash('A message from the engine could not be read.')
    worker = w
    return w
  }

  const send = (msg: ToEngine) => {
    if (msg.type === 'cancel') waiting.delete(msg.id)
    else waiting.add(msg.id)
    ;(worker ?? start()).postMessage(msg)
    rearm()
  }

  const load = () => {
    const { source, fileName } = store.getState()
    const id = nextId++
    store.setState({ loadId: id, traceId: 0 })
    send({ type: 'load', id, source, fileName })
  }

  const trace = (seed?: number) => {
    const prev = store.getState().traceId
    if (prev) send({ type: 'cancel', id: prev })
    const id = nextId++
    store.setState({ traceId: id, traceStatus: 'streaming' })
    send({ type: 'trace', id, ...(seed !== undefined ? { seed } : {}) })
  }

  const crash = (message: string, stalledAfter: number | null = null) => {
    worker?.terminate()
    worker = null
    waiting.clear()
    rearm()
    restarts++
    if (restarts > MAX_RESTARTS) {
      store.setState({ engineStatus: 'failed', engineError: message, engineStalledAfter: stalledAfter })
      return
    }
    store.setState({ engineStatus: 'crashed', engineError: message, engineStalledAfter: stalledAfter })
    start()
    if (store.getState().fileName) load()
  }

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.loadRequest !== prev.loadRequest) load()
    else if (s.seedRequest && s.seedRequest !== prev.seedRequest) trace(s.seedRequest.seed)
  })

  /** Ask the worker for these scenarios' titles and summaries, for the picker. */
  const describeScenarios = (files: { fileName: string; source: string }[]) => {
    if (files.length) send({ type: 'describe', id: nextId++, files })
  }

  return {
    load,
    trace,
    describeScenarios,
    /** Start over after the page gave up restarting (the user pressed "try again"). */
    restart() {
      restarts = 0
      worker?.terminate()
      worker = null
      waiting.clear()
      rearm()
      store.setState({ engineStatus: 'starting', engineError: null, engineStalledAfter: null })
      if (store.getState().fileName) load()
    },
    dispose() {
      unsubscribe()
      worker?.terminate()
      worker = null
      waiting.clear()
      rearm()
    },
  }
}

function describe(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message
  return typeof m === 'string' && m ? m : 'The engine stopped unexpectedly.'
}

export type EngineBridge = ReturnType<typeof createEngineBridge>
