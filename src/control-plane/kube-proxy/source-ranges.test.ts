/**
 * loadBalancerSourceRanges through the control plane and the engine. Rule text from kube-proxy's
 * TestOverallIPTablesRules / TestTracePacket (ns5/svc5: `-A KUBE-SERVICES … loadbalancer IP …
 * -j KUBE-FW-…`, `-A KUBE-FW-… -s 203.0.113.0/25 -j KUBE-EXT-…`, the target-less "other traffic …
 * will be dropped by KUBE-PROXY-FIREWALL" rule and the filter `-A KUBE-PROXY-FIREWALL … -j DROP`).
 * From a pod, a packet to the LB IP is caught on its own node still addressed to the LB IP,
 * which is the case the firewall chain is for. From the internet the cloud LB DNATs to a
 * NodePort, which proxier.go notes the ranges never apply to; there the provider's firewall in
 * front of the load balancer (outside.ts) applies them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runLab } from '../../engine'
import { loadScenarioSource } from '../../scenario'

const base = readFileSync(join(import.meta.dirname, '../../../scenarios/loadbalancer.yaml'), 'utf8')
const POD = [
  '  - apiVersion: v1',
  '    kind: Pod',
  '    metadata: { name: client, labels: { app: client } }',
  '    spec: { nodeName: node1, containers: [{ name: curl, image: curlimages/curl }] }',
  '',
].join('\n')

function scenario(ranges: string[], from: 'pod' | 'internet' = 'pod') {
  let src = base
    .replace(/\nnarration:[\s\S]*$/, '\n')
    .replace('resources:\n', `resources:\n${POD}`)
    .replace('      type: LoadBalancer\n', `      type: LoadBalancer\n      loadBalancerSourceRanges: [${ranges.join(', ')}]\n`)
  if (from === 'pod') src = src.replace('  from: { client: client }', '  from: { pod: client }')
  const loaded = loadScenarioSource(src, 'lb-ranges.yaml')
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return loaded
}

const FW = 'KUBE-FW-'

describe('loadBalancerSourceRanges', () => {
  it('writes KUBE-FW and the KUBE-PROXY-FIREWALL drop as kube-proxy does', () => {
    const { spec } = scenario(['203.0.113.0/25'])
    const node1 = spec!.netns.find((n) => n.name === 'node1')!.iptables!
    const lines = node1.split('\n')
    const fw = lines.find((l) => l.startsWith(`-A KUBE-SERVICES `) && l.includes('loadbalancer IP'))!
    const hash = /-j KUBE-FW-(\w+)/.exec(fw)![1]
    // base32(sha256("default/kubiatcp"))[:16], recomputed in Python; the loadbalancer golden’s KUBE-SVC hash.
    expect(hash).toBe('XCCRWSFD2BRL7CRI')
    expect(lines).toContain(`-A KUBE-SERVICES -m comment --comment "default/kubia loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j ${FW}${hash}`)
    expect(lines.filter((l) => l.startsWith(`-A ${FW}`))).toEqual([
      `-A ${FW}${hash} -m comment --comment "default/kubia loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-${hash}`,
      `-A ${FW}${hash} -m comment --comment "other traffic to default/kubia will be dropped by KUBE-PROXY-FIREWALL"`,
    ])
    expect(lines).toContain(`-A KUBE-PROXY-FIREWALL -m comment --comment "default/kubia traffic not accepted by ${FW}${hash}" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP`)
  })

  it('lets the LB IP through as a source when a range holds the node’s own address', () => {
    const { spec } = scenario(['10.1.1.0/24'])
    const lines = spec!.netns.find((n) => n.name === 'node1')!.iptables!.split('\n')
    expect(lines.filter((l) => l.startsWith(`-A ${FW}`)).map((l) => l.replace(/.*loadbalancer IP" /, '').replace(/.*will be dropped.*/, 'end'))).toEqual([
      expect.stringMatching(/^-s 10\.1\.1\.0\/24 -j KUBE-EXT-/),
      expect.stringMatching(/^-s 1\.2\.3\.4 -j KUBE-EXT-/),
      'end',
    ])
  })

  it('drops a client outside the ranges at the KUBE-PROXY-FIREWALL rule', () => {
    const trace = runLab(scenario(['203.0.113.0/25']).spec!).trace!
    expect(trace.outcome.kind).toBe('dropped')
    expect(trace.hops.at(-1)).toMatchObject({ kind: 'drop', netns: 'node1' })
    expect(trace.outcome.why).toMatchObject({ drop: { code: 'nf-rule', table: 'filter', rule: expect.stringMatching(/^-A KUBE-PROXY-FIREWALL -d 1\.2\.3\.4\/32 .*traffic not accepted by KUBE-FW-.* -j DROP$/) } })
    expect(trace.hops.some((h) => h.kind === 'nat.dnat')).toBe(false)
  })

  it('lets a client inside the ranges through to the pod', () => {
    const trace = runLab(scenario(['10.244.0.0/16']).spec!).trace!
    expect(trace.outcome.kind).toBe('completed')
    expect(trace.hops.some((h) => h.kind === 'nf.rule' && h.chain.startsWith(FW))).toBe(true)
    expect(trace.hops.some((h) => h.kind === 'app.recv' && h.host === 'node3')).toBe(true)
  })

  describe('through the cloud load balancer', () => {
    // The client on the internet is 198.51.100.7; the load balancer DNATs to a NodePort, so the
    // provider's firewall in front of it is what applies the ranges.
    it('drops an internet client outside the ranges at the load balancer', () => {
      const trace = runLab(scenario(['203.0.113.0/25'], 'internet').spec!).trace!
      expect(trace.outcome.kind).toBe('dropped')
      expect(trace.hops.at(-1)).toMatchObject({ kind: 'drop', netns: 'cloud-lb' })
      expect(trace.outcome.why).toMatchObject({ drop: { table: 'mangle', rule: expect.stringContaining('"default/kubia not in loadBalancerSourceRanges" -j DROP') } })
      expect(trace.hops.some((h) => h.netns.startsWith('node'))).toBe(false)
    })

    it('lets an internet client inside the ranges through to the pod', () => {
      const trace = runLab(scenario(['198.51.100.0/24'], 'internet').spec!).trace!
      expect(trace.outcome.kind).toBe('completed')
      expect(trace.hops.some((h) => h.kind === 'app.recv' && h.host === 'node3')).toBe(true)
    })
  })
})
