import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runLab } from '../engine/sim/simulate'
import { ORACLE_CASES } from './cases'
import { diffRuleTrace, parseRuleTrace, parseRuleTraceFile, ruleTraceFromTrace } from './ruletrace'

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8')

// Lines as xtables-monitor 1.8.9 printed them for a NodePort SYN on Linux 6.18.
const LINES = `PACKET: 2 35ac5278 IN=eth0 MACSRC=52:54:0:0:0:64 MACDST=52:54:0:0:0:2 MACPROTO=0800 SRC=192.168.0.100 DST=192.168.0.2 LEN=60 TOS=0x0 TTL=64 ID=8586 DF SPORT=41000 DPORT=30080 SYN
 TRACE: 2 35ac5278 raw:PREROUTING:rule:0x2:CONTINUE  -4 -t raw -A PREROUTING -j TRACE
 TRACE: 2 35ac5278 raw:PREROUTING:policy:ACCEPT
 TRACE: 2 35ac5278 nat:KUBE-SVC-CDGGSHYLG3RE2FKL:rule:0x26:JUMP:KUBE-SEP-2AZ33KU3V5PGPQZH  -4 -t nat -A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.3:8080" -m statistic --mode random --probability 1.00000000000 -j KUBE-SEP-2AZ33KU3V5PGPQZH
 TRACE: 2 7f53d75e nat:KUBE-POSTROUTING:rule:0x1c:0xfffffffb  -4 -t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
 TRACE: 2 7f53d75e nat:POSTROUTING:policy:ACCEPT
`

describe('parseRuleTrace', () => {
  it('keeps matched rules and policies, drops the oracle TRACE rule and the raw table it created', () => {
    expect(parseRuleTrace(LINES, false)).toEqual([
      'nat:KUBE-SVC-CDGGSHYLG3RE2FKL -A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.3:8080" -m statistic --mode random --probability P -j KUBE-SEP-2AZ33KU3V5PGPQZH',
      'nat:KUBE-POSTROUTING -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      'nat:POSTROUTING policy ACCEPT',
    ])
  })

  it('keeps the raw policy when the lab has a raw table of its own', () => {
    expect(parseRuleTrace(LINES, true)).toContain('raw:PREROUTING policy ACCEPT')
  })
})

describe('diffRuleTrace', () => {
  it('names the namespace and the first rule that differs', () => {
    const [p] = diffRuleTrace(new Map([['node1', ['a', 'b']]]), new Map([['node1', ['a', 'c']]]))
    expect(p).toMatch(/^node1 iptables rules matched: #2 differs\n\s+engine:\n\s+ a\n\s+> b\n\s+kernel:\n\s+ a\n\s+> c$/)
  })

  it('reports rules the engine never matched', () => {
    expect(diffRuleTrace(new Map([['node1', ['a']]]), new Map([['node1', ['a', 'x']]]))[0]).toMatch(/#2 differs[\s\S]*kernel:[\s\S]*> x/)
  })

  it('finds nothing when both matched the same rules in the same order', () => {
    expect(diffRuleTrace(new Map([['n', ['a']]]), new Map([['n', ['a']], ['pod', []]]))).toEqual([])
  })
})

describe.each(['clusterip-endpoint-same-node', 'nodeport-endpoint-other-node'])('the recorded kernel rule trace of %s', (name) => {
  it('is the engine\'s nf.rule and nf.policy events, namespace by namespace', () => {
    const kernel = parseRuleTraceFile(fixture(`${name}.xtables-monitor.txt`), () => false)
    expect([...kernel.values()].flat().length).toBeGreaterThan(20)
    expect(diffRuleTrace(ruleTraceFromTrace(runLab(ORACLE_CASES[name]!).trace!), kernel)).toEqual([])
  })
})
