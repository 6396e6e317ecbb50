import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { NfEnv, NfPacket, Ruleset } from './model'
import { parseIptablesSave } from './parse'
import { traverseHook } from './traverse'

function load(text: string): Ruleset {
  const { ruleset, diagnostics } = parseIptablesSave(text)
  expect(diagnostics).toEqual([])
  return ruleset
}

const filter = (...lines: string[]) => load(['*filter', ...lines, 'COMMIT', ''].join('\n'))

function pkt(over: Partial<NfPacket> = {}): NfPacket {
  return {
    in: 'eth0',
    src: '10.244.1.5',
    dst: '10.96.0.10',
    protocol: 'tcp',
    sport: 40000,
    dport: 80,
    length: 60,
    mark: 0,
    ctState: 'NEW',
    ctStatus: { dnat: false, snat: false },
    ...over,
  }
}

function env(randoms: number[] = [], over: Partial<NfEnv> = {}): NfEnv {
  const queue = [...randoms]
  return {
    isLocalAddress: (ip) => ip === '192.168.0.2',
    addrType: (ip) => (ip === '192.168.0.2' || ip.startsWith('127.') ? 'LOCAL' : 'UNICAST'),
    random: () => {
      const r = queue.shift()
      if (r === undefined) throw new Error('unexpected random draw')
      return r
    },
    now: 0,
    ...over,
  }
}

const input = (rs: Ruleset) => rs.tables.filter!.chains.INPUT!
const counts = (rs: Ruleset, chain: string) => rs.tables.filter!.chains[chain]!.rules.map((r) => r.packets)

