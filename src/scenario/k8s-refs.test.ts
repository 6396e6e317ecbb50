/** Objects that parse but miss what the cross-checks read: each gives a positioned diagnostic. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../engine/diagnostics'
import { loadScenarioSource } from './index'

const fixture = readFileSync(join(import.meta.dirname, '__fixtures__', 'pod-to-service.yaml'), 'utf8')
const ingress = readFileSync(join(import.meta.dirname, '__fixtures__', 'ingress-for-refs.yaml'), 'utf8')

function lines(source: string): string[] {
  const { diagnostics } = loadScenarioSource(source, 'x.yaml')
  for (const d of diagnostics) expect(d).toMatchObject({ file: 'x.yaml', line: expect.any(Number), column: expect.any(Number) })
  return diagnostics.map((d) => `${formatDiagnostic(d).split('\n')[0]} | ${d.hint}`)
}

const SERVICE_SPEC = '    spec:\n      selector: { app: web }\n      ports:\n        - { port: 80, targetPort: http, protocol: TCP }\n'

describe('checkObjects on incomplete objects', () => {
  it('reports a Service without spec once, at the Service', () => {
    expect(lines(fixture.replace(SERVICE_SPEC, ''))).toEqual([
      "x.yaml:32:5: error: missing required key 'spec' in a Service (at resources[2]) | add `spec:`",
      "x.yaml:37:29: error: Service 'web' has no port 80 (at journey.to.port) | the Service declares no ports; add this one under its spec.ports",
    ])
  })

  it('reports a Service without ports at its spec', () => {
    const src = fixture.replace('      ports:\n        - { port: 80, targetPort: http, protocol: TCP }\n', '')
    expect(lines(src)[0]).toBe("x.yaml:36:7: error: missing required key 'ports' in a Service spec (at resources[2].spec) | add `ports:`")
  })

  it('reports a container name that is not a string', () => {
    expect(lines(fixture.replace('{ name: curl,', '{ name: 5,'))).toEqual([
      'x.yaml:18:28: error: expected a string, got the number 5 (at resources[0].spec.containers[0].name) | quote it: "5"',
    ])
    expect(lines(fixture.replace('{ name: curl,', '{ name: { a: 1 },'))[0]).toMatch(/^x\.yaml:18:28: error: expected a string, got a mapping/)
  })

  it('reports an Ingress backend without a name', () => {
    const src = ingress.replace('backend: { service: { name: website1fe, port: { number: 80 } } }', 'backend: { service: { port: { number: 80 } } }')
    expect(lines(src)).toEqual([
      "x.yaml:110:66: error: missing required key 'name' in a backend service (at resources[6].spec.rules[0].http.paths[0].backend.service) | add `name:`",
    ])
  })

  it('warns about an EndpointSlice without ports instead of failing the build', () => {
    const slice = [
      '  - apiVersion: discovery.k8s.io/v1',
      '    kind: EndpointSlice',
      '    metadata: { name: web-abc, labels: { kubernetes.io/service-name: web } }',
      '    addressType: IPv4',
      '    endpoints: [{ addresses: [10.244.1.5] }]',
      '',
    ].join('\n')
    const { spec, diagnostics } = loadScenarioSource(fixture.replace('resources:\n', `resources:\n${slice}`), 'x.yaml')
    expect(diagnostics.map((d) => [d.severity, d.line, d.column, d.message])).toEqual([
      ['warning', 15, 23, "EndpointSlice 'web-abc' lists no ports, so kube-proxy takes none of its endpoints"],
    ])
    expect(spec).not.toBeNull()
  })
})

describe('checkObjects on what is not modelled', () => {
  it('refuses a Service port with protocol SCTP at the protocol value', () => {
    expect(lines(fixture.replace('protocol: TCP }', 'protocol: SCTP }'))).toEqual([
      'x.yaml:38:51: error: SCTP is not modelled: the simulator has no SCTP transport and no `-m sctp` match, so kube-proxy’s rules for this port cannot run (at resources[2].spec.ports[0].protocol) | use `protocol: TCP` or `protocol: UDP` for this port',
    ])
  })
})

describe('an EndpointSlice without ports', () => {
  const slice = [
    '  - apiVersion: discovery.k8s.io/v1',
    '    kind: EndpointSlice',
    '    metadata: { name: web-abc, labels: { kubernetes.io/service-name: web } }',
    '    addressType: IPv4',
    '    endpoints: [{ addresses: [10.244.1.5], nodeName: node1 }]',
    '',
  ].join('\n')
  it.each(['iptables', 'ipvs', 'userspace'])('builds the lab in %s mode with only a warning', (mode) => {
    const src = fixture.replace('resources:\n', `resources:\n${slice}`).replace('cluster:\n', `cluster:\n  proxyMode: ${mode}\n`)
    const { spec, diagnostics } = loadScenarioSource(src, 'x.yaml')
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning'])
    expect(spec).not.toBeNull()
  })
})

describe('loadBalancerSourceRanges', () => {
  it('reports a range that is not a CIDR at its list item, and ranges on a ClusterIP Service', () => {
    const src = fixture.replace('      selector: { app: web }\n      ports:', '      selector: { app: web }\n      loadBalancerSourceRanges: [203.0.113.0/25, 203.0.113.300/25]\n      ports:')
    expect(lines(src).map((l) => l.replace(/ \|.*/, ''))).toEqual([
      "x.yaml:37:50: error: loadBalancerSourceRanges: '203.0.113.300/25' is not an IPv4 CIDR (address/prefix-length, like 10.244.1.0/24) (at resources[2].spec.loadBalancerSourceRanges[1])",
      'x.yaml:37:33: warning: loadBalancerSourceRanges has no effect on a Service of type ClusterIP (at resources[2].spec.loadBalancerSourceRanges)',
    ])
  })
})

