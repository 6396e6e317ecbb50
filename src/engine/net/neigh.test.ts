import { describe, expect, it } from 'vitest'
import { loadWorld } from '../sim/load'
import { twoNodeLab } from '../testing/labs'
import { lookupNeigh, updateNeigh } from './neigh'

function podNs() {
  const { world } = loadWorld(twoNodeLab({ name: 't', pods: ['pod-a'], journey: { from: 'node1/pod-a', protocol: 'icmp', dst: '10.244.1.1' } }))
  return world!.netns.get('node1/pod-a')!
}

describe('updateNeigh', () => {
  it('creates an INCOMPLETE entry and answers incomplete for it', () => {
    const ns = podNs()
    const d = updateNeigh(ns, 'eth0', '10.244.1.1', 'INCOMPLETE')
    expect(d).toMatchObject({ table: 'neigh', after: { ip: '10.244.1.1', state: 'INCOMPLETE' } })
    expect(lookupNeigh(ns, 'eth0', '10.244.1.1').kind).toBe('incomplete')
  })

  it('keeps a REACHABLE entry when an ARP request repeats the same MAC', () => {
    const ns = podNs()
    updateNeigh(ns, 'eth0', '10.244.1.1', 'REACHABLE', '0a:58:0a:f4:01:01')
    expect(updateNeigh(ns, 'eth0', '10.244.1.1', 'STALE', '0a:58:0a:f4:01:01')).toBeNull()
    expect(ns.neigh.get('eth0|10.244.1.1')!.state).toBe('REACHABLE')
  })

  it('moves to STALE when the MAC changes', () => {
    const ns = podNs()
    updateNeigh(ns, 'eth0', '10.244.1.1', 'REACHABLE', '0a:58:0a:f4:01:01')
    expect(updateNeigh(ns, 'eth0', '10.244.1.1', 'STALE', '0a:58:0a:f4:01:99')).toMatchObject({ before: { state: 'REACHABLE' }, after: { state: 'STALE', lladdr: '0a:58:0a:f4:01:99' } })
  })

  it('never lets ARP change a PERMANENT entry', () => {
    const ns = podNs()
    updateNeigh(ns, 'eth0', '10.244.1.1', 'PERMANENT', '0a:58:0a:f4:01:01')
    expect(updateNeigh(ns, 'eth0', '10.244.1.1', 'STALE', '0a:58:0a:f4:01:99')).toBeNull()
  })
})
