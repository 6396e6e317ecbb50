import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatIpAddr } from '../../format/ip-addr'
import { NODE_LINKS } from '../../format/__fixtures__/lab'
import { parseIpAddr } from './addr'

const fixture = (n: string) => readFileSync(join(__dirname, '../../format/__fixtures__', n), 'utf8')

describe('parseIpAddr', () => {
  it('reads back name, MAC, MTU, state, addresses, master and peer index (round trip)', () => {
    const { value, diagnostics } = parseIpAddr(formatIpAddr(NODE_LINKS))
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const expected = NODE_LINKS.filter((l) => l.type !== 'loopback')
    expect(value.map((l) => [l.index, l.name, l.mac, l.mtu, l.up, l.addrs ?? [], l.master])).toEqual(
      expected.map((l) => [l.index, l.name, l.mac, l.mtu, l.up, l.addrs, l.master]),
    )
    expect(value.find((l) => l.name === 'vethaaaa1111')).toMatchObject({ type: 'veth', peerIndex: 2 })
  })

  it('infers bridge from ports naming it and flannel.N as a VXLAN device with a warning', () => {
    const { value, diagnostics } = parseIpAddr(fixture('ip-addr.node.txt'))
    expect(value.find((l) => l.name === 'cni0')!.type).toBe('bridge')
    expect(value.find((l) => l.name === 'flannel.1')).toMatchObject({ type: 'vxlan', vxlan: { vni: 1, learning: false } })
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', line: 17, column: 4 })
  })

  it('takes the VXLAN settings from ip -d link output', () => {
    const { value, diagnostics } = parseIpAddr(fixture('ip-d-link-flannel.txt'))
    expect(diagnostics).toEqual([])
    expect(value).toEqual([
      {
        index: 6, name: 'flannel.1', type: 'vxlan', up: true, mtu: 1450, mac: '8e:00:00:00:00:01',
        vxlan: { vni: 1, local: '192.168.0.2', dev: 'eth0', port: 8472, learning: false },
      },
    ])
  })

  it('reads ip -br addr output, where state DOWN reads as admin-down', () => {
    const { value, diagnostics } = parseIpAddr(fixture('ip-br-addr.node.txt'))
    expect(diagnostics.map((d) => [d.severity, d.line])).toEqual([['warning', 6]])
    expect(value.map((l) => [l.name, l.up, l.addrs ?? []])).toEqual([
      ['cni0', true, ['10.244.1.1/24']],
      ['vethaaaa1111', true, []],
      ['vethbbbb2222', false, []],
      ['eth0', true, ['192.168.0.2/24']],
      ['flannel.1', true, ['10.244.1.0/32']],
      ['br-empty', false, []],
    ])
  })

  it('skips inet6 lines with a single warning', () => {
    const text = [
      '2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default',
      '    link/ether 0a:58:0a:f4:01:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      '    inet 10.244.1.2/24 brd 10.244.1.255 scope global eth0',
      '       valid_lft forever preferred_lft forever',
      '    inet6 fe80::858:aff:fef4:102/64 scope link',
      '       valid_lft forever preferred_lft forever',
      '    inet6 fd00::2/64 scope global',
    ].join('\n')
    const { value, diagnostics } = parseIpAddr(text)
    expect(value[0]).toMatchObject({ name: 'eth0', type: 'veth', peerIndex: 7, addrs: ['10.244.1.2/24'], mtu: 1450 })
    expect(diagnostics.map((d) => [d.severity, d.line])).toEqual([['warning', 5]])
  })

  it('points at a bad address and a bad MAC', () => {
    const text = [
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
      '    link/ether 52:54:00:zz:00:01 brd ff:ff:ff:ff:ff:ff',
      '    inet 192.168.0.300/24 brd 192.168.0.255 scope global eth0',
    ].join('\n')
    const { diagnostics } = parseIpAddr(text, { origin: { file: 'node.lab', line: 4, column: 3 } })
    expect(diagnostics.map((d) => [d.file, d.line, d.column, d.severity])).toEqual([
      ['node.lab', 5, 18, 'error'],
      ['node.lab', 6, 12, 'error'],
    ])
  })

  it('rejects text before the first link header', () => {
    const { diagnostics } = parseIpAddr('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n')
    expect(diagnostics).toEqual([])
    expect(parseIpAddr('   inet 10.0.0.1/8 scope global eth0\n2: eth0: <UP> mtu 1500').diagnostics[0]!.message).toMatch(
      /^ip addr line 1 col 4: expected a link header/,
    )
  })
})
