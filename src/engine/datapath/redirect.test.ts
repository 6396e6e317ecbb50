/**
 * -j REDIRECT as nf_nat_redirect_ipv4 does it: the destination becomes 127.0.0.1 for locally
 * generated packets (nat OUTPUT), else the primary address of the device the packet came in
 * on (for a bridged frame under br_netfilter, the bridge); no address there means a drop.
 */
import { describe, expect, it } from 'vitest'
import type { LabSpec } from '../lab/spec'
import type { HopEvent } from '../trace/events'
import { runLab } from '../sim/simulate'
import { twoNodeLab } from '../testing/labs'

const nat = (...rules: string[]) => `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
${rules.join('\n')}
COMMIT
`
const GET = 'GET / HTTP/1.1\r\nHost: web\r\n\r\n'
const dnat = (hops: HopEvent[]) => hops.find((h): h is Extract<HopEvent, { kind: 'nat.dnat' }> => h.kind === 'nat.dnat')

function lab(from: string, rules: string[], listen = '0.0.0.0:40000'): LabSpec {
  const l = twoNodeLab({ name: 'redirect', pods: ['pod-a'], iptables: { 1: nat(...rules) }, journey: { from, protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: GET } })
  l.apps.push({ kind: 'tcp-server', name: 'local', netns: 'node1', listen, response: 'HTTP/1.1 200 OK\r\n\r\nfrom node1' })
  // A host needs a route to the VIP before OUTPUT runs at all (ip_route_output comes first).
  for (const ns of l.netns) if (ns.name === 'node1') ns.routes = [...(ns.routes ?? []), { dst: 'default', via: '192.168.0.1', dev: 'eth0' }]
  return l
}

describe('REDIRECT', () => {
  it('sends a bridged pod packet to the primary address of the bridge it came in on', () => {
    const { trace } = runLab(lab('node1/pod-a', ['-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 40000']))
    expect(dnat(trace!.hops)).toMatchObject({ hook: 'PREROUTING', dev: 'cni0', after: { dst: '10.244.1.1', dport: 40000 } })
    expect(trace!.outcome.kind).toBe('completed')
    const answer = trace!.hops.find((h) => h.kind === 'app.recv' && h.netns === 'node1/pod-a')
    expect(answer?.frame?.ip?.src).toBe('10.96.0.10')
  })

  it('sends a locally generated packet to 127.0.0.1 in nat OUTPUT', () => {
    const { trace } = runLab(lab('node1', ['-A OUTPUT -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 40000']))
    expect(dnat(trace!.hops)).toMatchObject({ hook: 'OUTPUT', after: { src: '192.168.0.2', dst: '127.0.0.1', dport: 40000 } })
    expect(trace!.outcome).toMatchObject({ kind: 'completed' })
    expect(trace!.outcome.summary).toContain('from node1')
  })

  it('keeps the destination port when no --to-ports is given', () => {
    const { trace } = runLab(lab('node1/pod-a', ['-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j REDIRECT'], '0.0.0.0:80'))
    expect(dnat(trace!.hops)).toMatchObject({ after: { dst: '10.244.1.1', dport: 80 } })
    expect(trace!.outcome.kind).toBe('completed')
  })

  it('drops the packet when the incoming device has no IPv4 address', () => {
    const l = lab('node1/pod-a', ['-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 40000'])
    const node1 = l.netns.find((n) => n.name === 'node1')!
    // cni0 without its address: the pods' gateway is reached through a static neighbour instead.
    node1.links = node1.links.map((k) => (k.name === 'cni0' ? { ...k, addrs: [] } : k))
    const pod = l.netns.find((n) => n.name === 'node1/pod-a')!
    pod.neigh = [{ ip: '10.244.1.1', dev: 'eth0', lladdr: '0a:58:0a:f4:01:01', state: 'PERMANENT' }]
    const { trace } = runLab(l)
    const drop = trace!.hops.find((h) => h.kind === 'drop' && h.code === 'nf-drop')
    expect(drop).toMatchObject({ netns: 'node1', reason: 'REDIRECT found no IPv4 address on cni0' })
    expect(dnat(trace!.hops)).toBeUndefined()
  })
})