describe('traverseHook', () => {
  it('applies the policy when no rule decides, counting it on the chain', () => {
    const rs = filter(':INPUT DROP [0:0]', '-A INPUT -p udp -j ACCEPT')
    const t = traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(t.verdict).toBe('DROP')
    expect(t.steps).toEqual([{ chain: 'INPUT', policy: 'DROP' }])
    expect(input(rs)).toMatchObject({ packets: 1, bytes: 60 })
    expect(counts(rs, 'INPUT')).toEqual([0])
  })

  it('moves counters only on rules that matched', () => {
    const rs = filter('-A INPUT -s 10.0.0.0/8 -p udp', '-A INPUT -s 10.244.0.0/16', '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT', '-A INPUT -j DROP')
    traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(input(rs).rules.map((r) => [r.packets, r.bytes])).toEqual([[0, 0], [1, 60], [1, 60], [0, 0]])
    expect(input(rs).packets).toBe(0)
  })

  it('lists every matched rule, including a rule with no target, in order', () => {
    const rs = filter(':X - [0:0]', '-A INPUT -m comment --comment "count only"', '-A INPUT -j X', '-A X -j RETURN', '-A INPUT -j ACCEPT')
    const t = traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(t.steps).toEqual([
      { chain: 'INPUT', rule: 1, text: '-A INPUT -m comment --comment "count only"', target: '' },
      { chain: 'INPUT', rule: 2, text: '-A INPUT -j X', target: 'X' },
      { chain: 'X', rule: 1, text: '-A X -j RETURN', target: 'RETURN' },
      { chain: 'INPUT', rule: 3, text: '-A INPUT -j ACCEPT', target: 'ACCEPT' },
    ])
  })

  it('returns from a jumped-to chain to the rule after the jump when it falls off the end', () => {
    const rs = filter(':INPUT DROP [0:0]', ':X - [0:0]', '-A INPUT -j X', '-A INPUT -j ACCEPT', '-A X -p udp -j DROP')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt(), env()).verdict).toBe('ACCEPT')
  })

  it('makes RETURN from a goto chain resume in the caller of the chain that did the goto', () => {
    const rs = filter(':A - [0:0]', ':B - [0:0]', '-A INPUT -j A', '-A INPUT -j DROP', '-A A -g B', '-A A -j ACCEPT', '-A B -j RETURN')
    const t = traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(t.verdict).toBe('DROP')
    expect(t.steps.map((s) => ('rule' in s ? `${s.chain}#${s.rule}` : s.policy))).toEqual(['INPUT#1', 'A#1', 'B#1', 'INPUT#2'])
  })

  it('applies the policy when a goto from a built-in chain returns', () => {
    const rs = filter(':INPUT DROP [0:0]', ':B - [0:0]', '-A INPUT -g B', '-A INPUT -j ACCEPT', '-A B -p udp -j ACCEPT')
    const t = traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(t.verdict).toBe('DROP')
    expect(t.steps.at(-1)).toEqual({ chain: 'INPUT', policy: 'DROP' })
  })

  it('applies the policy on RETURN in a built-in chain', () => {
    const rs = filter(':INPUT DROP [0:0]', '-A INPUT -j RETURN', '-A INPUT -j ACCEPT')
    const t = traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(t.verdict).toBe('DROP')
    expect(input(rs)).toMatchObject({ packets: 1, rules: [{ packets: 1 }, { packets: 0 }] })
  })

  it('returns REJECT with its icmp type, defaulting to port-unreachable', () => {
    const rs = filter('-A INPUT -p tcp -j REJECT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt(), env()).verdict).toEqual({ kind: 'REJECT', with: 'icmp-port-unreachable' })
  })

  it('accepts when the table has no such hook chain', () => {
    const rs = filter('-A INPUT -j DROP')
    expect(traverseHook(rs, 'nat', 'PREROUTING', pkt(), env())).toEqual({ verdict: 'ACCEPT', mark: 0, steps: [] })
  })

  it('does MARK arithmetic as --set-xmark (mark & ~mask) ^ value, seen by later mark matches', () => {
    const rs = load(
      ['*mangle', '-A PREROUTING -j MARK --or-mark 0x4000', '-A PREROUTING -m mark --mark 0x4001/0xffff -j MARK --xor-mark 0x4000', '-A PREROUTING -j MARK --and-mark 0xff', '-A PREROUTING -m mark --mark 0x1 -j MARK --set-mark 0x10/0xf0', 'COMMIT', ''].join('\n'),
    )
    const t = traverseHook(rs, 'mangle', 'PREROUTING', pkt({ mark: 0x10001 }), env())
    // 0x10001 | 0x4000 = 0x14001; ^ 0x4000 = 0x10001; & 0xff = 0x1; (0x1 & ~0xf0) ^ 0x10 = 0x11
    expect(t.mark).toBe(0x11)
    expect(t.steps).toHaveLength(5)
    expect(t.steps[4]).toEqual({ chain: 'PREROUTING', policy: 'ACCEPT' })
  })

  it('matches statistic random when the 31-bit draw is below the stored probability', () => {
    const rule = '-A INPUT -m statistic --mode random --probability 0.5 -j ACCEPT'
    expect(traverseHook(filter(':INPUT DROP [0:0]', rule), 'filter', 'INPUT', pkt(), env([0.49])).verdict).toBe('ACCEPT')
    expect(traverseHook(filter(':INPUT DROP [0:0]', rule), 'filter', 'INPUT', pkt(), env([0.51])).verdict).toBe('DROP')
  })

  it('matches statistic nth on the packet-th of every n packets, keeping its count in the ruleset', () => {
    const rs = filter('-A INPUT -m statistic --mode nth --every 3 --packet 1 -j DROP')
    const verdicts = Array.from({ length: 7 }, () => traverseHook(rs, 'filter', 'INPUT', pkt(), env()).verdict)
    expect(verdicts).toEqual(['ACCEPT', 'DROP', 'ACCEPT', 'ACCEPT', 'DROP', 'ACCEPT', 'ACCEPT'])
  })

  it('does not advance a statistic nth counter when an earlier match failed', () => {
    const rs = filter('-A INPUT -p udp -m statistic --mode nth --every 2 --packet 0 -j DROP')
    traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ protocol: 'udp' }), env()).verdict).toBe('DROP')
  })

  it('remembers sources with recent --set and finds them with --rcheck until --seconds pass', () => {
    const rs = filter(':S - [0:0]', '-A INPUT -m recent --name S1 --rcheck --seconds 10 --reap -j DROP', '-A INPUT -m recent --name S1 --set -j ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt(), env([], { now: 0 })).verdict).toBe('ACCEPT')
    expect(rs.recent.S1).toEqual([{ addr: '10.244.1.5', stamps: [0] }])
    expect(traverseHook(rs, 'filter', 'INPUT', pkt(), env([], { now: 9_000_000 })).verdict).toBe('DROP')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ src: '10.244.1.6' }), env([], { now: 9_000_000 })).verdict).toBe('ACCEPT')
    // 11 s after the first packet the entry is stale: no match, and --reap removes it.
    expect(traverseHook(rs, 'filter', 'INPUT', pkt(), env([], { now: 11_000_000 })).verdict).toBe('ACCEPT')
    expect(rs.recent.S1?.map((e) => e.addr)).toEqual(['10.244.1.6', '10.244.1.5'])
  })

  it('matches recent on the masked destination with --rdest', () => {
    const rs = filter('-A INPUT -m recent --name D --set --mask 255.255.0.0 --rdest')
    traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(rs.recent.D?.[0]?.addr).toBe('10.96.0.0')
  })

  it('matches addrtype with the environment’s address types and inversion', () => {
    const rs = filter('-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT', '-A INPUT -m addrtype ! --src-type LOCAL -j DROP')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ dst: '192.168.0.2' }), env()).verdict).toBe('ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt(), env()).verdict).toBe('DROP')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ src: '127.0.0.1' }), env()).verdict).toBe('ACCEPT')
  })

  it('matches conntrack states, including the DNAT pseudo-state', () => {
    const rs = filter(':INPUT DROP [0:0]', '-A INPUT -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt(), env()).verdict).toBe('ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ ctStatus: { dnat: true, snat: false } }), env()).verdict).toBe('DROP')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ ctState: 'ESTABLISHED' }), env()).verdict).toBe('DROP')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ ctState: 'INVALID' }), env()).verdict).toBe('ACCEPT')
  })

  it('matches multiport lists and ranges', () => {
    const rs = filter(':INPUT DROP [0:0]', '-A INPUT -p tcp -m multiport --dports 22,8000:8080 -j ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ dport: 8080 }), env()).verdict).toBe('ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ dport: 8081 }), env()).verdict).toBe('DROP')
  })

  it('matches interfaces with + wildcards and inversion', () => {
    const rs = load(['*filter', ':FORWARD DROP [0:0]', '-A FORWARD -i veth+ ! -o cni0 -j ACCEPT', 'COMMIT', ''].join('\n'))
    expect(traverseHook(rs, 'filter', 'FORWARD', pkt({ in: 'veth1a2b', out: 'eth0' }), env()).verdict).toBe('ACCEPT')
    expect(traverseHook(rs, 'filter', 'FORWARD', pkt({ in: 'veth1a2b', out: 'cni0' }), env()).verdict).toBe('DROP')
  })

  it('matches physdev only for bridged packets unless inverted', () => {
    const rs = load(['*filter', ':FORWARD DROP [0:0]', '-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT', 'COMMIT', ''].join('\n'))
    expect(traverseHook(rs, 'filter', 'FORWARD', pkt({ physIn: 'veth1', physOut: 'veth2' }), env()).verdict).toBe('ACCEPT')
    expect(traverseHook(rs, 'filter', 'FORWARD', pkt(), env()).verdict).toBe('DROP')
  })

  it('matches icmp type and code', () => {
    const rs = filter(':INPUT DROP [0:0]', '-A INPUT -p icmp -m icmp --icmp-type echo-request -j ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ protocol: 'icmp', icmpType: 8, icmpCode: 0 }), env()).verdict).toBe('ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ protocol: 'icmp', icmpType: 0, icmpCode: 0 }), env()).verdict).toBe('DROP')
  })

  it('matches ipset members filled by the caller', () => {
    const rs = filter(':INPUT DROP [0:0]', '-A INPUT -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT')
    rs.sets['KUBE-CLUSTER-IP'] = ['10.96.0.10,tcp:80']
    expect(traverseHook(rs, 'filter', 'INPUT', pkt(), env()).verdict).toBe('ACCEPT')
    expect(traverseHook(rs, 'filter', 'INPUT', pkt({ dport: 81 }), env()).verdict).toBe('DROP')
  })

  it('counts nfacct objects and always matches', () => {
    const rs = filter('-A INPUT -m nfacct --nfacct-name ct_state_invalid_dropped_pkts')
    traverseHook(rs, 'filter', 'INPUT', pkt(), env())
    expect(rs.nfacct).toEqual({ ct_state_invalid_dropped_pkts: { packets: 1, bytes: 60 } })
  })

  it('flags NOTRACK in raw and continues', () => {
    const rs = load('*raw\n-A PREROUTING -p udp -m udp --dport 8472 -j NOTRACK\nCOMMIT\n')
    expect(traverseHook(rs, 'raw', 'PREROUTING', pkt({ protocol: 'udp', dport: 8472 }), env())).toMatchObject({ verdict: 'ACCEPT', notrack: true })
  })
})

