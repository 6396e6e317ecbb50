/**
 * The only contract both threads import: messages to the engine (imperative) and from it (past
 * tense). Plain data only, so every message survives structured clone and JSON unchanged.
 * Bump PROTOCOL_VERSION on any incompatible change; the bridge refuses a worker that disagrees.
 */
import type { Diagnostic } from '../engine/diagnostics'
import type { HopEvent, TraceOutcome } from '../engine/trace/events'
import type { Topology } from '../engine/trace/topology'
import type { NetnsTables } from '../engine/tables/types'
import type { ScenarioGroup } from '../scenario/schema'

export const PROTOCOL_VERSION = 1

/** Hops per `hops` message: large enough to keep postMessage rare, small enough to paint early. */
export const HOP_BATCH_SIZE = 50

export interface LocalText {
  en: string
  zh: string
}

export interface ScenarioMeta {
  id: string
  title: LocalText
  summary: LocalText
  goals?: { en: string[]; zh: string[] }
  /** The picker's section, and the place in it (scenario/teaching-order.ts). */
  group?: ScenarioGroup
  order?: number
  /** Shown with an era badge: the set-up a historical scenario shows. */
  historical?: boolean
  era?: LocalText
  /** What has changed since the source article was written. */
  sinceThen?: LocalText
}

export type ToEngine =
  | { type: 'load'; id: number; source: string; fileName: string }
  | { type: 'trace'; id: number; seed?: number }
  | { type: 'cancel'; id: number }
  /** Titles and summaries of many scenarios at once, for the picker (no journeys are run). */
  | { type: 'describe'; id: number; files: { fileName: string; source: string }[] }

export interface EngineError {
  message: string
  stack?: string
}

export type FromEngine =
  | { type: 'ready'; version: typeof PROTOCOL_VERSION }
  | {
      type: 'loaded'
      id: number
      topology?: Topology
      diagnostics: Diagnostic[]
      meta: ScenarioMeta | null
    }
  | {
      type: 'hops'
      id: number
      hops: HopEvent[]
      final: boolean
      /** First batch only: every namespace's tables before the first hop, and the seed used. */
      initial?: NetnsTables[]
      seed?: number
      /** Final batch only. */
      outcome?: TraceOutcome
      /** Final batch only: narration resolved to hop seq, when the scenario has some. */
      captions?: Record<number, LocalText>
    }
  /** In the picker's teaching order; files that do not parse (meta null) last. */
  | { type: 'described'; id: number; metas: { fileName: string; meta: ScenarioMeta | null }[] }
  | { type: 'failed'; id: number; error: EngineError }
