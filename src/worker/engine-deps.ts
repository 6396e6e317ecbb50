/**
 * Wires the engine and the scenario loader (which builds scenario files with the control
 * plane) into the worker host, and adapts the loader's meta to the protocol's ScenarioMeta.
 */
import type { EngineDeps, LoadResult } from './host'
import type { LocalText } from './protocol'
import { runLab } from '../engine'
import { attachNarration, compareTeachingOrder, loadScenarioSource, type LoadedMeta } from '../scenario'

type Localized = { en: string; zh?: string }

const local = (l: Localized | undefined): LocalText => ({ en: l?.en ?? '', zh: l?.zh ?? l?.en ?? '' })

function adaptMeta(m: LoadedMeta): LoadResult['meta'] {
  return {
    id: m.id,
    title: local(m.title),
    summary: local(m.summary),
    goals: { en: m.goals.map((g) => g.en), zh: m.goals.map((g) => g.zh ?? g.en) },
    ...(m.group ? { group: m.group } : {}),
    ...(m.order !== undefined ? { order: m.order } : {}),
    ...(m.historical ? { historical: true } : {}),
    ...(m.era ? { era: local(m.era) } : {}),
    ...(m.sinceThen ? { sinceThen: local(m.sinceThen) } : {}),
    narration: m.narration,
  }
}

export function resolveEngineDeps(): EngineDeps {
  return {
    loadScenarioSource: (source, fileName) => {
      const r = loadScenarioSource(source, fileName)
      return { spec: r.spec, diagnostics: r.diagnostics, meta: adaptMeta(r.meta) }
    },
    runLab,
    compareMetas: compareTeachingOrder,
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
