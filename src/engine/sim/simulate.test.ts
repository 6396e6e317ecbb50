import { describe, expect, it } from 'vitest'
import { simulate } from './simulate'
import { snapshotTables } from '../tables/snapshot'
import { tablesAtStep } from '../tables/fold'
import { twoNodeLab } from '../testing/labs'
import { serviceNodeIptables } from '../testing/service-rules'

const journeys = {
  sameNode: twoNodeLab({ name: 'same', pods: ['pod-a', 'pod-b'], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.244.1.3', dport: 8080, sport: 41000, request: 'GET / HTTP/1.1' } }),
  service: twoNodeLab({ name: 'svc', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: { 1: serviceNodeIptables(1), 2: serviceNodeIptables(2) }, journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: 'GET / HTTP/1.1' } }),
}

describe('simulate', () => {
  it('gives a byte-identical trace for the same lab and seed', () => {
    const a = simulate(journeys.service, { seed: 7 }).trace
    const b = simulate(journeys.service, { seed: 7 }).trace
    expect(JSON.stringify(a)).toEqual(JSON.stringify(b))
  })

  it.each(Object.entries(journeys))('records every table change as a delta (%s)', (_name, lab) => {
    const { trace, world } = simulate(lab)
    expect(trace).not.toBeNull()
    const folded = tablesAtStep(trace!.initial, trace!.hops)
    expect(folded).toEqual(snapshotTables(world!))
  })

  it('completes a TCP exchange and says so', () => {
    const { trace } = simulate(journeys.sameNode)
    expect(trace!.outcome.kind).toBe('completed')
    expect(trace!.outcome.summary).toContain('served by pod-b')
  })

  it('numbers events from 1 and never goes back in time', () => {
    const { trace } = simulate(journeys.service)
    trace!.hops.forEach((h, i) => expect(h.seq).toBe(i + 1))
    for (let i = 1; i < trace!.hops.length; i++) expect(trace!.hops[i]!.time).toBeGreaterThanOrEqual(trace!.hops[i - 1]!.time)
  })

  it('returns diagnostics instead of throwing for a bad lab', () => {
    const bad = { ...journeys.sameNode, journey: { ...journeys.sameNode.journey!, from: 'nowhere' } }
    const { trace, diagnostics } = simulate(bad)
    expect(trace).toBeNull()
    expect(diagnostics[0]).toMatchObject({ severity: 'error', path: 'journey.from' })
  })
})
