import { describe, expect, it } from 'vitest'
import { makeNetns } from '../testing/builders'
import { addrType, isLocalAddress, lookupRoute, validateRoute } from './route'

const node = () =>
  makeNetns({
    name: 'n',
    links: [
      { name: 'eth0', type: 'ether', segment: 's', addrs: ['192.168.0.2/24'] },
      { name: 'cni0', type: 'bridge', addrs: ['10.244.1.1/24'] },
      { name: 'flannel.1', type: 'vxlan', addrs: ['10.244.1.0/32'], vxlan: { vni: 1 } },
    ],
    routes: [
      { dst: 'default', via: '192.168.0.1', dev: 'eth0' },
      { dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true },
      { dst: '10.244.0.0/16', dev: 'flannel.1' },
    ],
  })

describe('lookupRoute', () => {
  it('prefers the longest prefix', () => {
    expect(lookupRoute(node(), '10.244.2.7')).toMatchObject({ kind: 'unicast', oif: 'flannel.1', gateway: '10.244.2.0', table: 'main' })
    expect(lookupRoute(node(), '10.244.3.7')).toMatchObject({ kind: 'unicast', oif: 'flannel.1', table: 'main' })
    expect(lookupRoute(node(), '10.244.3.7').gateway).toBeUndefined()
  })

  it('falls back to the default route', () => {
    expect(lookupRoute(node(), '8.8.8.8')).toMatchObject({ kind: 'unicast', oif: 'eth0', gateway: '192.168.0.1', src: '192.168.0.2' })
  })

  it('answers from the local table before the main table', () => {
    expect(lookupRoute(node(), '10.244.1.1')).toMatchObject({ kind: 'local', table: 'local' })
    expect(lookupRoute(node(), '10.244.1.0')).toMatchObject({ kind: 'local', table: 'local' })
  })

  it('uses the connected route with its preferred source', () => {
    expect(lookupRoute(node(), '10.244.1.9')).toMatchObject({ kind: 'unicast', oif: 'cni0', src: '10.244.1.1' })
  })

  it('reports no route when nothing matches and there is no default', () => {
    const ns = makeNetns({ name: 'p', links: [{ name: 'eth0', type: 'dummy', addrs: ['10.0.0.1/24'] }] })
    expect(lookupRoute(ns, '8.8.8.8')).toMatchObject({ kind: 'unreachable', table: 'none' })
  })

  it('ignores routes over a link that is down', () => {
    const ns = makeNetns({ name: 'p', links: [{ name: 'eth0', type: 'dummy', up: false, addrs: ['10.0.0.1/24'] }] })
    expect(lookupRoute(ns, '10.0.0.5').kind).toBe('unreachable')
  })
})

describe('validateRoute', () => {
  it('refuses a gateway that is not on a connected network unless onlink', () => {
    expect(validateRoute(node(), { dst: '10.9.0.0/16', via: '10.244.9.0', dev: 'flannel.1' })).toMatch(/Nexthop has invalid gateway/)
    expect(validateRoute(node(), { dst: '10.9.0.0/16', via: '10.244.9.0', dev: 'flannel.1', onlink: true })).toMatchObject({ dst: '10.9.0.0/16', onlink: true })
  })

  it('gives dev-only routes link scope and gateway routes global scope', () => {
    expect(validateRoute(node(), { dst: '10.9.0.0/16', dev: 'cni0' })).toMatchObject({ scope: 'link' })
    expect(validateRoute(node(), { dst: '10.9.0.0/16', via: '192.168.0.9' })).toMatchObject({ scope: 'global', dev: 'eth0' })
  })

  it('names a missing device', () => {
    expect(validateRoute(node(), { dst: '10.9.0.0/16', dev: 'eth9' })).toMatch(/dev 'eth9' does not exist/)
  })
})

describe('addrType', () => {
  it('classifies local, broadcast, multicast and unicast addresses', () => {
    const ns = node()
    expect(addrType(ns, '192.168.0.2')).toBe('LOCAL')
    expect(isLocalAddress(ns, '127.0.0.53')).toBe(true)
    expect(addrType(ns, '10.244.1.255')).toBe('BROADCAST')
    expect(addrType(ns, '224.0.0.1')).toBe('MULTICAST')
    expect(addrType(ns, '10.244.2.2')).toBe('UNICAST')
  })
})
