/**
 * The trace the page is playing, as the object `npm run trace -- <file> --json` prints
 * (src/cli/main.ts serialises runLab's Trace; schema: scenarios/schema/trace.schema.json),
 * rebuilt from what the worker streamed into the store: the same keys in the same order, so
 * the file diffs clean against the CLI's.
 *
 * `lab` is the one field the store does not hold. The CLI prints the lab's name, which for a
 * scenario file is its id (src/scenario/index.ts sets `name: id`), the id the store has as
 * `meta.id`. A file with a top-level `lab:` keeps its own `name:`, which never reaches the page,
 * so for those `lab` here is the file's id and may differ from the CLI's.
 */
import type { Trace } from '../../engine/trace/events'
import type { AppState } from '../../store/types'

// engine/trace/events.ts TRACE_VERSION; ui may import engine types only, so the type pins it.
const TRACE_VERSION: Trace['version'] = 1

export type TraceJsonResult = { ok: true; trace: Trace } | { ok: false; missing: string[] }

type TraceState = Pick<AppState, 'meta' | 'scenarioId' | 'seed' | 'topology' | 'initial' | 'hops' | 'outcome' | 'traceStatus'>

export function traceJson(s: TraceState): TraceJsonResult {
  const lab = s.meta?.id ?? s.scenarioId
  const missing = [
    ...(lab ? [] : ['lab']),
    ...(s.seed === null ? ['seed'] : []),
    ...(s.topology ? [] : ['topology']),
    ...(s.initial ? [] : ['initial']),
    // Until the last batch arrives the hops are a prefix and there is no outcome yet.
    ...(s.traceStatus === 'done' ? [] : ['hops']),
    ...(s.outcome ? [] : ['outcome']),
  ]
  if (missing.length || !lab || s.seed === null || !s.topology || !s.initial || !s.outcome) return { ok: false, missing }
  return {
    ok: true,
    trace: { version: TRACE_VERSION, lab, seed: s.seed, topology: s.topology, initial: s.initial, hops: s.hops, outcome: s.outcome },
  }
}

/** The file text: two-space JSON and a final newline, exactly as the CLI writes it. */
export function traceJsonText(trace: Trace): string {
  return JSON.stringify(trace, null, 2) + '\n'
}
