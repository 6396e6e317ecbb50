import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RouteRow } from '../../tables/types'
import type { RouteSpec } from '../spec'
import { formatIpRoute } from '../../format/ip-route'
import { NODE_ROUTES } from '../../format/__fixtures__/lab'
import { parseIpRoute } from './route'

const fixture = (n: string) => readFileSync(join(__dirname, '../../format/__fixtures__', n), 'utf8')

const toRow = (s: RouteSpec): RouteRow => ({
  table: s.table ?? 'main', type: s.type ?? 'unicast', dst: s.dst, dev: s.dev ?? 'lo',
  scope: s.scope ?? 'global', proto: s.proto ?? 'boot',
  ...(s.via ? { via: s.via } : {}), ...(s.src ? { src: s.src } : {}),
  ...(s.metric ? { metric: s.metric } : {}), ...(s.onlink ? { onlink: true } : {}),
})

describe('parseIpRoute', () => {
  it('reads back every route the formatter prints (round trip)', () => {
    const text = formatIpRoute(NODE_ROUTES, { table: 'all' })
    const { value, diagnostics } = parseIpRoute(text)
    expect(diagnostics).toEqual([])
    expect(formatIpRoute(value.map(toRow), { table: 'all' })).toBe(text)
    expect(value).toHaveLength(NODE_ROUTES.length)
  })

  it('reads real captured output of ip route show table local', () => {
    const { value, diagnostics } = parseIpRoute(fixture('ip-route-local.node.txt'), { table: 'local' })
    expect(diagnostics).toEqual([])
    expect(value[0]).toEqual({ dst: '10.244.1.0/32', type: 'local', dev: 'flannel.1', proto: 'kernel', scope: 'host', src: '10.244.1.0', table: 'local' })
    expect(formatIpRoute(value.map(toRow), { table: 'local' })).toBe(fixture('ip-route-local.node.txt'))
  })

  it('accepts the noise of real nodes', () => {
    const text = [
      'default via 192.168.64.1 dev enp0s1 proto dhcp src 192.168.64.3 metric 100',
      '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink linkdown',
      '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown',
      '192.168.64.1 dev enp0s1 proto dhcp scope link src 192.168.64.3 metric 100 mtu lock 1400',
    ].join('\n')
    const { value, diagnostics } = parseIpRoute(text)
    expect(diagnostics).toEqual([])
    expect(value[0]).toEqual({ dst: 'default', via: '192.168.64.1', dev: 'enp0s1', src: '192.168.64.3', metric: 100 })
    expect(value[3]!.dst).toBe('192.168.64.1/32')
  })

  it('skips IPv6 routes and other tables with a warning', () => {
    const { value, diagnostics } = parseIpRoute('fe80::/64 dev eth0 proto kernel metric 256 pref medium\n10.0.0.0/8 dev eth0 table 100\n')
    expect(value).toEqual([])
    expect(diagnostics.map((d) => [d.severity, d.line, d.column])).toEqual([['warning', 1, 1], ['warning', 2, 27]])
  })

  it('names the line and column of a misspelt keyword and suggests the right one', () => {
    const { value, diagnostics } = parseIpRoute('default via 10.0.0.1 dev eth0\n\n10.244.2.0/24 vai 10.244.2.0 dev flannel.1\n')
    expect(value).toHaveLength(1)
    expect(diagnostics).toEqual([
      { severity: 'error', message: "ip route line 3 col 15: 'vai' is not an ip route keyword", line: 3, column: 15, hint: "did you mean 'via'?" },
    ])
  })

  it('rejects a bad prefix, host bits and a missing dev', () => {
    const { diagnostics } = parseIpRoute('10.244.1.0/33 dev cni0\n10.244.1.5/24 dev cni0\n10.244.1.0/24 via 10.0.0.1\n')
    expect(diagnostics.map((d) => [d.line, d.column, d.message.replace(/^.*?: /, '')])).toEqual([
      [1, 1, "'10.244.1.0/33' is not a valid destination"],
      [2, 1, "'10.244.1.5/24' has host bits set"],
      [3, 27, "missing 'dev' in route to 10.244.1.0/24"],
    ])
    expect(diagnostics[1]!.hint).toBe('the network is 10.244.1.0/24')
  })

  it('shifts positions into the original file with an origin', () => {
    const { diagnostics } = parseIpRoute('x\n  10.0.0.0/8 dev eth0 metric abc', { origin: { file: 'lab.yaml', line: 10, column: 5 } })
    expect(diagnostics.map((d) => [d.file, d.line, d.column])).toEqual([['lab.yaml', 10, 5], ['lab.yaml', 11, 34]])
    expect(diagnostics[1]!.message).toBe("ip route: metric 'abc' is not a number")
  })
})
