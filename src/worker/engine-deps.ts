/**
 * Wires the engine, the scenario loader and (once it exists) the control plane's builder into
 * the worker host, and adapts the loader's meta to the protocol's ScenarioMeta.
 *
 * Why import.meta.glob for the builder: control-plane/build-lab.ts is being written; a glob of a
 * file that does not exist yet is an empty object instead of a build error.
 */
import type { EngineDeps, LoadResult } from './host'
import type { LocalText } from './protocol'
import { runLab } from '../engine'
import { attachNarration, loadScenarioSource, type BuildLab, type LoadedMeta } from '../scenario'

type Localized = { en: string; zh?: string }

const first = <T>(m: Record<string, T>): Partial<T> => Object.values(m)[0] ?? {}
const controlPlane = first(
  import.meta.glob<{ buildLab?: unknown }>('../control-plane/build-lab.ts', { eager: true }),
)

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
  const buildLab = controlPlane.buildLab as BuildLab | undefined
  return {
    loadScenarioSource: (source, fileName) => {
      const r = loadScenarioSource(source, fileName, buildLab ? { buildLab } : {})
      return { spec: r.spec, diagnostics: r.diagnostics, meta: adaptMeta(r.meta) }
    },
    runLab,
    captionsFor: (meta, trace) => {
      const narration = meta.narration as LoadedMeta['narration'] | undefined
      if (!narration?.length) return undefined
      const out: Record<number, LocalText> = {}
      for (const [seq, entries] of attachNarration(narration, trace.hops).captions)
        out[seq] = { en: entries.map((e) => e.en).join(' '), zh: entries.map((e) => e.zh ?? e.en).join(' ') }
      return out
    },
  }
}
