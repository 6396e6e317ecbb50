/**
 * kube-proxy userspace mode's rules. The golden (the engine's iptables fixture pair
 * userspace.restore.txt → userspace.save.txt) was reviewed line by line against
 * pkg/proxy/userspace/proxier.go (v1.25: iptablesInit, openOnePortal, openNodePort,
 * iptablesCommonPortalArgs) and its save text captured from the real iptables-save 1.8.9
 * (nf_tables); iptables.live.test.ts re-checks it against the real tool when run as root.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatIptablesSave, parseIptablesSave } from '../../engine/net/netfilter/iptables'
import { createPrng } from '../../engine/sim/prng'
import { composeNodeIptables } from '../compose-iptables'
import { flannelIptables } from '../flannel-vxlan'
import type { ClusterSpec, K8sObject, Pod, Service } from '../types'
import { resolveServicePorts } from './service-ports'
import { kubeProxyUserspace } from './userspace'

const fixtures = join(import.meta.dirname, '../../engine/net/netfilter/iptables/__fixtures__')
const read = (f: string) => readFileSync(join(fixtures, f), 'utf8')

const cluster: ClusterSpec = {
  clusterCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
  cni: 'flannel-vxlan',
  bridge: 'cni0',
  proxyMode: 'userspace',
  nodeNetwork: { cidr: '192.168.0.0/24' },
  nodes: [
    { name: 'node1', ip: '192.168.0.10', podCIDR: '10.244.0.0/24' },
    { name: 'node2', ip: '192.168.0.11', podCIDR: '10.244.1.0/24' },
  ],
}

const pod = (name: string, node: string, ip: string): Pod => ({
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { name: 'app1' } },
  spec: { nodeName: node, containers: [{ name: 'app1', ports: [{ containerPort: 8080 }] }] },
  status: { podIP: ip },
})

/** Seed 002's Service, plus one with an external IP and a load-balancer IP for the other portals. */
const app1: Service = {
  kind: 'Service',
  metadata: { name: 'app1', namespace: 'default', labels: { name: 'app1' } },
  spec: { type: 'NodePort', clusterIP: '10.96.0.10', selector: { name: 'app1' }, ports: [{ port: 8080, targetPort: 8080, nodePort: 30062 }] },
}
const web: Service = {
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'LoadBalancer', clusterIP: '10.96.0.20', selector: { name: 'app1' }, externalIPs: ['203.0.113.7'], ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 31080 }] },
  status: { loadBalancer: { ingress: [{ ip: '198.51.100.20' }] } },
}
const objects: K8sObject[] = [pod('app1-a', 'node1', '10.244.0.3'), pod('app1-b', 'node2', '10.244.1.2'), app1, web]

function node1Rules() {
  const { ports } = resolveServicePorts(objects)
  const proxy = kubeProxyUserspace(ports, cluster.nodes[0]!, createPrng(2))
  return { proxy, text: composeNodeIptables([proxy.iptables, flannelIptables(cluster, cluster.nodes[0]!)]) }
}

const canonical = (text: string) => {
  const { ruleset, diagnostics } = parseIptablesSave(text)
  expect(diagnostics).toEqual([])
  return formatIptablesSave(ruleset)
}

describe('kubeProxyUserspace', () => {
  it('generates node1’s rules exactly as the reviewed, real-iptables-checked golden', () => {
    const { text } = node1Rules()
    expect(text).toBe(read('userspace.restore.txt'))
    expect(canonical(text)).toBe(read('userspace.save.txt'))
  })

  it('opens a REDIRECT portal for containers and a DNAT to the node IP for the host, per Service port', () => {
    const { proxy, text } = node1Rules()
    const port = Number(proxy.apps.find((a) => a.kind === 'tcp-proxy' && a.upstreams.length && a.listen)!.listen.split(':')[1])
    const lines = canonical(text).split('\n')
    expect(lines).toContain(`-A KUBE-PORTALS-CONTAINER -d 10.96.0.10/32 -p tcp -m comment --comment "default/app1" -m tcp --dport 8080 -j REDIRECT --to-ports ${port}`)
    expect(lines).toContain(`-A KUBE-PORTALS-HOST -d 10.96.0.10/32 -p tcp -m comment --comment "default/app1" -m tcp --dport 8080 -j DNAT --to-destination 192.168.0.10:${port}`)
    expect(lines).toContain(`-A KUBE-NODEPORT-CONTAINER -p tcp -m comment --comment "default/app1" -m tcp --dport 30062 -j REDIRECT --to-ports ${port}`)
    expect(lines).toContain(`-A KUBE-NODEPORT-HOST -p tcp -m comment --comment "default/app1" -m tcp --dport 30062 -j DNAT --to-destination 192.168.0.10:${port}`)
    expect(lines).toContain(`-A KUBE-NODEPORT-NON-LOCAL -p tcp -m comment --comment "default/app1" -m tcp --dport ${port} -m state --state NEW -j ACCEPT`)
  })

  it('listens with one tcp-proxy per Service port on odd ports from bind()’s lower half, upstreams the endpoints', () => {
    const { proxy } = node1Rules()
    expect(proxy.apps).toHaveLength(2)
    for (const app of proxy.apps) {
      if (app.kind !== 'tcp-proxy') throw new Error('expected tcp-proxy')
      expect(app).toMatchObject({ netns: 'node1', name: 'kube-proxy', policy: 'shuffled-round-robin', upstreams: ['10.244.0.3:8080', '10.244.1.2:8080'] })
      const port = Number(app.listen.replace('0.0.0.0:', ''))
      expect(port % 2).toBe(1)
      expect(port).toBeGreaterThanOrEqual(32768)
      expect(port).toBeLessThan(46884)
    }
  })

  it('gives each node its own proxy ports and host IP', () => {
    const { ports } = resolveServicePorts(objects)
    const prng = createPrng(2)
    const [a, b] = cluster.nodes.map((n) => kubeProxyUserspace(ports, n, prng))
    expect(a!.apps.map((x) => x.listen)).not.toEqual(b!.apps.map((x) => x.listen))
    expect(b!.iptables.tables.nat!.rules.join('\n')).toContain('--to-destination 192.168.0.11:')
  })
})
