/**
 * Resolves the engine, scenario and control-plane entry points for the worker, and adapts the
 * scenario loader's meta to the protocol's ScenarioMeta.
 *
 * Why import.meta.glob: these layers are written in parallel with the UI; a glob of a file that
 * does not exist yet is an empty object instead of a build error. The fixture trace serves the
 * built-in `fixture.yaml` entry (shown only while scenarios/ is empty) — DEV FALLBACK: delete the
 * fixture branch, and import '../engine', '../scenario' and the builder directly, once
 * scenarios/*.yaml and control-plane/build-lab.ts exist.
 */
import type { EngineDeps, LoadResult } from './host'
import type { HopEvent } from '../engine/trace/events'
import type { LabSpec } from '../engine/lab/spec'
import type { Diagnostic } from '../engine/diagnostics'
import type { LocalText } from './protocol'
import { fixtureMeta, fixtureTrace } from '../ui/__fixtures__/fixture-trace'

type Localized = { en: string; zh?: string }
interface LoadedMeta {
  id: string
  title: Localized
  summary?: Localized
  goals: Localized[]
  narration: { en: string; zh?: string }[]
}
interface ScenarioModule {
  loadScenarioSource(source: string, fileName: string, opts?: { buildLab?: unknown }): { spec: LabSpec | null; diagnostics: Diagnostic[]; meta: LoadedMeta }
  attachNarration?(entries: LoadedMeta['narration'], hops: readonly HopEvent[]): { captions: Map<number, Localized[]> }
}

const first = <T>(m: Record<string, T>): Partial<T> => Object.values(m)[0] ?? {}
const engine = first(import.meta.glob<Pick<EngineDeps, 'runLab'>>('../engine/index.ts', { eager: true }))
const scenario = first(import.meta.glob<ScenarioModule>('../scenario/index.ts', { eager: true }))
const controlPlane = first(
  import.meta.glob<{ buildLab?: unknown }>('../control-plane/build-lab.ts', { eager: true }),
)

export const FIXTURE_FILE = 'fixture.yaml'

const local = (l: Localized | undefined): LocalText => ({ en: l?.en ?? '', zh: l?.zh ?? l?.en ?? '' })

function adaptMeta(m: LoadedMeta): LoadResult['meta'] {
  return {
    id: m.id,
    title: local(m.title),
    summary: local(m.summary),
    goals: { en: m.goals.map((g) => g.en), zh: m.goals.map((g) => g.zh ?? g.en) },
    narration: m.narration,
  }
}

export function resolveEngineDeps(): EngineDeps {
  const fixture = (): LoadResult => ({
    spec: { name: 'fixture', hosts: [], netns: [], apps: [] },
    diagnostics: [],
    meta: fixtureMeta,
  })
  return {
    loadScenarioSource: (source, fileName) => {
      if (fileName === FIXTURE_FILE || !scenario.loadScenarioSource) return fixture()
      const r = scenario.loadScenarioSource(source, fileName, controlPlane.buildLab ? { buildLab: controlPlane.buildLab } : {})
      return { spec: r.spec, diagnostics: r.diagnostics, meta: adaptMeta(r.meta) }
    },
    runLab: (spec, opts) =>
      spec.name === 'fixture' || !engine.runLab ? { trace: fixtureTrace, diagnostics: [] } : engine.runLab(spec, opts),
    captionsFor: (meta, trace) => {
      const narration = meta.narration as LoadedMeta['narration'] | undefined
      if (!narration?.length || !scenario.attachNarration) return undefined
      const out: Record<number, LocalText> = {}
      for (const [seq, entries] of scenario.attachNarration(narration, trace.hops).captions)
        out[seq] = { en: entries.map((e) => e.en).join(' '), zh: entries.map((e) => e.zh ?? e.en).join(' ') }
      return out
    },
  }
}
