import { describe, expect, it } from 'vitest'
import { buildGraph } from '../../store/graph'
import { builtInScenario } from '../../worker/testing/built-in-scenario'
import { boxOf, follow, inView, MIN_ZOOM, type Viewport } from './follow'

const SIZES: [number, number][] = [
  [480, 190],
  [640, 270],
  [900, 470],
]

describe('follow the packet', () => {
  for (const id of ['pod-to-service', 'pod-to-pod-cross-node-vxlan', 'nodeport']) {
    it(`${id}: every acting device is in view at a readable zoom, at every size`, () => {
      const { trace } = builtInScenario(id)
      const { nodes } = buildGraph(trace.topology, trace.hops)
      for (const [w, h] of SIZES) {
        let view: Viewport | null = null
        let moves = 0
        for (const hop of trace.hops) {
          if (!hop.dev) continue
          const acting = `${hop.netns}:${hop.dev}`
          const reach = hop.kind === 'link.xmit' ? hop.to.map((t) => `${t.netns}:${t.dev}`) : []
          const next = follow(nodes, [acting, ...reach], w, h, view)
          if (next) moves++
          view = next ?? view
          expect(view, `${id} #${hop.seq}`).not.toBeNull()
          expect(view!.zoom).toBeGreaterThanOrEqual(MIN_ZOOM)
          expect(inView(boxOf(nodes, acting)!, view!, w, h), `${id} ${w}×${h} #${hop.seq} ${acting}`).toBe(true)
        }
        // Staying still while the packet stays in view: far fewer moves than hops.
        expect(moves).toBeLessThan(trace.hops.length / 2)
      }
    })
  }

  it('moves when the acting device is outside the view, and not when it is inside', () => {
    const { trace } = builtInScenario('pod-to-pod-cross-node-vxlan')
    const { nodes } = buildGraph(trace.topology, trace.hops)
    const devices = nodes.filter((n) => n.kind === 'device')
    const first = devices[0]!.id
    const far = devices[devices.length - 1]!.id
    const v = follow(nodes, [first], 480, 190, null)!
    expect(follow(nodes, [first], 480, 190, v)).toBeNull()
    const moved = follow(nodes, [far], 480, 190, v)
    expect(moved).not.toBeNull()
    expect(inView(boxOf(nodes, far)!, moved!, 480, 190)).toBe(true)
  })

  it('shows the whole map, centred and still, in a frame big enough for all of it', () => {
    const { trace } = builtInScenario('pod-to-service')
    const { nodes } = buildGraph(trace.topology, trace.hops)
    const devices = nodes.filter((n) => n.kind === 'device')
    const v = follow(nodes, [devices[0]!.id], 1920, 1010, null)!
    expect(v.zoom).toBeGreaterThanOrEqual(MIN_ZOOM)
    for (const n of nodes.filter((g) => !g.parent)) expect(inView(boxOf(nodes, n.id)!, v, 1920, 1010), n.id).toBe(true)
    // Every later step is already in view: the camera never moves again.
    for (const d of devices) expect(follow(nodes, [d.id], 1920, 1010, v)).toBeNull()
  })
})
