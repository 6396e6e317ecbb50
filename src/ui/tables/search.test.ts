import { describe, expect, it } from 'vitest'
import type { IptablesTableRow } from '../../engine/tables/types'
import { grepLines, iptablesMatches, normalizeQuery, rowMatches } from './search'

const rule = (text: string) => ({ text, packets: 0, bytes: 0 })
const nat: IptablesTableRow = {
  name: 'nat',
  chains: [
    { name: 'PREROUTING', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [rule('-A PREROUTING -j KUBE-SERVICES')] },
    {
      name: 'KUBE-SERVICES',
      policy: '-',
      packets: 0,
      bytes: 0,
      rules: [rule('-A KUBE-SERVICES -d 10.96.0.10/32 -j KUBE-SVC-A'), rule('-A KUBE-SERVICES -d 10.96.0.20/32 -j KUBE-SVC-B')],
    },
    { name: 'KUBE-SEP-X', policy: '-', packets: 0, bytes: 0, rules: [rule('-A KUBE-SEP-X -s 10.244.2.2/32 -j KUBE-MARK-MASQ'), rule('-A KUBE-SEP-X -j DNAT')] },
  ],
}

describe('rowMatches', () => {
  it('matches every row when the query is empty', () => {
    expect(rowMatches(normalizeQuery('  '), ['10.244.1.2'])).toBe(true)
  })
  it('matches a cell containing the query, whatever the case', () => {
    expect(rowMatches(normalizeQuery('0A:58'), ['eth0', '0a:58:0a:f4:01:02'])).toBe(true)
    expect(rowMatches(normalizeQuery('10.96'), ['eth0', '0a:58:0a:f4:01:02'])).toBe(false)
  })
})

describe('grepLines', () => {
  it('keeps the lines that contain the query, as grep -iF would', () => {
    expect(grepLines('default via 10.244.1.1 dev eth0\n10.244.1.0/24 dev eth0 scope link', 'default')).toBe('default via 10.244.1.1 dev eth0')
  })
})

describe('iptablesMatches', () => {
  it('keeps the matching rules with their own indices', () => {
    expect(iptablesMatches([nat], '10.96.0.20')).toEqual([{ name: 'nat', chains: [{ name: 'KUBE-SERVICES', rules: [1] }] }])
  })
  it('keeps every rule of a chain whose name matches', () => {
    expect(iptablesMatches([nat], 'kube-sep')).toEqual([{ name: 'nat', chains: [{ name: 'KUBE-SEP-X', rules: [0, 1] }] }])
  })
  it('leaves out a table where nothing matches', () => {
    expect(iptablesMatches([nat], 'REJECT')).toEqual([])
  })
})
