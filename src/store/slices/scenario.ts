import type { StateCreator } from 'zustand/vanilla'
import type { Diagnostic } from '../../engine/diagnostics'
import type { Topology } from '../../engine/trace/topology'
import type { ScenarioMeta } from '../../worker/protocol'
import type { AppState } from '../types'

export interface ScenarioEntry {
  id: string
  fileName: string
  source: string
  /** Filled in as the worker loads each scenario, for the picker. */
  meta?: ScenarioMeta
}

export interface ScenarioSlice {
  scenarios: ScenarioEntry[]
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
    set((s) => ({
      scenarioId: id,
      source: entry.source,
      fileName: entry.fileName,
      meta: entry.meta ?? null,
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
      pendingStep: opts?.step ?? null,
      playing: false,
      selectedNetns: null,
    }))
  },
})
