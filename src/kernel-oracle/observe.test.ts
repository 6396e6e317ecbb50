import { describe, expect, it } from 'vitest'
import { diffObserved, dropSwitchPeer, type Observed } from './observe'

// Lines as `ip -br addr` and `ip route show table all` printed them in an oracle run (6.18).
const KERNEL: Observed = {
  addrs: ['lo               UNKNOWN        127.0.0.1/8 ', 'eth0             UP             192.168.0.3/24 ', 'cni0             DOWN           10.244.2.1/24 '],
  neigh: ['192.168.0.2 dev eth0 lladdr 52:54:00:00:00:02 DELAY '],
  fdb: ['0a:58:0a:f4:02:01 dev cni0 master cni0 permanent'],
  routes: ['10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1 linkdown ', '192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.3 '],
}

describe('dropSwitchPeer', () => {
  it('prints a NIC plugged into the oracle switch as a plain NIC, keeping the columns', () => {
    expect(dropSwitchPeer('eth0@if3         UP             192.168.0.2/24 ', ['eth0'])).toBe('eth0             UP             192.168.0.2/24 ')
  })

  it('keeps the peer of a veth that is a veth in the lab', () => {
    const line = 'veth1a2b3c4d@if2 UP             '
    expect(dropSwitchPeer(line, ['eth0'])).toBe(line)
  })
})

describe('diffObserved', () => {
  it('finds nothing when every command printed the same lines', () => {
    expect(diffObserved('node2', KERNEL, structuredClone(KERNEL))).toEqual([])
  })

  it('names the namespace and the command, and marks the lines that differ', () => {
    const engine = { ...KERNEL, routes: ['10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1 ', KERNEL.routes[1]!] }
    const [p, ...rest] = diffObserved('node2', engine, KERNEL)
    expect(rest).toEqual([])
    expect(p).toMatch(/^node2 `ip route show table all` differs/)
    expect(p).toMatch(/engine:\n\s+> 10\.244\.2\.0\/24 .* src 10\.244\.2\.1 \n\s+ 192\.168/)
    expect(p).toMatch(/kernel:\n\s+> 10\.244\.2\.0\/24 .* linkdown /)
  })

  it('reports a row only one side has', () => {
    const [p] = diffObserved('node2', { ...KERNEL, neigh: [] }, KERNEL)
    expect(p).toMatch(/`ip neigh show` differs\n\s+engine:\n\s+\(nothing\)/)
  })
})
