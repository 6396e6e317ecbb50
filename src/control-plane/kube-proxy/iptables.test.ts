import { describe, expect, it } from 'vitest'
import { formatIptablesSave, parseIptablesSave } from '../../engine/net/netfilter/iptables'
import { serviceNodeIptables } from '../../engine/testing/service-rules'
import { composeNodeIptables } from '../compose-iptables'
import { flannelIptables } from '../flannel-vxlan'
import type { ClusterSpec, K8sObject, Pod, Service } from '../types'
import { kubeProxyIptables } from './iptables'
import { resolveServicePorts } from './service-ports'

const cluster: ClusterSpec = {
  clusterCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
  cni: 'flannel-vxlan',
  bridge: 'cni0',
  proxyMode: 'iptables',
  nodeNetwork: { cidr: '192.168.0.0/24' },
  nodes: [
    { name: 'node1', ip: '192.168.0.2', podCIDR: '10.244.1.0/24' },
    { name: 'node2', ip: '192.168.0.3', podCIDR: '10.244.2.0/24' },
  ],
}

const pod = (name: string, node: string, ip: string, labels: Record<string, string>): Pod => ({
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { nodeName: node, containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080 }] }] },
  status: { podIP: ip },
})

const web: Service = {
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'NodePort', clusterIP: '10.96.0.10', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] },
}

const objects: K8sObject[] = [pod('pod-a', 'node1', '10.244.1.2', { app: 'client' }), pod('pod-b', 'node1', '10.244.1.3', { app: 'web' }), pod('pod-c', 'node2', '10.244.2.2', { app: 'web' }), web]
const canonical = (text: string) => {
  const { ruleset, diagnostics } = parseIptablesSave(text)
  expect(diagnostics).toEqual([])
  return formatIptablesSave(ruleset)
}

