/**
 * Tables at step N: the load-time snapshot folded with the deltas of hops 1..N. Stepping back is
 * exact because nothing is ever undone: the fold simply starts again from `initial`.
 */
import type { HopEvent } from '../engine/trace/events'
import type { NetnsTables } from '../engine/tables/types'
import { applyDelta, cloneTables, counterKey, rowKey } from '../engine/tables/fold'

export { counterKey }

const cache = new WeakMap<HopEvent[], Map<number, NetnsTables[]>>()

export function tablesAtStep(initial: NetnsTables[], hops: HopEvent[], seq: number): NetnsTables[] {
  let bySeq = cache.get(hops)
  if (!bySeq) cache.set(hops, (bySeq = new Map()))
  const hit = bySeq.get(seq)
  if (hit && hit !== undefined) return hit
  const out = initial.map(cloneTables)
  const byName = new Map(out.map((t) => [t.netns, t]))
  for (const h of hops) {
    if (h.seq > seq) break
    for (const d of h.deltas) {
      const t = byName.get(d.netns)
      if (t) applyDelta(t, d)
    }
  }
  if (bySeq.size > 64) bySeq.clear()
  bySeq.set(seq, out)
  return out
}

/** Rows changed by hops first..last, as `<netns>|<table>|<row key or counter key>`. */
export function changedRows(hops: HopEvent[], first: number, last: number): Set<string> {
  const out = new Set<string>()
  for (const h of hops) {
    if (h.seq < first) continue
    if (h.seq > last) break
    for (const d of h.deltas) {
      if (d.table === 'counter') out.add(`${d.netns}|counter|${d.key}`)
      else {
        out.add(`${d.netns}|${d.table}|${d.key}`)
      }
    }
    if (h.kind === 'nf.rule') out.add(`${h.netns}|counter|${counterKey(h.table, h.chain, h.rule)}`)
  }
  return out
}
