/**
 * The warm-cache variant of a lab: every neighbour entry the cold journey resolved is already
 * there, REACHABLE, before the journey starts (as on a node that has talked to these peers
 * recently), so the journey runs without ARP. Built from the engine's own cold run.
 */
import type { LabSpec } from '../engine/lab/spec'
import type { Trace } from '../engine/trace/events'
import { tablesAtStep } from '../engine/tables/fold'

export function warmVariant(spec: LabSpec, cold: Trace): LabSpec {
  const learned = new Map(tablesAtStep(cold.initial, cold.hops).map((t) => [t.netns, t.neigh.filter((n) => n.lladdr && n.state !== 'PERMANENT' && n.state !== 'FAILED')]))
  return {
    ...spec,
    name: `${spec.name} (warm)`,
    netns: spec.netns.map((n) => {
      const extra = (learned.get(n.name) ?? []).map((e) => ({ ip: e.ip, dev: e.dev, lladdr: e.lladdr!, state: 'REACHABLE' as const }))
      return extra.length ? { ...n, neigh: [...(n.neigh ?? []), ...extra] } : n
    }),
  }
}
