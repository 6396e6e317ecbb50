/**
 * Pure derived data. Everything a view shows at a step comes from here, computed from the trace
 * and the position, so stepping back is exact and no view keeps its own copy of the journey.
 */
import type { HopEvent } from '../engine/trace/events'
import type { NetnsTables } from '../engine/tables/types'
import { buildSteps, stepIndexAt, type Step } from './steps'
import { changedRows, tablesAtStep } from './tables-at-step'
import { headerStack, previousSnapshot, snapshotAt, type HeaderLayer } from './header-diff'
import { buildGraph } from './graph'
import { FILTERABLE, type AppState } from './types'
import { tablesFocus, type TablesFocus } from './tables-focus'

export { hopCategory, eventShown, stepIndexAt, buildSteps, summarizeFold, type Step, type FoldSummary } from './steps'
export { analysePackets, dropChain, isRealDrop, type StoryLine, type StoryMove, type StoryAside, type Rewrite, type RewriteActor, type PacketRole } from './story'
export { counterKey } from './tables-at-step'
export { rowKey as naturalKey } from '../engine/tables/fold'
export type { HeaderLayer, HeaderField } from './header-diff'
export type { GraphNode, GraphEdge } from './graph'
export type { TablesFocus, FocusReason } from './tables-focus'

let stepsMemo: { hops: HopEvent[]; level: string; filter: string[]; topology: unknown; steps: Step[] } | null = null

/** The step list for the current level and filter (memoised on its inputs' identity). */
export function selectSteps(s: Pick<AppState, 'hops' | 'level' | 'filter'> & Partial<Pick<AppState, 'topology'>>): Step[] {
  const m = stepsMemo
  const topology = s.topology ?? null
  if (m && m.hops === s.hops && m.level === s.level && m.filter === s.filter && m.topology === topology) return m.steps
  const kinds = new Map((topology?.hosts ?? []).map((h) => [h.name, h.kind as string]))
  const steps = buildSteps(s.hops, s.level, s.filter, (host) => kinds.get(host))
  stepsMemo = { hops: s.hops, level: s.level, filter: s.filter, topology, steps }
  return steps
}

let choiceMemo: { hops: HopEvent[]; topology: unknown; chooses: boolean } | null = null

/**
 * Whether kube-proxy (or IPVS) picks an endpoint somewhere in the journey, so another seed may
 * pick another one. Memoised on its own: it always reads the Kubernetes view, whatever the level.
 */
export function selectChoosesEndpoint(s: Pick<AppState, 'hops' | 'topology'>): boolean {
  if (choiceMemo && choiceMemo.hops === s.hops && choiceMemo.topology === s.topology) return choiceMemo.chooses
  const kinds = new Map((s.topology?.hosts ?? []).map((h) => [h.name, h.kind as string]))
  const chooses = buildSteps(s.hops, 'kubernetes', [...FILTERABLE], (host) => kinds.get(host)).some(
    (st) => st.story?.move.kind === 'rewrite' && (st.story.move.rewrite.actor.kind === 'kube-proxy' || st.story.move.rewrite.actor.kind === 'ipvs'),
  )
  choiceMemo = { hops: s.hops, topology: s.topology, chooses }
  return chooses
}

export interface StepPosition {
  /** 0-based index into the step list, -1 before the first step. */
  index: number
  total: number
  step: Step | null
}

export function selectPosition(s: Pick<AppState, 'hops' | 'level' | 'filter' | 'step'>): StepPosition {
  const steps = selectSteps(s)
  const index = s.step === 0 ? -1 : stepIndexAt(steps, s.step)
  return { index, total: steps.length, step: steps[index] ?? null }
}

/** The hop at the position (the last hop of a folded step). */
export function selectCurrentHop(s: Pick<AppState, 'hops' | 'step'>): HopEvent | null {
  return s.step > 0 ? (s.hops[s.step - 1] ?? null) : null
}

