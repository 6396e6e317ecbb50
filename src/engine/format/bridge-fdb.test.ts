import { describe, expect, it } from 'vitest'
import type { FdbRow, LinkRow } from '../tables/types'
import { formatBridgeFdb } from './bridge-fdb'

const link = (index: number, name: string, type: LinkRow['type']): LinkRow => ({ index, name, type, mac: '', mtu: 1500, up: true, addrs: [] })

describe('formatBridgeFdb', () => {
  it('lists a port newest entry first, then its self entries, with a trailing space on learned ones', () => {
    const fdb: FdbRow[] = [
      { mac: '2e:aa:aa:aa:11:11', dev: 'veth1', master: 'cni0', permanent: true },
      { mac: '01:00:5e:00:00:01', dev: 'veth1', self: true, permanent: true },
      { mac: '0a:58:0a:f4:01:02', dev: 'veth1', master: 'cni0', permanent: false },
    ]
    expect(formatBridgeFdb(fdb)).toBe(
      '0a:58:0a:f4:01:02 dev veth1 master cni0 \n' +
        '2e:aa:aa:aa:11:11 dev veth1 master cni0 permanent\n' +
        '01:00:5e:00:00:01 dev veth1 self permanent\n',
    )
  })

  it('walks devices in ifindex order and lists a bridge self entries before its own MAC', () => {
    const links = [link(3, 'veth1', 'veth'), link(2, 'cni0', 'bridge')]
    const fdb: FdbRow[] = [
      { mac: '2e:aa:aa:aa:11:11', dev: 'veth1', master: 'cni0', permanent: true },
      { mac: '0a:58:0a:f4:01:01', dev: 'cni0', master: 'cni0', permanent: true },
      { mac: '01:00:5e:00:00:01', dev: 'cni0', self: true, permanent: true },
    ]
    expect(formatBridgeFdb(fdb, links).split('\n').slice(0, 3)).toEqual([
      '01:00:5e:00:00:01 dev cni0 self permanent',
      '0a:58:0a:f4:01:01 dev cni0 master cni0 permanent',
      '2e:aa:aa:aa:11:11 dev veth1 master cni0 permanent',
    ])
  })

  it('lists VXLAN entries newest first with their remote', () => {
    const fdb: FdbRow[] = [
      { mac: '8e:00:00:00:00:02', dev: 'flannel.1', dst: '192.168.0.3', self: true, permanent: true },
      { mac: '8e:00:00:00:00:03', dev: 'flannel.1', dst: '192.168.0.4', self: true, permanent: true },
    ]
    expect(formatBridgeFdb(fdb, [link(5, 'flannel.1', 'vxlan')])).toBe(
      '8e:00:00:00:00:03 dev flannel.1 dst 192.168.0.4 self permanent\n' +
        '8e:00:00:00:00:02 dev flannel.1 dst 192.168.0.3 self permanent\n',
    )
  })

  it('prints 150,000 entries on one port without overflowing the call stack', () => {
    const fdb: FdbRow[] = Array.from({ length: 150_000 }, (_, i) => ({ mac: `0a:00:00:${(i >> 16).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, dev: 'veth1', master: 'cni0', permanent: false, self: false }))
    expect(formatBridgeFdb(fdb, [link(2, 'cni0', 'bridge'), link(3, 'veth1', 'veth')]).split('\n')).toHaveLength(150_001)
  })
})
