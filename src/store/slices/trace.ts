import type { StateCreator } from 'zustand/vanilla'
import type { HopEvent, TraceOutcome } from '../../engine/trace/events'
import type { NetnsTables } from '../../engine/tables/types'
import type { FromEngine, LocalText } from '../../worker/protocol'
import type { AppState } from '../types'

export type EngineStatus = 'starting' | 'ready' | 'crashed' | 'failed'

export interface TraceSlice {
  hops: HopEvent[]
  initial: NetnsTables[] | null
  outcome: TraceOutcome | null
  seed: number | null
  captions: Record<number, LocalText>
  traceStatus: 'idle' | 'streaming' | 'done' | 'failed'
  engineStatus: EngineStatus
  engineError: string | null
  /** Set when the watchdog restarted an engine that stopped answering: after how many seconds. */
  engineStalledAfter: number | null
  /** The load and trace requests whose replies are current; replies to older ones are ignored. */
  loadId: number
  traceId: number
  /** A request to re-run the journey with another seed (the bridge answers it), counted so the same seed can be asked for twice. */
  seedRequest: { seed: number; n: number } | null
  /** Re-run the journey with the next seed: kube-proxy's random choice may land elsewhere. */
  requestNextSeed(): void
  receive(msg: FromEngine): void
}

export const createTraceSlice: StateCreator<AppState, [], [], TraceSlice> = (set, get) => ({
  hops: [],
  initial: null,
  outcome: null,
  seed: null,
  captions: {},
  traceStatus: 'idle',
  engineStatus: 'starting',
  engineError: null,
  engineStalledAfter: null,
  loadId: 0,
  traceId: 0,
  seedRequest: null,
  requestNextSeed: () => {
    const s = get()
    const seed = ((s.seed ?? 1) % 0xffffffff) + 1
    set({ seedRequest: { seed, n: (s.seedRequest?.n ?? 0) + 1 } })
  },
  receive: (msg) => {
    const s = get()
    switch (msg.type) {
      case 'ready':
        return set({ engineStatus: 'ready' })
      case 'loaded': {
        if (msg.id !== s.loadId) return
        const hasErrors = msg.diagnostics.some((d) => d.severity === 'error')
        const scenarios = msg.meta
          ? s.scenarios.map((e) => (e.id === s.scenarioId ? { ...e, meta: msg.meta! } : e))
          : s.scenarios
        return set({
          topology: msg.topology ?? null,
          diagnostics: msg.diagnostics,
          meta: msg.meta ?? s.meta,
          scenarios,
          loadStatus: msg.topology && !hasErrors ? 'loaded' : 'error',
          engineError: null,
        })
      }
      case 'described': {
        // The worker answers in the picker's teaching order; entries it did not describe keep
        // their place after the described ones.
        const rank = new Map(msg.metas.map((m, i) => [m.fileName, i]))
        const byFile = new Map(msg.metas.map((m) => [m.fileName, m.meta]))
        const at = (e: { fileName: string }) => rank.get(e.fileName) ?? msg.metas.length
        const scenarios = s.scenarios
          .map((e) => ({ ...e, meta: e.meta ?? byFile.get(e.fileName) ?? undefined }))
          .sort((a, b) => at(a) - at(b))
        return set({ scenarios })
      }
      case 'hops': {
        if (msg.id !== s.traceId) return
        const hops = msg.initial ? msg.hops : s.hops.concat(msg.hops)
        const pending = s.pendingStep
        const reach = pending !== null && (msg.final || hops.length >= pending)
        return set({
          hops,
          ...(msg.initial ? { initial: msg.initial, seed: msg.seed ?? null } : {}),
          ...(msg.final ? { outcome: msg.outcome ?? null, captions: msg.captions ?? {} } : {}),
          traceStatus: msg.final ? 'done' : 'streaming',
          ...(reach ? { step: Math.min(pending, hops.length), pendingStep: null } : {}),
        })
      }
      case 'failed': {
        if (msg.id !== s.loadId && msg.id !== s.traceId) return
        return set({
          engineError: msg.error.message,
          ...(msg.id === s.traceId ? { traceStatus: 'failed' as const } : { loadStatus: 'error' as const }),
        })
      }
      default: {
        const never: never = msg
        return never
      }
    }
  },
})