/** The hops making up the current step (one in the kernel view, a walk in the Kubernetes view). */
export function selectStepHops(s: Pick<AppState, 'hops' | 'level' | 'filter' | 'step'>): HopEvent[] {
  const { step } = selectPosition(s)
  if (!step) return []
  return s.hops.slice(step.first - 1, Math.min(step.last, s.step))
}

export function selectTablesAt(s: Pick<AppState, 'initial' | 'hops' | 'step'>): NetnsTables[] {
  return s.initial ? tablesAtStep(s.initial, s.hops, s.step) : []
}

export function selectChangedRows(s: Pick<AppState, 'hops' | 'level' | 'filter' | 'step'>): Set<string> {
  const { step } = selectPosition(s)
  return step ? changedRows(s.hops, step.first, Math.min(step.last, s.step)) : new Set()
}

/** Header stack of the packet at the position with the fields changed since its previous hop. */
const diffMemo = new WeakMap<HopEvent, HeaderLayer[]>()

export function selectHeaderDiff(s: Pick<AppState, 'hops' | 'step'>): HeaderLayer[] | null {
  const hop = selectCurrentHop(s)
  if (!hop?.frame) return null
  let layers = diffMemo.get(hop)
  if (!layers) diffMemo.set(hop, (layers = headerStack(snapshotAt(s.hops, hop.seq)!, previousSnapshot(s.hops, hop.seq))))
  return layers
}

/** The namespace whose tables are shown: the selected one, else the acting one, else the first. */
export function selectTablesNetns(s: Pick<AppState, 'selectedNetns' | 'hops' | 'step' | 'initial'>): string | null {
  return s.selectedNetns ?? selectCurrentHop(s)?.netns ?? s.initial?.[0]?.netns ?? null
}

let focusMemo: { hops: HopEvent[]; first: number; last: number; focus: TablesFocus | null } | null = null

/** The row the Tables tab opens on at the position (tables-focus.ts), memoised on the step. */
export function selectTablesFocus(s: Pick<AppState, 'hops' | 'level' | 'filter' | 'step'>): TablesFocus | null {
  const { step } = selectPosition(s)
  if (!step) return null
  const last = Math.min(step.last, s.step)
  const m = focusMemo
  if (m && m.hops === s.hops && m.first === step.first && m.last === last) return m.focus
  const focus = tablesFocus(s.hops, step.first, last)
  focusMemo = { hops: s.hops, first: step.first, last, focus }
  return focus
}

/**
 * The namespace the Tables tab shows: the one the user picked, else the one whose table this
 * step changed or decided with (selectTablesFocus), else the acting one.
 */
export function selectShownNetns(s: Pick<AppState, 'selectedNetns' | 'hops' | 'level' | 'filter' | 'step' | 'initial'>): string | null {
  return s.selectedNetns ?? selectTablesFocus(s)?.netns ?? selectTablesNetns(s)
}

let graphMemo: { topology: unknown; hops: HopEvent[] | null; graph: ReturnType<typeof buildGraph> } | null = null

const EMPTY_GRAPH: ReturnType<typeof buildGraph> = { nodes: [], edges: [] }

/** Canvas graph; depends on the topology only (and on which loopbacks the trace uses). */
export function selectFlowGraph(s: Pick<AppState, 'topology' | 'hops' | 'traceStatus'>) {
  if (!s.topology) return EMPTY_GRAPH
  const hops = s.traceStatus === 'done' ? s.hops : null
  if (graphMemo && graphMemo.topology === s.topology && graphMemo.hops === hops) return graphMemo.graph
  const graph = buildGraph(s.topology, hops ?? [])
  graphMemo = { topology: s.topology, hops, graph }
  return graph
}

/** Which packet numbers are replies: those first sent from a namespace other than the first packet's. */
export function selectReplyPackets(s: Pick<AppState, 'hops'>): Set<number> {
  const origin = new Map<number, string>()
  for (const h of s.hops) if (!origin.has(h.packet)) origin.set(h.packet, h.netns)
  const first = s.hops[0]?.netns
  return new Set([...origin].filter(([, ns]) => ns !== first).map(([p]) => p))
}
