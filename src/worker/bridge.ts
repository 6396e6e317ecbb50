/**
 * The page's side of the protocol (squoosh's pattern): starts the worker lazily on the first
 * load, tags requests with ids, feeds replies into the store, and on a crash terminates the
 * worker, starts a fresh one and replays the last load from the store's source text — which the
 * worker never owns, so a crash cannot lose the user's scenario.
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

export function createEngineBridge(store: AppStore, makeWorker: () => WorkerLike) {
  let worker: WorkerLike | null = null
  let nextId = 1
  let restarts = 0

  const start = () => {
    const w = makeWorker()
    w.onmessage = (e) => {
      const msg = e.data
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

  const send = (msg: ToEngine) => (worker ?? start()).postMessage(msg)

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

  const crash = (message: string) => {
    worker?.terminate()
    worker = null
    restarts++
    if (restarts > MAX_RESTARTS) {
      store.setState({ engineStatus: 'failed', engineError: message })
      return
    }
    store.setState({ engineStatus: 'crashed', engineError: message })
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
      store.setState({ engineStatus: 'starting', engineError: null })
      if (store.getState().fileName) load()
    },
    dispose() {
      unsubscribe()
      worker?.terminate()
      worker = null
    },
  }
}

function describe(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message
  return typeof m === 'string' && m ? m : 'The engine stopped unexpectedly.'
}

export type EngineBridge = ReturnType<typeof createEngineBridge>
