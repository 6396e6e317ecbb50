import { describe, expect, it } from 'vitest'
import { parseIptablesSave } from './parse'

const nat = (...rules: string[]) =>
  ['*nat', ':PREROUTING ACCEPT [0:0]', ':KUBE-SERVICES - [0:0]', ':KUBE-MARK-MASQ - [0:0]', ...rules, 'COMMIT', ''].join('\n')

const texts = (input: string) =>
  Object.values(parseIptablesSave(input).ruleset.tables.nat?.chains ?? {}).flatMap((c) => c.rules.map((r) => r.text))

describe('parseIptablesSave', () => {
  it('rewrites kube-proxy restore input into iptables-save canonical order', () => {
    const input = nat(
      '-A KUBE-SERVICES -m comment --comment "default/kubernetes:https cluster IP" -m tcp -p tcp -d 10.96.0.1 --dport 443 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
    )
    expect(texts(input)).toEqual([
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ',
    ])
  })

  it('loads the protocol match implicitly where its first option appears', () => {
    const input = nat('-A KUBE-SERVICES -p udp --dport 53 -m comment --comment dns -j KUBE-MARK-MASQ')
    expect(texts(input)).toEqual(['-A KUBE-SERVICES -p udp -m udp --dport 53 -m comment --comment dns -j KUBE-MARK-MASQ'])
  })

  it('unquotes comments with escaped quotes and keeps unquoted comments with slashes', () => {
    const input = nat(
      '-A KUBE-SERVICES -m comment --comment "say \\"hi\\"" -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m comment --comment default/kubernetes:https -j KUBE-MARK-MASQ',
    )
    expect(texts(input)).toEqual([
      '-A KUBE-SERVICES -m comment --comment "say \\"hi\\"" -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ',
    ])
  })

  it('reads counters on chain lines and rule lines', () => {
    const { ruleset, diagnostics } = parseIptablesSave('*filter\n:INPUT DROP [5:300]\n:X - [0:0]\n[7:420] -A INPUT -j X\nCOMMIT\n')
    expect(diagnostics).toEqual([])
    const input = ruleset.tables.filter?.chains.INPUT
    expect(input).toMatchObject({ policy: 'DROP', packets: 5, bytes: 300 })
    expect(input?.rules[0]).toMatchObject({ packets: 7, bytes: 420, text: '-A INPUT -j X' })
  })

  it('accepts -N as a chain declaration and skips comments and blank lines', () => {
    const { ruleset, diagnostics } = parseIptablesSave('# hello\n\n*filter\n-N FOO\n-A FOO -j ACCEPT\nCOMMIT\n')
    expect(diagnostics).toEqual([])
    expect(ruleset.tables.filter?.chains.FOO?.rules).toHaveLength(1)
  })

  it('names an unknown match option with its line, column and the likely option', () => {
    const { diagnostics } = parseIptablesSave(nat('-A KUBE-SERVICES -p tcp -m tcp --dprot 80 -j KUBE-MARK-MASQ'))
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message: "unknown match option '--dprot' for -m tcp",
        hint: 'did you mean --dport?',
        line: 5,
        column: 32,
      },
    ])
  })

  it('shifts positions by the origin of the embedded block', () => {
    const { diagnostics } = parseIptablesSave(nat('-A KUBE-SERVICES -p tpc -j KUBE-MARK-MASQ'), { file: 'lab.yaml', line: 10, column: 7 })
    expect(diagnostics).toMatchObject([
      { file: 'lab.yaml', line: 10 + 4, column: 7 + 21 - 1, message: "'-p' expects tcp, udp, icmp or all", hint: 'did you mean tcp?' },
    ])
  })

  it('reports a rule that comes before its chain is declared, and skips it', () => {
    const input = '*nat\n-A KUBE-SVC-X -j ACCEPT\n:KUBE-SVC-X - [0:0]\nCOMMIT\n'
    const { ruleset, diagnostics } = parseIptablesSave(input)
    expect(diagnostics).toMatchObject([
      { line: 2, column: 4, message: "rule for chain 'KUBE-SVC-X' before ':KUBE-SVC-X - [0:0]' declares it" },
    ])
    expect(ruleset.tables.nat?.chains['KUBE-SVC-X']?.rules).toEqual([])
  })

  it('reports a jump to an undeclared chain with the target column', () => {
    const { diagnostics } = parseIptablesSave(nat('-A KUBE-SERVICES -j FOO'))
    expect(diagnostics).toMatchObject([{ line: 5, column: 21, message: "jump to chain 'FOO' which is not declared in table nat" }])
  })

  it('suggests the target a misspelt jump most likely meant', () => {
    const { diagnostics } = parseIptablesSave(nat('-A KUBE-SERVICES -j MASQ'))
    expect(diagnostics[0]?.hint).toBe('did you mean MASQUERADE?')
  })

  it('reports a missing COMMIT at the end of the input and at the next table', () => {
    const { diagnostics } = parseIptablesSave('*nat\n:X - [0:0]\n*filter\n:Y - [0:0]\n')
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [3, 'COMMIT missing at end of table nat'],
      [5, 'COMMIT missing at end of table filter'],
    ])
  })

  it('rejects targets in tables the kernel does not allow them in', () => {
    const { diagnostics } = parseIptablesSave('*filter\n-A INPUT -p tcp -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n')
    expect(diagnostics).toMatchObject([{ line: 2, column: 20, message: 'DNAT is not valid in the filter table' }])
  })

  it('rejects an interface the hook cannot have', () => {
    const { diagnostics } = parseIptablesSave('*filter\n-A OUTPUT -i eth0 -j ACCEPT\nCOMMIT\n')
    expect(diagnostics).toMatchObject([{ line: 2, column: 11, message: "can't use -i with OUTPUT" }])
  })

  it('requires -p tcp for port options and tcp-reset', () => {
    const { diagnostics } = parseIptablesSave('*filter\n-A INPUT -m tcp --dport 80\n-A INPUT -j REJECT --reject-with tcp-reset\nCOMMIT\n')
    expect(diagnostics.map((d) => [d.line, d.column])).toEqual([
      [2, 13],
      [3, 13],
    ])
  })

  it('reports an unterminated quote at the opening quote', () => {
    const { diagnostics } = parseIptablesSave('*filter\n-A INPUT -m comment --comment "oops\nCOMMIT\n')
    expect(diagnostics).toMatchObject([{ line: 2, column: 31, message: 'unterminated quote' }])
  })

  it('keeps good rules around bad ones and never throws on garbage', () => {
    const input = ['*filter', '-A INPUT -j ACCEPT', 'garbage here', '-A INPUT ! ! -s 1.2.3.4', '-A INPUT -m nosuch', ':INPUT MAYBE', '-A INPUT -j DROP', 'COMMIT', 'COMMIT', '-A X'].join('\n')
    const { ruleset, diagnostics } = parseIptablesSave(input)
    expect(ruleset.tables.filter?.chains.INPUT?.rules.map((r) => r.text)).toEqual(['-A INPUT -j ACCEPT', '-A INPUT -j DROP'])
    expect(diagnostics.map((d) => d.line)).toEqual([3, 4, 5, 6, 9, 10])
  })

  it('does not create a table that declares nothing', () => {
    expect(parseIptablesSave('*nat\nCOMMIT\n').ruleset.tables).toEqual({})
  })

  it('needs conntrack when a nat table or a conntrack match is loaded', () => {
    expect(parseIptablesSave('*filter\n-A INPUT -j ACCEPT\nCOMMIT\n').ruleset.needsConntrack).toBe(false)
    expect(parseIptablesSave('*filter\n-A INPUT -m conntrack --ctstate NEW\nCOMMIT\n').ruleset.needsConntrack).toBe(true)
    expect(parseIptablesSave('*nat\n:X - [0:0]\nCOMMIT\n').ruleset.needsConntrack).toBe(true)
  })

  it('drops the rule that closes a jump loop, as the kernel refuses such a table', () => {
    const input = '*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -g A\nCOMMIT\n'
    const { ruleset, diagnostics } = parseIptablesSave(input)
    expect(diagnostics).toMatchObject([{ line: 6, message: 'jumps loop: A -> B -> A' }])
    expect(ruleset.tables.filter?.chains.B?.rules).toEqual([])
  })

  it('records where each rule came from', () => {
    const { ruleset } = parseIptablesSave('*filter\n  -A INPUT -j ACCEPT\nCOMMIT\n', { file: 'f', line: 3, column: 5 })
    expect(ruleset.tables.filter?.chains.INPUT?.rules[0]?.source).toEqual({ file: 'f', line: 4, column: 7 })
  })
})
