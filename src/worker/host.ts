/**
 * The engine side of the protocol: takes ToEngine messages, answers with FromEngine messages
 * through `post`. No Worker globals here, so the same host runs in the worker and in Node tests.
 *
 * Why batches on a scheduler: the engine computes a whole trace at once, but posting it as one
 * message would make the page wait to paint, and posting one message per hop floods the main
 * thread. Batches of HOP_BATCH_SIZE, one per macrotask, let a `cancel` or a new `load` cut in.
 */
import type { Diagnostic } from '../engine/diagnostics'
import type { Trace } from '../engine/trace/events'
import type { LabSpec } from '../engine/lab/spec'
import {
  HOP_BATCH_SIZE,
  PROTOCOL_VERSION,
  type FromEngine,
  type LocalText,
  type ScenarioMeta,
  type ToEngine,
} from './protocol'

export interface LoadResult {
  spec: LabSpec | null
  diagnostics: Diagnostic[]
  meta: ScenarioMeta & { captions?: Record<number, LocalText>; narration?: unknown }
}

export interface EngineDeps {
  loadScenarioSource(source: string, fileName: string): LoadResult
  runLab(spec: LabSpec, opts?: { seed?: number }): { trace: Trace | null; diagnostics: Diagnostic[] }
  /** Narration resolved to hop seqs for a trace (the scenario layer matches by kind and place). */
  captionsFor?(meta: LoadResult['meta'], trace: Trace): Record<number, LocalText> | undefined
  /** The picker's order for `described` (teaching order); absent: the order the files came in. */
  compareMetas?(a: ScenarioMeta, b: ScenarioMeta): number
  /** Runs `fn` later (a macrotask in the worker; tests may run it at once). */
  schedule?: (fn: () => void) => void
  batchSize?: number
}

export interface EngineHost {
  handle(msg: ToEngine): void
}

export function createEngineHost(post: (msg: FromEngine) => void, deps: EngineDeps): EngineHost {
  const schedule = deps.schedule ?? ((fn: () => void) => void setTimeout(fn, 0))
  const batchSize = deps.batchSize ?? HOP_BATCH_SIZE
  let loaded: { spec: LabSpec; meta: LoadResult['meta']; trace: Trace | null } | null = null
  /** The request whose hops are streaming; a newer request or a cancel makes older batches stop. */
  let streaming = 0

  const fail = (id: number, err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err))
    post({ type: 'failed', id, error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } })
  }

  const load = (id: number, source: string, fileName: string) => {
    streaming = 0
    const parsed = deps.loadScenarioSource(source, fileName)
    if (!parsed.spec) {
      loaded = null
      post({ type: 'loaded', id, diagnostics: parsed.diagnostics, meta: publicMeta(parsed.meta) })
      return
    }
    const run = deps.runLab(parsed.spec, parsed.spec.seed !== undefined ? { seed: parsed.spec.seed } : {})
    loaded = { spec: parsed.spec, meta: parsed.meta, trace: run.trace }
    post({
      type: 'loaded',
      id,
      ...(run.trace ? { topology: run.trace.topology } : {}),
      diagnostics: [...parsed.diagnostics, ...run.diagnostics],
      meta: publicMeta(parsed.meta),
    })
  }

  const trace = (id: number, seed: number | undefined) => {
    if (!loaded) return fail(id, new Error('No scenario is loaded: send `load` before `trace`.'))
    let t = loaded.trace
    if (seed !== undefined && (!t || t.seed !== seed)) {
      const run = deps.runLab(loaded.spec, { seed })
      t = run.trace
      if (t) loaded.trace = t
    }
    if (!t) return fail(id, new Error('The scenario has errors, so there is no journey to trace.'))
    const full = t
    const captions = deps.captionsFor?.(loaded.meta, full) ?? loaded.meta.captions
    streaming = id
    const send = (from: number) => {
      if (streaming !== id) return
      const hops = full.hops.slice(from, from + batchSize)
      const final = from + batchSize >= full.hops.length
      post({
        type: 'hops',
        id,
        hops,
        final,
        ...(from === 0 ? { initial: full.initial, seed: full.seed } : {}),
        ...(final ? { outcome: full.outcome, ...(captions ? { captions } : {}) } : {}),
      })
      if (final) streaming = 0
      else schedule(() => send(from + batchSize))
    }
    send(0)
  }

  const describe = (files: { fileName: string; source: string }[]) => {
    const metas = files.map((f) => {
      const r = deps.loadScenarioSource(f.source, f.fileName)
      return { fileName: f.fileName, meta: r.spec || r.meta.title.en !== r.meta.id ? publicMeta(r.meta) : null }
    })
    const cmp = deps.compareMetas
    if (!cmp) return metas
    return metas.sort((x, y) => (x.meta && y.meta ? cmp(x.meta, y.meta) : x.meta ? -1 : y.meta ? 1 : 0))
  }

  return {
    handle(msg) {
      try {
        switch (msg.type) {
          case 'load':
            return load(msg.id, msg.source, msg.fileName)
          case 'trace':
            return trace(msg.id, msg.seed)
          case 'cancel':
            if (streaming === msg.id) streaming = 0
            return
          case 'describe':
            return post({ type: 'described', id: msg.id, metas: describe(msg.files) })
          default: {
            const never: never = msg
            throw new Error(`unknown message ${JSON.stringify(never)}`)
          }
        }
      } catch (err) {
        fail(msg.id, err)
      }
    },
  }
}

/** Only what the page shows crosses the wire (narration goes as resolved captions). */
function publicMeta(m: LoadResult['meta']): ScenarioMeta {
  const { id, title, summary, goals, group, order, historical, era, sinceThen } = m
  return {
    id,
    title,
    summary,
    ...(goals ? { goals } : {}),
    ...(group ? { group } : {}),
    ...(order !== undefined ? { order } : {}),
    ...(historical ? { historical } : {}),
    ...(era ? { era } : {}),
    ...(sinceThen ? { sinceThen } : {}),
  }
}

export const readyMessage: FromEngine = { type: 'ready', version: PROTOCOL_VERSION }
