import { describe, expect, it } from 'vitest'
import { absolutePosition, buildGraph, DEV_H } from '../../store/graph'
import { builtInScenario, builtInScenarioIds } from '../../worker/testing/built-in-scenario'
import { cardRoute, pointAlong } from './card-place'

const SCENARIOS = builtInScenarioIds()

describe('the packet card', () => {
  it('comes to rest outside every device box, at every hop of every built-in journey', () => {
    for (const id of SCENARIOS) {
      const { trace } = builtInScenario(id)
      const graph = buildGraph(trace.topology, trace.hops)
      const devices = graph.nodes.filter((n) => n.kind === 'device').map((n) => ({ n, p: absolutePosition(graph.nodes, n.id) }))
      for (const hop of trace.hops) {
        const r = cardRoute(graph, hop, hop.dev)
        if (!r) continue
        r.paths.forEach((pts, i) => {
          const at = pointAlong(pts, r.rest[i]!)
          // A parked card's point is its top edge; a moving one's its centre (half a card tall).
          const top = r.still ? at.y : at.y - 24
          const bottom = r.still ? at.y + 48 : at.y + 24
          for (const { n, p } of devices) {
            const hit = at.x > p.x && at.x < p.x + n.w && top < p.y + DEV_H && bottom > p.y
            expect(hit, `${id} #${hop.seq} ${hop.kind} card over ${n.id}`).toBe(false)
          }
        })
      }
    }
  })

  it('parks under the device that acted, and rides a link between the two ends it joins', () => {
    const { trace } = builtInScenario('pod-to-service')
    const graph = buildGraph(trace.topology, trace.hops)
    const hook = trace.hops.find((h) => h.kind === 'nat.dnat')!
    const parked = cardRoute(graph, hook, hook.dev ?? 'cni0')!
    expect(parked.still).toBe(true)
    const xmit = trace.hops.find((h) => h.kind === 'link.xmit' && h.to.length === 1)!
    const moving = cardRoute(graph, xmit, xmit.dev)!
    expect(moving.still).toBe(false)
    expect(moving.rest[0]).toBeGreaterThan(0)
    expect(moving.rest[0]).toBeLessThan(1)
  })
})
