/**
 * The scenario layer's public surface: load either file format — a low-level lab file (top-level
 * `lab:` key) or a scenario file (Kubernetes manifests + journey) — into the engine's LabSpec,
 * with diagnostics that name file, line, column, path and a fix. Never throws.
 */
import { isMap, isScalar } from 'yaml'
import { capDiagnostics, type Diagnostic } from '../engine/diagnostics'
import type { LabSpec } from '../engine/lab/spec'
import type { ClusterSpec, K8sObject } from '../control-plane/types'
import { readLab } from './lab-file'
import { buildLab } from '../control-plane/build-lab'
import { readMeta, readScenario, scenarioId } from './parse'
import { readNarration } from './narration'
import type { Localized, NarrationEntry, ScenarioDoc, ScenarioGroup, ScenarioJourney } from './schema'
import { dig, parseYaml, rootVal } from './yaml-reader'

export type { ScenarioDoc, ScenarioJourney, NarrationEntry, Localized, ScenarioGroup } from './schema'
export { SCENARIO_GROUPS } from './schema'
export { parseLabFile } from './lab-file'
export { formatLabFile } from './lab-format'
export { parseScenario } from './parse'
export { attachNarration, matchesHop } from './narration'
export { compareTeachingOrder, sortTeachingOrder, type Orderable } from './teaching-order'

export interface LoadedMeta {
  id: string
  format: 'lab' | 'scenario'
  title: Localized
  summary?: Localized
  goals: Localized[]
  historical?: boolean
  group?: ScenarioGroup
  era?: Localized
  sinceThen?: Localized
  order?: number
  narration: NarrationEntry[]
}

/** The control plane's builder (control-plane/build-lab.ts): ScenarioDoc parts → LabSpec. */
export type BuildLab = (
  cluster: ClusterSpec,
  objects: K8sObject[],
  journey: ScenarioJourney,
  opts: { seed: number },
) => { spec: LabSpec | null; diagnostics: Diagnostic[] } | LabSpec

export interface LoadResult {
  spec: LabSpec | null
  diagnostics: Diagnostic[]
  meta: LoadedMeta
  /** The typed scenario, for scenario files that parsed. */
  doc?: ScenarioDoc
}

function isLabDocument(node: unknown): boolean {
  return !!node && isMap(node) && node.items.some((p) => isScalar(p.key) && p.key.value === 'lab')
}

/**
 * The largest file accepted. The biggest real input (a 100-node, 5,000-Service scenario) is
 * well under 1 MB; a 50 MB file made the YAML parser and the readers exhaust the worker's and
 * Node's memory and abort the process, so anything above 5 MB is refused up front.
 */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024

export function loadScenarioSource(
  source: string,
  fileName: string,
  opts: { buildLab?: BuildLab } = {},
): LoadResult {
  const id = scenarioId(fileName)
  const meta: LoadedMeta = { id, format: 'scenario', title: { en: id }, goals: [], narration: [] }
  if (source.length > MAX_SOURCE_BYTES) {
    const mb = (source.length / 1024 / 1024).toFixed(1)
    const diag: Diagnostic = {
      severity: 'error',
      file: fileName,
      line: 1,
      column: 1,
      message: `the file is ${mb} MB; files over ${MAX_SOURCE_BYTES / 1024 / 1024} MB are not loaded`,
      hint: 'split it, or remove what the journey does not need',
    }
    return { spec: null, diagnostics: [diag], meta }
  }
  try {
    const r = loadChecked(source, fileName, opts, id, meta)
    return { ...r, diagnostics: capDiagnostics(r.diagnostics) }
  } catch (e) {
    // Last resort: the readers are meant never to throw; if one does, say so at a position.
    const diag: Diagnostic = {
      severity: 'error',
      file: fileName,
      line: 1,
      column: 1,
      message: `reading the file failed: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'this is a bug in the loader; please report it with this file',
    }
    return { spec: null, diagnostics: [diag], meta }
  }
}

function loadChecked(
  source: string,
  fileName: string,
  opts: { buildLab?: BuildLab },
  id: string,
  meta: LoadedMeta,
): LoadResult {
  const ctx = parseYaml(source, fileName)
  if (ctx.diags.length > 0) return { spec: null, diagnostics: ctx.diags, meta }
  const root = rootVal(ctx)
  if (isLabDocument(root.node)) {
    const spec = readLab(ctx, root)
    // A lab file may carry the same metadata and narration as a scenario file.
    const has = (key: string) => isMap(root.node) && root.node.has(key)
    const labMeta = has('meta') ? readMeta(ctx, dig(root, ['meta']), id) : undefined
    const narration = has('narration') ? readNarration(ctx, dig(root, ['narration'])) : []
    const ok = !ctx.diags.some((d) => d.severity === 'error')
    return {
      spec: ok ? (spec ?? null) : null,
      diagnostics: ctx.diags,
      meta: { ...meta, ...(labMeta ?? { title: { en: spec?.name ?? id } }), id, format: 'lab', narration },
    }
  }
  const { doc, diagnostics } = readScenario(ctx, fileName)
  if (!doc) return { spec: null, diagnostics, meta }
  const full: LoadedMeta = { ...meta, ...doc.meta, format: 'scenario', narration: doc.narration }
  const build = opts.buildLab ?? buildLab
  try {
    const built = build(doc.cluster, doc.objects, doc.journey, { seed: doc.journey.seed })
    const res = 'netns' in built ? { spec: built, diagnostics: [] } : built
    if (res.spec) res.spec = { ...res.spec, name: id }
    const withFile = res.diagnostics.map((d) => ({ ...d, file: d.file ?? fileName }))
    return { spec: res.spec, diagnostics: [...diagnostics, ...withFile], meta: full, doc }
  } catch (e) {
    const err: Diagnostic = {
      severity: 'error',
      file: fileName,
      message: `building the lab failed: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'this is a bug in the control plane; please report it with this file',
    }
    return { spec: null, diagnostics: [...diagnostics, err], meta: full, doc }
  }
}