describe('kube-proxy options in cluster', () => {
  const withCluster = (lines: string) => fixture.replace('cluster:\n', `cluster:\n${lines}`)
  it('accepts nodePortAddresses, masqueradeAll and an empty kubeProxyClusterCIDR in iptables mode', () => {
    const { spec, diagnostics } = loadScenarioSource(withCluster('  masqueradeAll: true\n  nodePortAddresses: [192.168.0.0/24]\n  kubeProxyClusterCIDR: ""\n'), 'x.yaml')
    expect(diagnostics).toEqual([])
    expect(spec!.netns.find((n) => n.name === 'node1')!.iptables).toContain('-d 192.168.0.10 -j KUBE-NODEPORTS')
  })

  it('reports a bad CIDR at its item and a setting the mode does not model at its key', () => {
    expect(lines(withCluster('  nodePortAddresses: [192.168.0.0/33]\n  kubeProxyClusterCIDR: none\n')).map((l) => l.replace(/ \|.*/, ''))).toEqual([
      "x.yaml:9:23: error: '192.168.0.0/33' is not an IPv4 CIDR (address/prefix-length, like 10.244.1.0/24) (at cluster.nodePortAddresses[0])",
      "x.yaml:10:25: error: 'none' is not an IPv4 CIDR (address/prefix-length, like 10.244.1.0/24) (at cluster.kubeProxyClusterCIDR)",
    ])
    expect(lines(withCluster('  proxyMode: ipvs\n  nodePortAddresses: [192.168.0.0/24]\n  kubeProxyClusterCIDR: ""\n')).map((l) => l.replace(/ \|.*/, ''))).toEqual([
      'x.yaml:10:22: error: nodePortAddresses is not modelled for kube-proxy in ipvs mode (at cluster.nodePortAddresses)',
      'x.yaml:11:25: error: kubeProxyClusterCIDR is not modelled for kube-proxy in ipvs mode (at cluster.kubeProxyClusterCIDR)',
    ])
    expect(lines(withCluster('  proxyMode: ipvs\n  localhostNodePorts: false\n'))[0]).toMatch(/^x\.yaml:10:23: error: localhostNodePorts is not modelled for kube-proxy in ipvs mode/)
    expect(lines(withCluster('  proxyMode: userspace\n  masqueradeAll: true\n'))[0]).toMatch(/^x\.yaml:10:18: error: masqueradeAll is not modelled for kube-proxy in userspace mode/)
  })
})
