import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseScenario, scenarioId } from './parse'
import type { ScenarioDoc } from './schema'

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8')

function ok(source: string, file = 'x.yaml'): ScenarioDoc {
  const { doc, diagnostics } = parseScenario(source, file)
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return doc as ScenarioDoc
}

function errors(source: string): string[] {
  return parseScenario(source, 's.yaml').diagnostics.map(
    (d) => `${d.line}:${d.column} ${d.message}`,
  )
}

const MINIMAL = `resources:
  - { apiVersion: v1, kind: Pod, metadata: { name: a }, spec: { nodeName: node1, containers: [{ name: c }] } }
  - { apiVersion: v1, kind: Pod, metadata: { name: b }, spec: { nodeName: node2, containers: [{ name: c }] } }
journey:
  from: { pod: a }
  to: { pod: b, port: 80 }
`

describe('parseScenario', () => {
  it('fills kubeadm and kube-flannel defaults for a minimal file', () => {
    const doc = ok(MINIMAL, 'scenarios/pod-to-pod.yaml')
    expect(doc.meta).toEqual({ id: 'pod-to-pod', title: { en: 'pod-to-pod' }, goals: [] })
    expect(doc.cluster).toEqual({
      clusterCIDR: '10.244.0.0/16',
      serviceCIDR: '10.96.0.0/12',
      cni: 'flannel-vxlan',
      bridge: 'cni0',
      proxyMode: 'iptables',
      nodeNetwork: { cidr: '192.168.0.0/24' },
      nodes: [
        { name: 'node1', ip: '192.168.0.10', podCIDR: '10.244.0.0/24' },
        { name: 'node2', ip: '192.168.0.11', podCIDR: '10.244.1.0/24' },
      ],
    })
    expect(doc.journey).toEqual({
      from: { pod: 'a', namespace: 'default' },
      to: { pod: 'b', namespace: 'default', port: 80 },
      protocol: 'tcp',
      seed: 1,
    })
  })

  it('reads the pod-to-service fixture: meta in both languages, objects and narration', () => {
    const doc = ok(fixture('pod-to-service.yaml'), 'pod-to-service.yaml')
    expect(doc.meta.title).toEqual({ en: 'Pod to Service', zh: 'Pod 访问 Service' })
    expect(doc.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Pod/client',
      'Deployment/web',
      'Service/web',
    ])
    const svc = doc.objects[2]
    expect(svc?.kind === 'Service' && svc.spec.ports).toEqual([
      { port: 80, targetPort: 'http', protocol: 'TCP' },
    ])
    expect(doc.narration[1]?.on).toEqual({ kind: 'nf.rule', chain: 'KUBE-SVC-*', nth: 'all' })
    expect(doc.journey.seed).toBe(7)
  })

  it('uses docker0 as the bridge of classic flannel', () => {
    expect(
      ok(
        `cluster: { cni: flannel-vxlan-classic, nodes: [n1] }\njourney: { from: { node: n1 }, to: { ip: 10.0.0.1, port: 80 } }\n`,
      ).cluster.bridge,
    ).toBe('docker0')
  })

  it('accepts kubectl get -o yaml output: a List with status and managedFields', () => {
    const doc = ok(`cluster: { nodes: [node1] }
resources:
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: Service
        metadata:
          name: web
          uid: 0b5c2a44-3f4e-4f0e-9d52-8c1b1e2d3f4a
          resourceVersion: "1234"
          creationTimestamp: "2024-05-01T10:00:00Z"
          managedFields: [{ manager: kubectl }]
        spec:
          clusterIP: 10.96.12.7
          clusterIPs: [10.96.12.7]
          ipFamilies: [IPv4]
          ports: [{ port: 80, protocol: TCP, targetPort: 8080 }]
          sessionAffinity: None
          type: ClusterIP
        status: { loadBalancer: {} }
    metadata: { resourceVersion: "" }
journey: { from: { node: node1 }, to: { service: web } }
`)
    expect(doc.objects).toEqual([
      {
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          clusterIP: '10.96.12.7',
          ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
          sessionAffinity: 'None',
          type: 'ClusterIP',
        },
        status: { loadBalancer: {} },
      },
    ])
  })

  it('reads a --- separated manifest stream pasted under resources: |', () => {
    const doc = ok(fixture('bad/manifest-block-error.yaml').replace('port: "80"', 'port: 80'))
    expect(doc.objects.map((o) => o.kind)).toEqual(['Pod', 'Service'])
  })

  it('warns about, and drops, real kinds that do not affect the datapath', () => {
    const { doc, diagnostics } = parseScenario(
      `cluster: { nodes: [n1] }\nresources:\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: x } }\njourney: { from: { node: n1 }, to: { ip: 10.0.0.1, port: 80 } }\n`,
      's.yaml',
    )
    expect(doc?.objects).toEqual([])
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', line: 3, column: 29 }),
    ])
  })

  it('rejects an unknown Kubernetes field with the closest real one', () => {
    expect(
      errors(
        `cluster: { nodes: [n1] }\nresources:\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: web }\n    spec: { ports: [{ port: 80, targetport: 80 }] }\njourney: { from: { node: n1 }, to: { service: web } }\n`,
      ),
    ).toEqual(["6:33 unknown key 'targetport' in a Service port"])
  })

  it('rejects a nodePort on a ClusterIP Service as the API server does', () => {
    expect(
      errors(
        `cluster: { nodes: [n1] }\nresources:\n  - { apiVersion: v1, kind: Service, metadata: { name: w }, spec: { ports: [{ port: 80, nodePort: 30080 }] } }\njourney: { from: { node: n1 }, to: { service: w } }\n`,
      ),
    ).toEqual(["3:99 nodePort may not be used when type is 'ClusterIP'"])
  })

  it('rejects a nodePort outside 30000-32767', () => {
    expect(
      errors(
        `cluster: { nodes: [n1] }\nresources:\n  - { apiVersion: v1, kind: Service, metadata: { name: w }, spec: { type: NodePort, ports: [{ port: 80, nodePort: 8080 }] } }\njourney: { from: { node: n1 }, to: { node: n1, nodePort: 8080 } }\n`,
      )[0],
    ).toBe('3:115 nodePort 8080 is outside the node port range 30000-32767')
  })

  it('requires names on the ports of a multi-port Service', () => {
    expect(
      errors(
        `cluster: { nodes: [n1] }\nresources:\n  - { apiVersion: v1, kind: Service, metadata: { name: w }, spec: { ports: [{ port: 80 }, { name: b, port: 81 }] } }\njourney: { from: { node: n1 }, to: { service: w } }\n`,
      ),
    ).toEqual(['3:77 a Service with more than one port must name each port'])
  })

  it('rejects a clusterIP outside the service CIDR', () => {
    expect(
      errors(
        `cluster: { nodes: [n1] }\nresources:\n  - { apiVersion: v1, kind: Service, metadata: { name: w }, spec: { clusterIP: 10.244.0.9, ports: [{ port: 80 }] } }\njourney: { from: { node: n1 }, to: { service: w } }\n`,
      ),
    ).toEqual(['3:80 clusterIP 10.244.0.9 is not in the service CIDR 10.96.0.0/12'])
  })

  it('rejects a Deployment whose selector does not match its template', () => {
    expect(
      errors(
        `cluster: { nodes: [n1] }\nresources:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: { name: web }\n    spec:\n      selector: { matchLabels: { app: web } }\n      template: { metadata: { labels: { app: www } }, spec: { containers: [{ name: c }] } }\njourney: { from: { node: n1 }, to: { pod: web, port: 80 } }\n`,
      ),
    ).toEqual(['7:39 selector app=web does not match the template labels'])
  })

  it('rejects a Pod on a node the cluster does not have', () => {
    expect(
      errors(
        `cluster: { nodes: [node1] }\nresources:\n  - { apiVersion: v1, kind: Pod, metadata: { name: a }, spec: { nodeName: node3, containers: [{ name: c }] } }\njourney: { from: { pod: a }, to: { ip: 10.0.0.1, port: 80 } }\n`,
      ),
    ).toEqual(["3:75 node 'node3' is not in the cluster"])
  })

  it('rejects overlapping node pod CIDRs and a node outside the node network', () => {
    expect(
      errors(
        `cluster:\n  nodes:\n    - { name: a, podCIDR: 10.244.1.0/24 }\n    - { name: b, ip: 10.0.0.2, podCIDR: 10.244.1.0/25 }\njourney: { from: { node: a }, to: { node: b, nodePort: 30000 } }\n`,
      ).slice(0, 2),
    ).toEqual([
      '4:22 node b address 10.0.0.2 is not on the node network 192.168.0.0/24',
      "4:41 node b podCIDR 10.244.1.0/25 overlaps node a's 10.244.1.0/24",
    ])
  })

  it('parses a URL journey into scheme, host, port and path', () => {
    const doc = ok(
      `cluster: { nodes: [n1], clients: [{ name: laptop, ip: 203.0.113.7 }] }\njourney: { from: { client: laptop }, to: { url: "https://website1.example.com/shop" } }\n`,
    )
    expect(doc.journey.to).toEqual({
      url: 'https://website1.example.com/shop',
      scheme: 'https',
      host: 'website1.example.com',
      port: 443,
      path: '/shop',
    })
  })

  it('names the Service port a journey asks for when the Service lacks it', () => {
    expect(
      errors(
        `cluster: { nodes: [n1] }\nresources:\n  - { apiVersion: v1, kind: Service, metadata: { name: w }, spec: { ports: [{ name: http, port: 80 }] } }\njourney: { from: { node: n1 }, to: { service: w, port: https } }\n`,
      ),
    ).toEqual(["4:56 Service 'w' has no port named 'https'"])
  })

  it('derives the scenario id from the file name', () => {
    expect(scenarioId('scenarios/pod-to-service.yaml')).toBe('pod-to-service')
    expect(scenarioId('C:\\x\\nodeport.yml')).toBe('nodeport')
  })
})