describe('kubeProxyIptables', () => {
  it('resolves the Service’s endpoints from its selector, by container port name, sorted', () => {
    const { ports, diagnostics } = resolveServicePorts(objects)
    expect(diagnostics).toEqual([])
    expect(ports).toHaveLength(1)
    expect(ports[0]!.servicePortName).toBe('default/web:http')
    expect(ports[0]!.endpoints.map((e) => `${e.ip}:${e.port}@${e.nodeName}`)).toEqual(['10.244.1.3:8080@node1', '10.244.2.2:8080@node2'])
  })

  it.each([1, 2] as const)('programs node%i exactly as the kernel-verified lab’s rules, with flanneld’s', (n) => {
    const { ports } = resolveServicePorts(objects)
    const node = cluster.nodes[n - 1]!
    const text = composeNodeIptables([kubeProxyIptables(cluster, ports, node), flannelIptables(cluster, node)])
    expect(canonical(text)).toBe(canonical(serviceNodeIptables(n)))
  })

  it('REJECTs in filter for a Service without endpoints, and writes no nat chains for it', () => {
    const lonely: Service = { ...web, metadata: { name: 'lonely', namespace: 'default' }, spec: { ...web.spec, clusterIP: '10.96.0.11', selector: { app: 'nothing' } } }
    const { ports, diagnostics } = resolveServicePorts([lonely])
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', path: 'Service default/lonely spec.selector' })
    const text = canonical(composeNodeIptables([kubeProxyIptables(cluster, ports, cluster.nodes[0]!)]))
    expect(text).toContain('-A KUBE-SERVICES -d 10.96.0.11/32 -p tcp -m comment --comment "default/lonely:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable')
    expect(text).toContain('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/lonely:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable')
    expect(text).not.toMatch(/KUBE-SVC-/)
  })

  it('reproduces the real kind v1.31 lines for default/nginx (reference §1.7, REAL-131)', () => {
    const nginx: Service = {
      kind: 'Service',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { type: 'LoadBalancer', clusterIP: '10.96.175.117', ports: [{ port: 8080, targetPort: 80, nodePort: 30606 }] },
      status: { loadBalancer: { ingress: [{ ip: '172.18.255.201' }] } },
    }
    const slice: K8sObject = {
      kind: 'EndpointSlice',
      metadata: { name: 'nginx-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'nginx' } },
      addressType: 'IPv4',
      endpoints: ['10.244.0.20', '10.244.0.21', '10.244.0.22'].map((ip) => ({ addresses: [ip], conditions: { ready: true }, nodeName: 'node1' })),
      ports: [{ port: 80, protocol: 'TCP' }],
    }
    const kind = { ...cluster, clusterCIDR: '10.244.0.0/16' }
    const { ports } = resolveServicePorts([nginx, slice])
    const text = canonical(composeNodeIptables([kubeProxyIptables(kind, ports, { name: 'node1' })]))
    for (const line of [
      '-A KUBE-SERVICES -d 10.96.175.117/32 -p tcp -m comment --comment "default/nginx cluster IP" -m tcp --dport 8080 -j KUBE-SVC-2CMXP7HKUVJN7L6M',
      '-A KUBE-SVC-2CMXP7HKUVJN7L6M ! -s 10.244.0.0/16 -d 10.96.175.117/32 -p tcp -m comment --comment "default/nginx cluster IP" -m tcp --dport 8080 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 10.244.0.20:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-BRZDTZFF2SFWJV4H',
      '-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 10.244.0.21:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-OI2S57TQ5WH5FOMC',
      '-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 10.244.0.22:80" -j KUBE-SEP-473MVOWGJMIYYUKK',
      '-A KUBE-EXT-2CMXP7HKUVJN7L6M -m comment --comment "masquerade traffic for default/nginx external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-2CMXP7HKUVJN7L6M -j KUBE-SVC-2CMXP7HKUVJN7L6M',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/nginx" -m tcp --dport 30606 -j KUBE-EXT-2CMXP7HKUVJN7L6M',
      // REAL-131 shows this rule with --dport 80 next to a cluster IP on 8080: the excerpt mixes two
      // states of the Service. kube-proxy matches the Service port on every front (proxier.go), so:
      '-A KUBE-SERVICES -d 172.18.255.201/32 -p tcp -m comment --comment "default/nginx loadbalancer IP" -m tcp --dport 8080 -j KUBE-EXT-2CMXP7HKUVJN7L6M',
    ])
      expect(text.split('\n')).toContain(line)
  })

  it('writes externalTrafficPolicy Local for a LoadBalancer as §1.3 says: KUBE-SVL on the node with the endpoint, DROP and the health check port elsewhere', () => {
    const lb: Service = {
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31234, clusterIP: '10.96.0.10', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] },
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    }
    const { ports } = resolveServicePorts([pod('pod-c', 'node2', '10.244.2.2', { app: 'web' }), lb])
    const [node1, node2] = cluster.nodes.map((n) => canonical(composeNodeIptables([kubeProxyIptables(cluster, ports, n)])).split('\n'))
    // CDGGSHYLG3RE2FKL = base32(sha256("default/web:http" + "tcp"))[:16], computed independently in Python.
    const hc = '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http health check node port" -m tcp --dport 31234 -j ACCEPT'
    // Accepted on every node: the health server answers 200 where there is a local endpoint, 503 elsewhere.
    expect(node1).toContain(hc)
    expect(node2).toContain(hc)
    expect(node1).toContain('-A KUBE-EXTERNAL-SERVICES -d 1.2.3.4/32 -p tcp -m comment --comment "default/web:http has no local endpoints" -m tcp --dport 80 -j DROP')
    expect(node1).toContain('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP')
    expect(node2!.filter((l) => l.startsWith('-A KUBE-EXT-'))).toEqual([
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -s 10.244.0.0/16 -m comment --comment "pod traffic for default/web:http external destinations" -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "route LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVL-CDGGSHYLG3RE2FKL',
    ])
  })

  describe('internalTrafficPolicy Local', () => {
    // Facts: proxier.go writes KUBE-SEP chains for allLocallyReachableEndpoints, which
    // CategorizeEndpoints (pkg/proxy/topology.go) makes the local set when only Local policy is in
    // use; kube-proxy's TestInternalTrafficPolicy ("internalTrafficPolicy is local and there is
    // one local endpoint") sends pod → ClusterIP to the local endpoint only.
    const itp = (type: 'ClusterIP' | 'NodePort'): Service => ({ ...web, spec: { ...web.spec, type, internalTrafficPolicy: 'Local', ...(type === 'ClusterIP' ? { ports: [{ name: 'http', port: 80, targetPort: 'http' }] } : {}) } })
    const rules = (svc: Service, node: 0 | 1) => {
      const { ports } = resolveServicePorts([...objects.slice(0, 3), svc])
      return canonical(composeNodeIptables([kubeProxyIptables(cluster, ports, cluster.nodes[node]!)])).split('\n')
    }
    const sepDnats = (lines: string[]) => lines.filter((l) => l.includes('-j DNAT')).map((l) => l.replace(/.*--to-destination /, ''))

    it('writes KUBE-SEP chains only for this node’s endpoints on a ClusterIP Service', () => {
      const node1 = rules(itp('ClusterIP'), 0)
      expect(sepDnats(node1)).toEqual(['10.244.1.3:8080'])
      expect(node1.filter((l) => /^:KUBE-(SVC|SVL)-/.test(l))).toEqual([':KUBE-SVL-CDGGSHYLG3RE2FKL - [0:0]'])
      expect(sepDnats(rules(itp('ClusterIP'), 1))).toEqual(['10.244.2.2:8080'])
    })

    it('keeps every endpoint’s KUBE-SEP chain when a node port still uses the Cluster set', () => {
      const node1 = rules(itp('NodePort'), 0)
      expect(sepDnats(node1)).toEqual(['10.244.1.3:8080', '10.244.2.2:8080'])
      expect(node1).toContain('-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVL-CDGGSHYLG3RE2FKL')
      expect(node1).toContain('-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL')
    })
  })

  describe('kube-proxy options', () => {
    // kube-proxy's TestOnlyLocalNodePorts and TestOnlyLocalNodePortsNoClusterCIDR (KPT-MID):
    // nodePortAddresses [192.168.0.0/24] gives `-d 192.168.0.2 -j KUBE-NODEPORTS`; with the NoOp
    // detector KUBE-SVC has no `! -s` rule and KUBE-EXT no "pod traffic" rule.
    const local: Service = { ...web, spec: { ...web.spec, externalTrafficPolicy: 'Local' } }
    const rules = (c: ClusterSpec, svc: Service = web) => {
      const { ports } = resolveServicePorts([...objects.slice(0, 3), svc])
      const node = { ...c.nodes[0]!, addrs: ['127.0.0.1', '192.168.0.2', '10.244.1.1', '10.244.1.0'] }
      return canonical(composeNodeIptables([kubeProxyIptables(c, ports, node)])).split('\n')
    }
    const tail = (lines: string[]) => lines.filter((l) => l.includes('NOTE: this must be the last rule'))

    it('jumps to KUBE-NODEPORTS only for node addresses inside nodePortAddresses', () => {
      expect(tail(rules({ ...cluster, nodePortAddresses: ['192.168.0.0/24'] }))).toEqual([
        '-A KUBE-SERVICES -d 192.168.0.2/32 -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -j KUBE-NODEPORTS',
      ])
      expect(tail(rules({ ...cluster, nodePortAddresses: ['127.0.0.0/8', '10.244.0.0/16'] })).map((l) => l.split(' ')[3])).toEqual(['10.244.1.0/32', '10.244.1.1/32', '127.0.0.1/32'])
      expect(tail(rules({ ...cluster, nodePortAddresses: ['0.0.0.0/0'] }))[0]).toContain('-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')
    })

    it('keeps localhost off the node ports with localhostNodePorts false, or without loopback in nodePortAddresses', () => {
      expect(tail(rules({ ...cluster, localhostNodePorts: false }))).toEqual([
        '-A KUBE-SERVICES ! -d 127.0.0.0/8 -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      ])
      expect(tail(rules({ ...cluster, localhostNodePorts: false, nodePortAddresses: ['127.0.0.0/8', '192.168.0.0/24'] })).map((l) => l.split(' ')[3])).toEqual(['192.168.0.2/32'])
    })

    it('masquerades every cluster IP packet with masqueradeAll', () => {
      expect(rules({ ...cluster, masqueradeAll: true }).filter((l) => l.includes('KUBE-MARK-MASQ') && l.includes('cluster IP'))).toEqual([
        '-A KUBE-SVC-CDGGSHYLG3RE2FKL -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      ])
    })

    it('writes no local-traffic rules without a cluster CIDR (detect-local off)', () => {
      const lines = rules({ ...cluster, kubeProxyClusterCIDR: '' }, local)
      expect(lines.filter((l) => l.includes('cluster IP') && l.includes('KUBE-MARK-MASQ'))).toEqual([])
      expect(lines.filter((l) => l.startsWith('-A KUBE-EXT-')).map((l) => l.replace(/.*--comment "([^"]*)".*/, '$1').replace(/^-A \S+ /, ''))).toEqual([
        'masquerade LOCAL traffic for default/web:http external destinations',
        'route LOCAL traffic for default/web:http external destinations',
        '-j KUBE-SVL-CDGGSHYLG3RE2FKL',
      ])
    })
  })
})
