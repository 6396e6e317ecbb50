/**
 * A built-in scenario (scenarios/<id>.yaml) run through the worker's real dependencies — the
 * scenario loader, the control plane and the engine — for the host, bridge and store tests, so
 * they check what the page really plays rather than a hand-written stand-in. Node only (reads
 * the file with fs); each scenario runs once per test file.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Trace } from '../../engine/trace/events'
import { resolveEngineDeps } from '../engine-deps'
import type { LoadResult } from '../host'
import type { LocalText } from '../protocol'

export interface BuiltInRun {
  id: string
  fileName: string
  source: string
  meta: LoadResult['meta']
  trace: Trace
  captions: Record<number, LocalText> | undefined
}

const runs = new Map<string, BuiltInRun>()

const SCENARIOS_DIR = join(import.meta.dirname, '../../../scenarios')

/** The ids of every built-in scenario (scenarios/*.yaml), in file-name order. */
export function builtInScenarioIds(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort()
}

export function builtInScenario(id: string): BuiltInRun {
  const hit = runs.get(id)
  if (hit) return hit
  const fileName = `${id}.yaml`
  const source = readFileSync(join(SCENARIOS_DIR, fileName), 'utf8')
  const deps = resolveEngineDeps()
  const loaded = deps.loadScenarioSource(source, fileName)
  if (!loaded.spec) throw new Error(`scenario ${id} does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`)
  const { trace } = deps.runLab(loaded.spec, loaded.spec.seed !== undefined ? { seed: loaded.spec.seed } : {})
  if (!trace) throw new Error(`scenario ${id} produced no trace`)
  const run = { id, fileName, source, meta: loaded.meta, trace, captions: deps.captionsFor?.(loaded.meta, trace) }
  runs.set(id, run)
  return run
}
