import { describe, expect, it } from 'vitest'
import type { LabSpec } from '../lab/spec'
import type { HopEvent } from '../trace/events'
import { runLab } from '../sim/simulate'
import { twoNodeLab } from '../testing/labs'

const kinds = (hops: HopEvent[]) => hops.map((h) => h.kind)
const drops = (hops: HopEvent[]) => hops.filter((h): h is Extract<HopEvent, { kind: 'drop' }> => h.kind === 'drop' && h.code !== 'not-for-us')

function lab(j: Partial<NonNullable<LabSpec['journey']>>, pods = ['pod-a', 'pod-b', 'pod-c'], tweak?: (l: LabSpec) => void): LabSpec {
  const l = twoNodeLab({ name: 't', pods, journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.244.1.3', dport: 8080, sport: 41000, request: 'GET /', ...j } })
  tweak?.(l)
  return l
}

describe('TCP options', () => {
  const synScale = (l: LabSpec) => {
    const syn = runLab(l).trace!.hops.find((h) => h.kind === 'link.xmit' && h.frame?.tcp?.flags.join() === 'SYN')!
    const ws = syn.frame!.tcp!.options!.find((o) => o.kind === 'wscale')
    return ws?.kind === 'wscale' ? ws.value : undefined
  }
  it('advertises the window scale tcp_rmem\'s maximum needs: 7 for 6 MiB, 10 for 32 MiB', () => {
    expect(synScale(lab({}))).toBe(7)
    expect(synScale(lab({}, undefined, (l) => l.netns.forEach((n) => (n.sysctl = { ...n.sysctl, tcpRmemMax: 33554432 }))))).toBe(10)
  })
})

describe('VXLAN misses', () => {
  it('drops the frame that caused an L2 miss; the entry user space adds carries the next one', () => {
    const l = lab({ protocol: 'icmp', dst: '10.244.2.2', count: 2 }, ['pod-a', 'pod-c'], (x) => {
      const n1 = x.netns.find((n) => n.name === 'node1')!
      const vx = n1.links.find((k) => k.name === 'flannel.1')!
      vx.vxlan = { ...vx.vxlan!, l2miss: true }
      const fdb = n1.fdb!.find((f) => f.dev === 'flannel.1')!
      n1.fdb = n1.fdb!.filter((f) => f !== fdb)
      n1.missResponder = { by: 'flanneld', l3: [], l2: [{ lladdr: fdb.mac, dst: fdb.dst! }] }
    })
    const { trace } = runLab(l)
    const miss = trace!.hops.findIndex((h) => h.kind === 'vxlan.miss')
    expect(trace!.hops[miss + 1]).toMatchObject({ kind: 'fdb.learn', netns: 'node1' })
    expect(trace!.hops[miss + 2]).toMatchObject({ kind: 'drop', code: 'vxlan-no-fdb' })
    // The first echo is lost; the second finds flanneld's entry and is answered.
    expect(trace!.hops.filter((h) => h.kind === 'vxlan.miss')).toHaveLength(1)
    expect(trace!.hops.filter((h) => h.kind === 'app.recv').map((h) => (h.kind === 'app.recv' ? h.note : ''))).toEqual([expect.stringMatching(/icmp_seq=2/)])
  })
})

describe('local delivery', () => {
  it('answers a SYN to a closed port with a reset, and the client sees the refusal', () => {
    const { trace } = runLab(lab({ dport: 9999 }))
    expect(kinds(trace!.hops)).toContain('tcp.rst')
    expect(trace!.outcome).toMatchObject({ kind: 'failed' })
    expect(trace!.outcome.summary).toMatch(/refused/)
  })

  it('answers a UDP datagram to a closed port with ICMP port unreachable', () => {
    const { trace } = runLab(lab({ protocol: 'udp', dport: 5353, request: 'hello' }))
    const icmp = trace!.hops.find((h) => h.kind === 'icmp.send')
    expect(icmp).toMatchObject({ type: 3, code: 3, netns: 'node1/pod-b' })
    expect(trace!.outcome.kind).toBe('failed')
  })

  it('answers an echo request from the kernel, with no application involved', () => {
    const { trace } = runLab(lab({ protocol: 'icmp', dst: '10.244.2.2' }))
    expect(trace!.outcome.kind).toBe('completed')
    const reply = trace!.hops.find((h) => h.kind === 'link.xmit' && h.frame?.icmp?.type === 0)
    expect(reply?.netns).toBe('node2/pod-c')
  })
})

describe('forwarding', () => {
  it('decrements the TTL once per routing hop', () => {
    const { trace } = runLab(lab({ dst: '10.244.2.2' }))
    const arrived = trace!.hops.find((h) => h.kind === 'link.recv' && h.netns === 'node2/pod-c' && h.frame?.tcp)
    // pod-a → node1 (forward, 63) → VXLAN → node2 (forward, 62) → pod-c
    expect(arrived?.frame?.ip?.ttl).toBe(62)
  })

  it('bridges same-node traffic without touching the TTL', () => {
    const { trace } = runLab(lab({}))
    const arrived = trace!.hops.find((h) => h.kind === 'link.recv' && h.netns === 'node1/pod-b' && h.frame?.tcp)
    expect(arrived?.frame?.ip?.ttl).toBe(64)
  })

  it('sends ICMP time exceeded from the router whose forward would zero the TTL', () => {
    const { trace } = runLab(lab({ protocol: 'icmp', dst: '10.244.2.2', ttl: 1 }))
    expect(drops(trace!.hops)[0]).toMatchObject({ code: 'ttl-exceeded', netns: 'node1' })
    const err = trace!.hops.find((h) => h.kind === 'link.recv' && h.netns === 'node1/pod-a' && h.frame?.icmp?.type === 11)
    expect(err?.frame?.ip).toMatchObject({ src: '10.244.1.1', dst: '10.244.1.2' })
    expect(trace!.outcome.kind).toBe('failed')
  })

  it('drops with the reason when ip_forward is off on the node', () => {
    const { trace } = runLab(lab({ dst: '10.244.2.2' }, undefined, (l) => (l.netns[0]!.sysctl = { ipForward: false })))
    expect(drops(trace!.hops)[0]).toMatchObject({ code: 'forwarding-disabled', netns: 'node1' })
    expect(trace!.outcome.kind).toBe('dropped')
  })

  it('answers fragmentation needed when a DF packet does not fit the next MTU', () => {
    const { trace } = runLab(lab({ dst: '10.244.2.2', request: 'x'.repeat(1500) }, undefined, (l) => {
      for (const ns of l.netns) for (const link of ns.links) {
        link.mtu = link.name === 'flannel.1' ? 1450 : 9000
        if (link.peer) link.peer.mtu = 9000
      }
    }))
    const d = drops(trace!.hops)[0]
    expect(d).toMatchObject({ code: 'frag-needed', netns: 'node1' })
    expect(trace!.hops.find((h) => h.kind === 'icmp.send')).toMatchObject({ type: 3, code: 4 })
  })
})

describe('VXLAN', () => {
  it('drops visibly when the device has no FDB entry for the inner destination MAC', () => {
    const { trace } = runLab(lab({ dst: '10.244.2.2' }, undefined, (l) => (l.netns[0]!.fdb = [])))
    expect(drops(trace!.hops)[0]).toMatchObject({ code: 'vxlan-no-fdb', dev: 'flannel.1' })
  })

  it('encapsulates with UDP 8472 and the VNI, source port from the inner flow', () => {
    const { trace } = runLab(lab({ dst: '10.244.2.2' }))
    const outer = trace!.hops.filter((h) => h.kind === 'link.xmit' && h.dev === 'eth0' && h.frame?.vxlan)
    expect(outer.length).toBeGreaterThan(0)
    const f = outer[0]!.frame!
    expect(f.udp!.dport).toBe(8472)
    expect(f.vxlan).toEqual({ flags: 0x08, vni: 1 })
    expect(f.udp!.sport).toBeGreaterThanOrEqual(32768)
    expect(f.udp!.sport).toBeLessThanOrEqual(60999)
    expect(f.inner!.ip).toMatchObject({ src: '10.244.1.2', dst: '10.244.2.2' })
    // Every packet of the same inner flow and direction uses the same outer source port.
    const sameDir = outer.filter((h) => h.frame!.inner!.ip?.src === '10.244.1.2')
    expect(new Set(sameDir.map((h) => h.frame!.udp!.sport)).size).toBe(1)
  })
})

describe('bridge', () => {
  it('floods an unknown destination and learns the sender', () => {
    const { trace } = runLab(lab({}))
    expect(trace!.hops.find((h) => h.kind === 'bridge.flood')).toMatchObject({ bridge: 'cni0' })
    expect(trace!.hops.find((h) => h.kind === 'fdb.learn')).toMatchObject({ mac: '0a:58:0a:f4:01:02', port: 'veth1a2b3c4d' })
  })
})

describe('conntrack and ICMP errors', () => {
  it('sends the ICMP error for a NATed packet back to the original client (RELATED + NAT)', async () => {
    const { serviceNodeIptables } = await import('../testing/service-rules')
    // A seed whose endpoint pick is 10.244.1.3 on node1 — but no pod-b exists: its ARP goes unanswered.
    const l = (seed: number) => twoNodeLab({ name: 't', pods: ['pod-a', 'pod-c'], client: true, iptables: { 1: serviceNodeIptables(1), 2: serviceNodeIptables(2) }, seed, journey: { from: 'client', protocol: 'tcp', dst: '192.168.0.2', dport: 30080, sport: 41000 } })
    const picks = (seed: number) => runLab(l(seed)).trace!.hops.some((h) => h.kind === 'nat.dnat' && h.after.dst === '10.244.1.3')
    const seed = [1, 2, 3, 4, 5, 6, 7, 8].find(picks)!
    const { trace } = runLab(l(seed))
    expect(trace!.hops.find((h) => h.kind === 'ct.related')).toBeDefined()
    const back = trace!.hops.find((h) => h.kind === 'link.recv' && h.netns === 'client' && h.frame?.icmp)
    expect(back?.frame?.ip).toMatchObject({ src: '192.168.0.2', dst: '192.168.0.100' })
    expect(back?.frame?.icmp).toMatchObject({ type: 3, code: 1 })
    expect(back?.frame?.icmp?.quoted).toMatchObject({ ip: { src: '192.168.0.100', dst: '192.168.0.2' }, sport: 41000, dport: 30080 })
    expect(trace!.outcome.kind).toBe('failed')
  })
})
