/**
 * Golden journeys through kube-proxy's IPVS mode, like journeys.golden.test.ts but kept apart
 * from ENGINE_LABS: those labs also run in the kernel oracle, and this machine's kernel has no
 * ip_vs (nor the dummy link type kube-ipvs0 needs), so it cannot replay these. What the oracle
 * could check — the iptables rules and ipsets — was loaded into a real 6.18 kernel instead
 * (testing/ipvs-rules.ts); the IPVS hooks follow net/netfilter/ipvs (datapath/ipvs.ts).
 */
import { describe, expect, it } from 'vitest'
import { runLab } from './sim/simulate'
import { tablesAtStep } from './tables/fold'
import { formatHopLine } from './format/hop-line'
import { formatTablesReport } from './format/tables-report'
import { ipvsTwoNodeLab } from './testing/ipvs-rules'

const GET = 'GET / HTTP/1.1\r\nHost: web\r\n\r\n'

export const IPVS_LABS = {
  // rr starts at the head of the real-server list: 10.244.2.2 on node2.
  'clusterip-ipvs-endpoint-other-node': ipvsTwoNodeLab({ name: 'clusterip-ipvs-endpoint-other-node', pods: ['pod-a', 'pod-b', 'pod-c'], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: GET } }),
}

describe('golden IPVS journeys', () => {
  it.each(Object.entries(IPVS_LABS))('%s matches its reviewed trace and tables', async (id, lab) => {
    const { trace, diagnostics } = runLab(lab)
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const lines = trace!.hops.map(formatHopLine).join('\n')
    await expect(`# ${id} (seed ${trace!.seed}): ${trace!.outcome.kind} — ${trace!.outcome.summary}\n${lines}\n`).toMatchFileSnapshot(`__golden__/${id}.trace.txt`)
    await expect(formatTablesReport(tablesAtStep(trace!.initial, trace!.hops))).toMatchFileSnapshot(`__golden__/${id}.tables.txt`)
  })
})
