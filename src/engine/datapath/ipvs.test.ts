import { describe, expect, it } from 'vitest'
import { simulate } from '../sim/simulate'
import { tablesAtStep } from '../tables/fold'
import { ipvsTwoNodeLab } from '../testing/ipvs-rules'
import type { JourneySpec } from '../lab/spec'

const journey = (dport: number): JourneySpec => ({ from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport, sport: 41000, request: 'GET / HTTP/1.1\r\n\r\n' })
const lab = (dport = 80) => ipvsTwoNodeLab({ name: 'ipvs', pods: ['pod-a', 'pod-b', 'pod-c'], journey: journey(dport) })

describe('IPVS on the netfilter hooks', () => {
  it('schedules the SYN after filter INPUT, DNATs it and sends it on through OUTPUT and POSTROUTING', () => {
    const hops = simulate(lab()).trace!.hops.filter((h) => h.netns === 'node1')
    const kinds = hops.map((h) => (h.kind === 'nf.hook' ? `hook ${h.hook}` : h.kind))
    const at = (k: string) => kinds.indexOf(k)
    expect(at('hook INPUT')).toBeLessThan(at('ipvs.schedule'))
    expect(at('ipvs.schedule')).toBeLessThan(at('ipvs.dnat'))
    expect(at('ipvs.dnat')).toBeLessThan(at('hook OUTPUT'))
    expect(at('hook OUTPUT')).toBeLessThan(at('hook POSTROUTING'))
    expect(hops.find((h) => h.kind === 'ipvs.schedule')).toMatchObject({ hook: 'INPUT', service: 'TCP  10.96.0.10:80', scheduler: 'rr', real: '10.244.2.2:8080' })
    // IPVS decrements the TTL of what it forwards (__ip_vs_get_out_rt); the client sent 64.
    expect(hops.find((h) => h.kind === 'nf.hook' && h.hook === 'OUTPUT')!.frame!.ip!.ttl).toBe(63)
  })

  it('with vs/conntrack=1 leaves a conntrack entry whose reply comes from the real server', () => {
    const { trace } = simulate(lab())
    const node1 = tablesAtStep(trace!.initial, trace!.hops).find((t) => t.netns === 'node1')!
    expect(node1.conntrack[0]).toMatchObject({ original: { src: '10.244.1.2', dst: '10.96.0.10', dport: 80 }, reply: { src: '10.244.2.2', sport: 8080, dst: '10.244.1.2' }, tcpState: 'ESTABLISHED' })
    expect(node1.ipvsConns).toEqual([{ id: 1, protocol: 'tcp', state: 'ESTABLISHED', timeout: 899, client: { addr: '10.244.1.2', port: 41000 }, virtual: { addr: '10.96.0.10', port: 80 }, real: { addr: '10.244.2.2', port: 8080 } }])
  })

  it('turns the reply back into the virtual address on FORWARD, so the client sees 10.96.0.10:80', () => {
    const { trace } = simulate(lab())
    const snat = trace!.hops.find((h) => h.kind === 'ipvs.snat')!
    expect(snat).toMatchObject({ netns: 'node1', hook: 'FORWARD', before: { src: '10.244.2.2', sport: 8080 }, after: { src: '10.96.0.10', sport: 80 } })
    expect(trace!.outcome.kind).toBe('completed')
    expect(trace!.hops.find((h) => h.kind === 'app.recv' && h.netns === 'node1/pod-a')).toMatchObject({ flow: { src: '10.96.0.10', sport: 80 } })
  })

  it('sends the next connection to the next real server (rr), reached by bridging on node1', () => {
    const spec = lab()
    spec.netns.find((n) => n.name === 'node1')!.ipvs!.services[0]!.reals.reverse()
    const { trace } = simulate(spec)
    expect(trace!.hops.find((h) => h.kind === 'ipvs.schedule')).toMatchObject({ real: '10.244.1.3:8080' })
    expect(trace!.outcome).toMatchObject({ kind: 'completed', summary: expect.stringContaining('served by pod-b') })
  })

  it('lets KUBE-IPVS-FILTER reject a new connection to a kube-ipvs0 address on a port no Service has', () => {
    const { trace } = simulate(lab(22))
    expect(trace!.hops.find((h) => h.kind === 'drop' && h.code !== 'not-for-us')).toMatchObject({ netns: 'node1', code: 'nf-reject', rule: '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable' })
    expect(trace!.outcome.kind).toBe('failed')
  })

  it('answers port unreachable for a virtual service without real servers (ip_vs_leave)', () => {
    const spec = lab()
    spec.netns.find((n) => n.name === 'node1')!.ipvs!.services[0]!.reals = []
    const { trace } = simulate(spec)
    expect(trace!.hops.find((h) => h.kind === 'drop' && h.code !== 'not-for-us')).toMatchObject({ netns: 'node1', reason: expect.stringContaining('has no real server') })
    expect(trace!.hops.some((h) => h.kind === 'icmp.send' && h.type === 3 && h.code === 3)).toBe(true)
    expect(trace!.outcome.kind).toBe('failed')
  })

  it('folds the trace’s IPVS deltas into the same connection table the world ends with', () => {
    const { trace, world } = simulate(lab())
    const node1 = tablesAtStep(trace!.initial, trace!.hops).find((t) => t.netns === 'node1')!
    expect(node1.ipvsConns).toEqual(world!.netns.get('node1')!.ipvs!.conns)
  })

  it('refuses net.ipv4.vs.conntrack=0, which it does not model', () => {
    const spec = lab()
    spec.netns.find((n) => n.name === 'node1')!.ipvs!.conntrack = false
    const { trace, diagnostics } = simulate(spec)
    expect(trace).toBeNull()
    expect(diagnostics[0]).toMatchObject({ severity: 'error', path: 'netns[0].ipvs.conntrack' })
  })
})
