import { describe, expect, it } from 'vitest'
import { absolutePosition, buildGraph, type GraphNode } from './graph'
import { builtInScenario } from '../worker/testing/built-in-scenario'

const graphOf = (id: string) => {
  const { trace } = builtInScenario(id)
  return buildGraph(trace.topology, trace.hops)
}
const box = (nodes: GraphNode[], n: GraphNode) => {
  const p = absolutePosition(nodes, n.id)
  return { x: p.x, y: p.y, r: p.x + n.w, b: p.y + n.h }
}

describe('buildGraph', () => {
  it('puts the hosts outside the cluster in a row under the network bars, the nodes above them', () => {
    const { nodes } = graphOf('pod-to-internet')
    const hosts = nodes.filter((n) => n.kind === 'host')
    const cluster = hosts.filter((h) => h.hostKind === 'node')
    const outside = hosts.filter((h) => h.hostKind !== 'node')
    const bars = nodes.filter((n) => n.kind === 'segment')
    expect(cluster.length).toBeGreaterThan(0)
    expect(outside.length).toBeGreaterThan(0)
    expect(bars.length).toBeGreaterThan(0)
    const barsTop = Math.min(...bars.map((b) => b.y))
    const barsBottom = Math.max(...bars.map((b) => b.y + b.h))
    for (const h of cluster) expect(h.y + h.h).toBeLessThan(barsTop)
    for (const h of outside) expect(h.y).toBeGreaterThan(barsBottom)
    // The bars span every host they wire together.
    for (const h of hosts) for (const b of bars) expect(h.x >= b.x && h.x + h.w <= b.x + b.w).toBe(true)
  })

  it('lays out boxes that never overlap, and every device inside its host', () => {
    for (const id of ['pod-to-internet', 'nodeport', 'pod-to-service']) {
      const { nodes } = graphOf(id)
      const hosts = nodes.filter((n) => n.kind === 'host' || n.kind === 'segment').map((n) => box(nodes, n))
      hosts.forEach((a, i) =>
        hosts.slice(i + 1).forEach((b) => expect(a.r <= b.x || b.r <= a.x || a.b <= b.y || b.b <= a.y, id).toBe(true)),
      )
      for (const d of nodes.filter((n) => n.parent)) {
        const c = box(nodes, d)
        const p = box(nodes, nodes.find((n) => n.id === d.parent)!)
        expect(c.x >= p.x && c.r <= p.r && c.y >= p.y && c.b <= p.b, `${id} ${d.id}`).toBe(true)
      }
    }
  })

  it('keeps one row when the journey never leaves the cluster', () => {
    const { nodes } = graphOf('pod-to-service')
    const hosts = nodes.filter((n) => n.kind === 'host')
    expect(new Set(hosts.map((h) => h.y))).toEqual(new Set([0]))
  })

  it('gives the same positions for the same topology', () => {
    expect(graphOf('nodeport')).toEqual(graphOf('nodeport'))
  })
})
