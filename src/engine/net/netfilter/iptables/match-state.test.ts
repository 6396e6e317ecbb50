/**
 * `-m state --state` (kube-proxy userspace mode's KUBE-NODEPORT-NON-LOCAL uses it). The printed
 * forms were captured from iptables-save 1.8.9 (nf_tables): states in the order
 * INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED whatever order they were written in.
 */
import { describe, expect, it } from 'vitest'
import type { NfEnv, NfPacket } from './model'
import { parseIptablesSave } from './parse'
import { traverseHook } from './traverse'

const filter = (...rules: string[]) => parseIptablesSave(['*filter', ':INPUT DROP [0:0]', ...rules, 'COMMIT', ''].join('\n'))

const pkt = (ctState: NfPacket['ctState']): NfPacket => ({ in: 'eth0', src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', sport: 40000, dport: 80, length: 60, mark: 0, ctState, ctStatus: { dnat: false, snat: false } })
const env: NfEnv = { isLocalAddress: () => true, addrType: () => 'LOCAL', random: () => 0, now: 0 }

describe('state match', () => {
  it('prints the states in iptables-save’s order, and an inverted state with its !', () => {
    const { ruleset, diagnostics } = filter('-A INPUT -m state --state ESTABLISHED,NEW,RELATED -j ACCEPT', '-A INPUT -m state ! --state INVALID,UNTRACKED -j ACCEPT')
    expect(diagnostics).toEqual([])
    expect(ruleset.tables.filter!.chains.INPUT!.rules.map((r) => r.text)).toEqual([
      '-A INPUT -m state --state NEW,RELATED,ESTABLISHED -j ACCEPT',
      '-A INPUT -m state ! --state INVALID,UNTRACKED -j ACCEPT',
    ])
  })

  it('matches the connection’s state, and needs conntrack in the namespace', () => {
    const { ruleset } = filter('-A INPUT -p tcp -m tcp --dport 80 -m state --state NEW -j ACCEPT')
    expect(ruleset.needsConntrack).toBe(true)
    expect(traverseHook(ruleset, 'filter', 'INPUT', pkt('NEW'), env).verdict).toBe('ACCEPT')
    expect(traverseHook(ruleset, 'filter', 'INPUT', pkt('ESTABLISHED'), env).verdict).toBe('DROP')
  })

  it('inverts with !', () => {
    const { ruleset } = filter('-A INPUT -m state ! --state NEW -j ACCEPT')
    expect(traverseHook(ruleset, 'filter', 'INPUT', pkt('NEW'), env).verdict).toBe('DROP')
    expect(traverseHook(ruleset, 'filter', 'INPUT', pkt('ESTABLISHED'), env).verdict).toBe('ACCEPT')
  })

  it('rejects the conntrack-only states SNAT and DNAT', () => {
    const { diagnostics } = filter('-A INPUT -m state --state DNAT -j ACCEPT')
    expect(diagnostics[0]?.message).toMatch(/'DNAT' is not a connection state/)
  })
})
