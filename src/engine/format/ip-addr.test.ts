import { describe, expect, it } from 'vitest'
import type { LinkRow } from '../tables/types'
import { formatIpAddr, formatIpBriefAddr, formatIpBriefLink, formatIpLinkDetails } from './ip-addr'

const lo: LinkRow = { index: 1, name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: ['127.0.0.1/8'] }
const cni0: LinkRow = { index: 2, name: 'cni0', type: 'bridge', mac: '0a:58:0a:f4:01:01', mtu: 1450, up: true, addrs: ['10.244.1.1/24'] }
const port = (index: number, name: string, up = true): LinkRow => ({
  index, name, type: 'veth', mac: '2e:00:00:00:00:0' + index, mtu: 1450, up, addrs: [], master: 'cni0',
  peer: { netns: 'node-1/web-' + index, name: 'eth0', index: 2 },
})

describe('formatIpAddr', () => {
  it('prints a loopback without brd and with scope host', () => {
    expect(formatIpAddr([lo])).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '    inet 127.0.0.1/8 scope host lo\n' +
        '       valid_lft forever preferred_lft forever\n',
    )
  })

  it('gives a bridge port master and numbers peer namespaces by first appearance', () => {
    const out = formatIpAddr([cni0, port(4, 'veth2'), port(3, 'veth1')])
    expect(out).toContain('3: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP')
    expect(out).toContain('link/ether 2e:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n')
    expect(out).toContain('link/ether 2e:00:00:00:00:04 brd ff:ff:ff:ff:ff:ff link-netnsid 1\n')
    expect(out).toContain('    inet 10.244.1.1/24 brd 10.244.1.255 scope global cni0\n')
  })

  it('marks a second address in the same subnet as secondary', () => {
    const out = formatIpAddr([{ ...cni0, addrs: ['10.244.1.1/24', '10.244.1.9/24'] }])
    expect(out).toContain('inet 10.244.1.9/24 brd 10.244.1.255 scope global secondary cni0')
  })

  it('prints a link that was never up with qdisc noop and state DOWN', () => {
    expect(formatIpAddr([{ ...port(3, 'veth1'), up: false }])).toContain(
      '3: veth1@if2: <BROADCAST,MULTICAST> mtu 1450 qdisc noop master cni0 state DOWN',
    )
  })
})

describe('formatIpBriefAddr', () => {
  it('pads the name to 16 and the state to 14 columns', () => {
    expect(formatIpBriefAddr([lo, cni0])).toBe(
      'lo               UNKNOWN        127.0.0.1/8 \ncni0             UNKNOWN        10.244.1.1/24 \n',
    )
  })

  it('lets a long name push the state column right by one space', () => {
    const long = { ...port(13, 'veth1a2b3c4d5'), peer: { netns: 'p', name: 'eth0', index: 12 } }
    expect(formatIpBriefAddr([cni0, long])).toContain('veth1a2b3c4d5@if12 UP             \n')
  })

  it('shows a bridge UP once a port has carrier and DOWN when no port has', () => {
    expect(formatIpBriefAddr([cni0, port(3, 'veth1')])).toMatch(/^cni0 +UP /m)
    const peerDown = { peerUp: () => false }
    expect(formatIpBriefLink([cni0, port(3, 'veth1')], peerDown)).toContain(
      'cni0             DOWN           0a:58:0a:f4:01:01 <NO-CARRIER,BROADCAST,MULTICAST,UP> \n',
    )
  })

  it('reports LOWERLAYERDOWN when the local device with the peer ifindex has no carrier', () => {
    // Checked on 6.18: the kernel's default_operstate() looks the veth's IFLA_LINK up in the
    // veth's own namespace, even when the peer lives in another one.
    const brx: LinkRow = { ...cni0, index: 2, name: 'brx' }
    const vx: LinkRow = { ...port(3, 'vx'), master: undefined, peer: { netns: 'y', name: 'vy', index: 2 } }
    const fdb = [{ mac: brx.mac, dev: 'brx', master: 'brx', permanent: true }]
    const out = formatIpBriefLink([brx, vx], { fdb, peerUp: () => false })
    expect(out).toContain('vx@if2           LOWERLAYERDOWN 2e:00:00:00:00:03 <NO-CARRIER,BROADCAST,MULTICAST,UP> \n')
    expect(formatIpBriefLink([cni0, vx], { peerUp: () => false })).toMatch(/^vx@if2 +DOWN /m)
  })

  it('adds M-DOWN only for a veth whose peer is down in the same namespace', () => {
    const vx: LinkRow = { ...port(3, 'vx'), master: undefined, peer: { netns: 'n', name: 'vy', index: 4 } }
    const vy: LinkRow = { ...port(4, 'vy'), master: undefined, up: false, peer: { netns: 'n', name: 'vx', index: 3 } }
    expect(formatIpBriefLink([vx, vy], { netns: 'n' })).toContain(
      'vx@vy            LOWERLAYERDOWN 2e:00:00:00:00:03 <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> \n',
    )
  })

  it('shows a port-less bridge UNKNOWN unless its MAC was set (own-MAC FDB entry)', () => {
    expect(formatIpBriefAddr([cni0])).toMatch(/^cni0 +UNKNOWN/)
    const fdb = [{ mac: cni0.mac, dev: 'cni0', master: 'cni0', permanent: true }]
    expect(formatIpBriefAddr([cni0], { fdb })).toMatch(/^cni0 +DOWN/)
  })
})

describe('formatIpLinkDetails', () => {
  const eth0: LinkRow = { index: 2, name: 'eth0', type: 'ether', mac: '52:54:00:00:00:02', mtu: 1500, up: true, addrs: ['192.168.0.2/24'] }
  const flannel: LinkRow = {
    index: 5, name: 'flannel.1', type: 'vxlan', mac: '8e:00:00:00:00:01', mtu: 1450, up: true, addrs: ['10.244.1.0/32'],
    vxlan: { vni: 1, port: 8472, local: '192.168.0.2', dev: 'eth0', learning: false, l2miss: true, l3miss: true },
  }

  it('prints the vxlan line with nolearning and the miss flags in iproute2 order', () => {
    const out = formatIpLinkDetails(flannel, [eth0, flannel])
    expect(out).toContain(
      '    vxlan id 1 local 192.168.0.2 dev eth0 srcport 0 0 dstport 8472 nolearning l2miss l3miss ttl auto ageing 300 udpcsum',
    )
    expect(out).toContain('tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 \n')
    expect(out.split('\n')[0]).toBe(
      '5: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
    )
  })

  it('refuses device types it does not model', () => {
    expect(() => formatIpLinkDetails(eth0)).toThrow(/only vxlan/)
  })
})
