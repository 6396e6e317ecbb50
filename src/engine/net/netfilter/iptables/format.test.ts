import { describe, expect, it } from 'vitest'
import { formatIptablesSave, rulesetToRows } from './format'
import { saveString } from './inet'
import { formatProbability } from './match-stateful'
import { parseIptablesSave } from './parse'

const rule = (table: string, chainDecl: string, line: string) => {
  const { ruleset, diagnostics } = parseIptablesSave(`*${table}\n${chainDecl}\n${line}\nCOMMIT\n`)
  expect(diagnostics).toEqual([])
  return Object.values(ruleset.tables).flatMap((t) => Object.values(t!.chains).flatMap((c) => c.rules.map((r) => r.text)))[0]
}

describe('formatProbability', () => {
  // shared/reference/kubernetes-networking.md §1.5: what kube-proxy writes → what iptables-save shows.
  it.each([
    ['0.5000000000', '0.50000000000'],
    ['0.3333333333', '0.33333333349'],
    ['0.33333', '0.33332999982'],
    ['0.2000000000', '0.20000000019'],
    ['0.1666666667', '0.16666666651'],
    ['0.16667', '0.16667000018'],
    ['0.1428571429', '0.14285714272'],
    ['0.1111111111', '0.11111111101'],
    ['0.11111', '0.11110999994'],
    ['0.1000000000', '0.10000000009'],
  ])('prints %s as %s', (written, shown) => {
    expect(formatProbability(Math.round(0x80000000 * Number(written)))).toBe(shown)
  })

  it('rounds an exact tie to even, as printf does', () => {
    expect(formatProbability(2 ** 19)).toBe('0.00024414062')
  })

  it('prints certainty as 1.00000000000', () => {
    expect(formatProbability(0x80000000)).toBe('1.00000000000')
  })
})

describe('saveString', () => {
  it('leaves words of letters, digits, _ and - bare', () => {
    expect(saveString('a_b-C9')).toBe('a_b-C9')
  })

  it('quotes anything else and escapes quotes and backslashes', () => {
    expect(saveString('default/nginx')).toBe('"default/nginx"')
    expect(saveString('')).toBe('""')
    expect(saveString(`it's "x" \\`)).toBe(`"it\\'s \\"x\\" \\\\"`)
  })
})

describe('ruleText', () => {
  it.each([
    ['--or-mark 0x00004000', '--set-xmark 0x4000/0x4000'],
    ['--xor-mark 0x4000', '--set-xmark 0x4000/0x0'],
    ['--and-mark 0xff', '--set-xmark 0x0/0xffffff00'],
    ['--set-mark 0x10', '--set-xmark 0x10/0xffffffff'],
    ['--set-mark 0x10/0xff', '--set-xmark 0x10/0xff'],
  ])('prints MARK %s as %s', (given, saved) => {
    expect(rule('mangle', '', `-A OUTPUT -j MARK ${given}`)).toBe(`-A OUTPUT -j MARK ${saved}`)
  })

  it('prints recent in canonical order with its defaults', () => {
    expect(rule('nat', ':S - [0:0]', '-A S -m recent --name KUBE-SEP-X --rcheck --seconds 10800 --reap')).toBe(
      '-A S -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource',
    )
  })

  it('adds REJECT’s default and expands its aliases', () => {
    expect(rule('filter', '', '-A INPUT -j REJECT')).toBe('-A INPUT -j REJECT --reject-with icmp-port-unreachable')
    expect(rule('filter', '', '-A INPUT -j REJECT --reject-with admin-prohib')).toBe('-A INPUT -j REJECT --reject-with icmp-admin-prohibited')
  })

  it('prints nfacct with the double space libxt_nfacct produces', () => {
    expect(rule('filter', '', '-A INPUT -m nfacct --nfacct-name localhost_nps_accepted_pkts')).toBe(
      '-A INPUT -m nfacct --nfacct-name  localhost_nps_accepted_pkts',
    )
  })

  it('masks addresses to their prefix and drops 0.0.0.0/0', () => {
    expect(rule('filter', '', '-A INPUT -s 10.1.0.5/255.255.0.0 -d 0.0.0.0/0')).toBe('-A INPUT -s 10.1.0.0/16')
  })

  it('prints statistic options in canonical order whatever order they were given in', () => {
    expect(rule('filter', '', '-A INPUT -m statistic --probability 0.25 --mode random')).toBe('-A INPUT -m statistic --mode random --probability 0.25000000000')
    expect(rule('filter', '', '-A INPUT -m statistic --every 4 --mode nth --packet 2')).toBe('-A INPUT -m statistic --mode nth --every 4 --packet 2')
  })

  it('prints set matches with their direction flags', () => {
    expect(rule('nat', ':S - [0:0]', '-A S -m set ! --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT')).toBe(
      '-A S -m set ! --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
    )
  })
})

describe('formatIptablesSave', () => {
  const input = '*nat\n:B - [0:0]\n:A - [0:0]\n-A B -j A\nCOMMIT\n*filter\n:FORWARD DROP [3:180]\n[2:120] -A INPUT -j ACCEPT\nCOMMIT\n'

  it('prints filter before nat, built-in chains first and user chains sorted', () => {
    expect(formatIptablesSave(parseIptablesSave(input).ruleset)).toBe(
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [3:180]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n' +
        '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A B -j A\nCOMMIT\n',
    )
  })

  it('prefixes rules with their counters when asked', () => {
    expect(formatIptablesSave(parseIptablesSave(input).ruleset, { counters: true })).toContain('\n[2:120] -A INPUT -j ACCEPT\n')
  })

  it('prints nothing for an empty ruleset', () => {
    expect(formatIptablesSave(parseIptablesSave('').ruleset)).toBe('')
  })
})

describe('rulesetToRows', () => {
  it('lists tables, chains and rules in iptables-save order with counters', () => {
    const { ruleset } = parseIptablesSave('*filter\n:Z - [0:0]\n:INPUT DROP [1:2]\n[4:5] -A INPUT -j Z\nCOMMIT\n')
    expect(rulesetToRows(ruleset)).toEqual([
      {
        name: 'filter',
        chains: [
          { name: 'INPUT', policy: 'DROP', packets: 1, bytes: 2, rules: [{ text: '-A INPUT -j Z', packets: 4, bytes: 5 }] },
          { name: 'FORWARD', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [] },
          { name: 'OUTPUT', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [] },
          { name: 'Z', policy: '-', packets: 0, bytes: 0, rules: [] },
        ],
      },
    ])
  })
})
