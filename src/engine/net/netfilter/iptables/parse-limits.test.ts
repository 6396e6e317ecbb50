/** Hostile iptables-save input: each case once threw, hung or loaded wrongly. */
import { describe, expect, it } from 'vitest'
import { MAX_TABLE_RULES, parseIptablesSave } from './parse'
import { traverseHook } from './traverse'
import type { NfPacket } from './model'

const filter = (...lines: string[]) => ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT', ''].join('\n')

const pkt: NfPacket = { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', sport: 1000, dport: 80, length: 60, mark: 0 } as NfPacket

describe('parseIptablesSave on hostile input', () => {
  it('reports -j __proto__ as an undeclared chain, not a crash', () => {
    const { diagnostics } = parseIptablesSave(filter('-A INPUT -j __proto__'))
    expect(diagnostics).toMatchObject([{ line: 5, column: 13, message: "jump to chain '__proto__' which is not declared in table filter" }])
  })

  it('reports -m constructor and -p constructor as unknown', () => {
    const { diagnostics } = parseIptablesSave(filter('-A INPUT -m constructor -j ACCEPT', '-A INPUT -p constructor -j ACCEPT', '-A INPUT -p tcp --constructor 1 -j ACCEPT'))
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [5, "unknown match '-m constructor'"],
      [6, "'-p' expects tcp, udp, icmp or all"],
      [7, "unknown match option '--constructor' for -m tcp"],
    ])
  })

  it('keeps a chain named __proto__ an ordinary chain', () => {
    const { diagnostics, ruleset } = parseIptablesSave(filter(':__proto__ - [0:0]', '-A INPUT -j __proto__', '-A __proto__ -j DROP'))
    expect(diagnostics).toEqual([])
    expect(Object.hasOwn(ruleset.tables.filter!.chains, '__proto__')).toBe(true)
    expect(traverseHook(ruleset, 'filter', 'INPUT', pkt, {} as never).verdict).toBe('DROP')
    expect(({} as Record<string, unknown>).rules).toBeUndefined()
  })

  it('checks 2,000 chained chains for loops without recursing', () => {
    const n = 2000
    const decls = Array.from({ length: n }, (_, i) => `:C${i} - [0:0]`)
    const jumps = Array.from({ length: n - 1 }, (_, i) => `-A C${i} -j C${i + 1}`)
    const { diagnostics } = parseIptablesSave(filter(...decls, '-A INPUT -j C0', ...jumps, `-A C${n - 1} -j C0`))
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]?.message).toMatch(/^jumps loop: C0 -> C1 -> .* -> C1999 -> C0$/)
    expect(diagnostics[0]?.line).toBe(4 + n + 1 + n)
  })

  it('refuses rules past MAX_TABLE_RULES at the first one too many', () => {
    const rules = Array.from({ length: MAX_TABLE_RULES + 1 }, (_, i) => `-A INPUT -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} -j ACCEPT`)
    const { diagnostics, ruleset } = parseIptablesSave(filter(...rules))
    expect(diagnostics).toMatchObject([{ line: 4 + MAX_TABLE_RULES + 1, column: 1, message: 'table filter has more than 100,000 rules; this rule and the ones after it are not loaded' }])
    expect(ruleset.tables.filter!.chains.INPUT!.rules).toHaveLength(MAX_TABLE_RULES)
  })

  it('walks a chain of 100,000 rules to its policy, not to a silent DROP', () => {
    const rules = Array.from({ length: MAX_TABLE_RULES }, () => '-A INPUT -s 10.9.9.9 -j DROP')
    const { ruleset } = parseIptablesSave(filter(':INPUT ACCEPT [0:0]', ...rules).replace(':INPUT ACCEPT [0:0]\n:FORWARD', ':FORWARD'))
    const t = traverseHook(ruleset, 'filter', 'INPUT', pkt, {} as never)
    expect(t.verdict).toBe('ACCEPT')
    expect(t.steps).toEqual([{ chain: 'INPUT', policy: 'ACCEPT' }])
  })
})

describe('closest on hostile input', () => {
  it('suggests nothing for a 100 KB match name, at once', () => {
    const t = Date.now()
    const { diagnostics } = parseIptablesSave(filter(`-A INPUT -m ${'x'.repeat(100_000)} -j ACCEPT`))
    expect(Date.now() - t).toBeLessThan(500)
    expect(diagnostics[0]?.hint).toMatch(/^supported matches: /)
  })
})