describe('traverseHook over kube-proxy rules', () => {
  const text = readFileSync(join(import.meta.dirname, '__fixtures__', 'kube-proxy.restore.txt'), 'utf8')
  const toNginx = pkt({ in: 'cni0', dst: '10.96.175.117', dport: 8080 })

  it('picks the third endpoint when both probability draws miss', () => {
    const t = traverseHook(load(text), 'nat', 'PREROUTING', toNginx, env([0.9, 0.9]))
    expect(t.nat).toEqual({ kind: 'DNAT', toAddr: '10.244.2.9', toPortMin: 80, toPortMax: 80 })
    expect(t.steps.map((s) => ('rule' in s ? `${s.chain}#${s.rule} ${s.target}` : s.policy))).toEqual([
      'PREROUTING#1 KUBE-SERVICES',
      'KUBE-SERVICES#2 KUBE-SVC-2CMXP7HKUVJN7L6M',
      'KUBE-SVC-2CMXP7HKUVJN7L6M#4 KUBE-SEP-LKN6QCAH6MR2O4YF',
      'KUBE-SEP-LKN6QCAH6MR2O4YF#2 DNAT',
    ])
  })

  it('marks off-cluster sources for masquerade before picking an endpoint', () => {
    const t = traverseHook(load(text), 'nat', 'PREROUTING', { ...toNginx, src: '192.168.0.50' }, env([0.1]))
    expect(t.mark).toBe(0x4000)
    expect(t.nat?.toAddr).toBe('10.244.0.20')
  })

  it('masquerades marked packets in POSTROUTING and clears the mark bit', () => {
    const t = traverseHook(load(text), 'nat', 'POSTROUTING', pkt({ mark: 0x4000, out: 'flannel.1' }), env())
    expect(t).toMatchObject({ verdict: 'ACCEPT', mark: 0, nat: { kind: 'MASQUERADE', randomFully: true } })
  })

  it('sends a client back to the endpoint it was given with sessionAffinity', () => {
    const rs = load(text)
    const toSticky = pkt({ in: 'cni0', dst: '10.96.60.60', dport: 80 })
    const first = traverseHook(rs, 'nat', 'PREROUTING', toSticky, env([0.7], { now: 1 }))
    expect(first.nat?.toAddr).toBe('10.244.2.8')
    const again = traverseHook(rs, 'nat', 'PREROUTING', toSticky, env([], { now: 2_000_000 }))
    expect(again.nat?.toAddr).toBe('10.244.2.8')
  })

  it('rejects traffic to a service without endpoints in filter', () => {
    const t = traverseHook(load(text), 'filter', 'FORWARD', pkt({ in: 'cni0', out: 'eth0', dst: '10.96.50.50', dport: 80 }), env())
    expect(t.verdict).toEqual({ kind: 'REJECT', with: 'icmp-port-unreachable' })
  })

  it('sends external LoadBalancer traffic with externalTrafficPolicy Local only to the local endpoint', () => {
    const t = traverseHook(load(text), 'nat', 'PREROUTING', pkt({ src: '172.18.0.1', dst: '172.18.255.201', dport: 80 }), env())
    expect(t.nat?.toAddr).toBe('10.244.1.5')
    expect(t.mark).toBe(0)
  })
})
