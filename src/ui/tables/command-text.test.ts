import { describe, expect, it } from 'vitest'
import { formatNetnsTables } from '../../engine/format/tables-report'
import { builtInScenario } from '../../worker/testing/built-in-scenario'
import { COMMAND, commandText, vxlanFdbText, type TableKind } from './command-text'

const KINDS = Object.keys(COMMAND) as TableKind[]

describe('commandText', () => {
  it('prints each table exactly as the CLI and the golden tables files print it', () => {
    const { trace } = builtInScenario('service-without-endpoints')
    for (const t of trace.initial) {
      const report = formatNetnsTables(t)
      for (const kind of KINDS) {
        if (!report.includes(`$ ${COMMAND[kind]}\n`)) continue
        expect(report, `${t.netns}: ${COMMAND[kind]}`).toContain(`$ ${COMMAND[kind]}\n${commandText(kind, t)}`)
      }
    }
  })

  it('prints iptables-save -c with the counters', () => {
    const { trace } = builtInScenario('service-without-endpoints')
    const node1 = trace.initial.find((t) => t.netns === 'node1')!
    const text = commandText('iptables', node1)
    expect(text).toMatch(/^\*filter$/m)
    expect(text).toMatch(/^\[0:0\] -A KUBE-SERVICES -d 10\.96\.0\.10\/32 .* -j REJECT --reject-with icmp-port-unreachable$/m)
  })
})

describe('vxlanFdbText', () => {
  it('lists the VXLAN device’s entries without the dev column, as `bridge fdb show dev flannel.1` does', () => {
    const { trace } = builtInScenario('service-without-endpoints')
    const node1 = trace.initial.find((t) => t.netns === 'node1')!
    const peer = node1.fdb.find((f) => f.dev === 'flannel.1' && f.dst)!
    expect(vxlanFdbText(node1, 'flannel.1')).toBe(`${peer.mac} dst ${peer.dst} self permanent\n`)
    expect(commandText('fdb', node1)).toContain(`${peer.mac} dev flannel.1 dst ${peer.dst} self permanent\n`)
  })
})
