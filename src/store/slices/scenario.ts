import type { StateCreator } from 'zustand/vanilla'
import type { Diagnostic } from '../../engine/diagnostics'
import type { Topology } from '../../engine/trace/topology'
import type { ScenarioMeta } from '../../worker/protocol'
import type { AppState } from '../types'

export interface ScenarioEntry {
  id: string
  fileName: string
  /** The file's text, once known. Built-ins arrive on demand (`fetchSource`), not in the first bundle. */
  source?: string
  fetchSource?: () => Promise<string>
  /** Filled in as the worker loads each scenario, for the picker. */
  meta?: ScenarioMeta
}

export interface ScenarioSlice {
  scenarios: ScenarioEntry[]
  /** The built-in scenario shown; null for one the user brought (a link's #s=, a host page). */
  scenarioId: string | null
  /** The user's source text. It lives here, never only in the worker, so a crash loses nothing. */
  source: string
  fileName: string
  meta: ScenarioMeta | null
  topology: Topology | null
  diagnostics: Diagnostic[]
  loadStatus: 'idle' | 'loading' | 'loaded' | 'error'
  /** Bumped whenever the bridge should (re)send `load` with the current source. */
  loadRequest: number
  setScenarios(entries: ScenarioEntry[]): void
  selectScenario(id: string, opts?: { step?: number }): void
  /** Load a scenario that is not built in, from its source text. */
  loadSource(source: string, fileName: string): void
}

/** Everything about the previous journey that a newly loaded scenario replaces. */
function freshJourney(s: AppState, source: string, fileName: string): Partial<AppState> {
  return {
    source,
    fileName,
    topology: null,
    diagnostics: [],
    loadStatus: 'loading',
    loadRequest: s.loadRequest + 1,
    hops: [],
    initial: null,
    outcome: null,
    captions: {},
    traceStatus: 'idle',
    step: 0,
    playing: false,
    selectedNetns: null,
  }
}

/** A built-in scenario's text, fetched once and kept in its entry. */
export async function scenarioSource(get: () => AppState, set: (p: Partial<AppState>) => void, id: string): Promise<string> {
  const entry = get().scenarios.find((s) => s.id === id)
  if (!entry) throw new Error(`no scenario ${id}`)
  if (entry.source !== undefined) return entry.source
  const source = await entry.fetchSource!()
  set({ scenarios: get().scenarios.map((e) => (e.id === id ? { ...e, source } : e)) })
  return source
}

export const createScenarioSlice: StateCreator<AppState, [], [], ScenarioSlice> = (set, get) => ({
  scenarios: [],
  scenarioId: null,
  source: '',
  fileName: '',
  meta: null,
  topology: null,
  diagnostics: [],
  loadStatus: 'idle',
  loadRequest: 0,
  setScenarios: (scenarios) => set({ scenarios }),
  selectScenario: (id, opts) => {
    const entry = get().scenarios.find((s) => s.id === id)
    if (!entry) return
    const open = (source: string) =>
      set((s) => ({ ...freshJourney(s, source, entry.fileName), scenarioId: id, meta: entry.meta ?? null, pendingStep: opts?.step ?? null }))
    if (entry.source !== undefined) return open(entry.source)
    // The text is on its way: show the journey as loading; the engine is asked once it is here
    // (unless the person chose another scenario meanwhile).
    const ticket = get().loadRequest
    set({ ...freshJourney(get(), '', entry.fileName), scenarioId: id, meta: entry.meta ?? null, loadRequest: ticket, pendingStep: null })
    void scenarioSource(get, set, id).then((source) => {
      if (get().scenarioId === id && get().loadRequest === ticket) open(source)
    })
  },
  loadSource: (source, fileName) => set((s) => ({ ...freshJourney(s, source, fileName), scenarioId: null, meta: null, pendingStep: null })),
})
