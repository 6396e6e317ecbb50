import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatIpNeigh } from '../../format/ip-neigh'
import { NODE_NEIGH } from '../../format/__fixtures__/lab'
import { parseIpNeigh } from './neigh'

const fixture = (n: string) => readFileSync(join(__dirname, '../../format/__fixtures__', n), 'utf8')

describe('parseIpNeigh', () => {
  it('reads back every entry the formatter prints (round trip)', () => {
    const rows = NODE_NEIGH
    const { value, diagnostics } = parseIpNeigh(formatIpNeigh(rows, { nudAll: true }))
    expect(diagnostics).toEqual([])
    expect(value).toEqual(rows)
  })

  it('reads real captured output', () => {
    const text = fixture('ip-neigh-nud-all.node.txt')
    const { value, diagnostics } = parseIpNeigh(text)
    expect(diagnostics).toEqual([])
    expect(formatIpNeigh(value, { nudAll: true })).toBe(text)
  })

  it('accepts router and proxy flags and loads DELAY as STALE with a warning', () => {
    const { value, diagnostics } = parseIpNeigh(
      '192.168.64.1 dev enp0s1 lladdr 52:54:00:12:34:56 router REACHABLE\n10.244.1.3 dev cni0 lladdr 0a:58:0a:f4:01:03 DELAY\n',
    )
    expect(value.map((n) => n.state)).toEqual(['REACHABLE', 'STALE'])
    expect(diagnostics.map((d) => [d.severity, d.line, d.column])).toEqual([['warning', 2, 46]])
  })

  it('skips IPv6 neighbours with a warning', () => {
    const { value, diagnostics } = parseIpNeigh('fe80::1 dev eth0 lladdr 52:54:00:12:34:56 router STALE\n')
    expect(value).toEqual([])
    expect(diagnostics[0]!.severity).toBe('warning')
  })

  it('points at a misspelt state and suggests the right one', () => {
    const { diagnostics } = parseIpNeigh('10.244.1.3 dev cni0 lladdr 0a:58:0a:f4:01:03 REACHABEL\n')
    expect(diagnostics).toEqual([
      { severity: 'error', message: "ip neigh line 1 col 46: 'REACHABEL' is not an ip neigh keyword or state", line: 1, column: 46, hint: "did you mean 'REACHABLE'?" },
    ])
  })

  it('rejects a bad MAC, a missing dev and a missing state', () => {
    const { diagnostics } = parseIpNeigh('10.0.0.1 dev eth0 lladdr 0a:58 STALE\n10.0.0.2 lladdr 0a:58:0a:f4:01:03 STALE\n10.0.0.3 dev eth0\n')
    expect(diagnostics.map((d) => [d.line, d.column, d.message.replace(/^.*?: /, '')])).toEqual([
      [1, 26, "'0a:58' is not a MAC address"],
      [2, 40, "missing 'dev' for 10.0.0.2"],
      [3, 18, 'missing state for 10.0.0.3'],
    ])
  })
})
