/**
 * The journeys the kernel oracle checks (issue #6): the engine's golden labs plus the variants
 * the issue lists. Each is a LabSpec the engine runs and the oracle builds in namespaces.
 */
import type { LabSpec } from '../engine/lab/spec'
import { ENGINE_LABS, seedPicking } from '../engine/testing/engine-labs'
import { twoNodeLab } from '../engine/testing/labs'
import { serviceNodeIptables } from '../engine/testing/service-rules'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadScenarioSource } from '../scenario'

/** A Kubernetes-manifest scenario, built by the control plane: checks what it generates. */
function built(file: string, edit: (text: string) => string = (t) => t): LabSpec {
  const path = join(import.meta.dirname, '..', file)
  const { spec, diagnostics } = loadScenarioSource(edit(readFileSync(path, 'utf8')), file.split('/').pop()!)
  if (!spec) throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`)
  return spec
}

const GET = 'GET / HTTP/1.1\r\nHost: web\r\n\r\n'

/** loadbalancer.yaml with loadBalancerSourceRanges and a pod on node1 connecting to the LB IP. */
const sourceRanges = (ranges: string, from: 'pod' | 'internet' = 'pod') => (text: string) => {
  const t = text
    .replace(/\nnarration:[\s\S]*$/, '\n')
    .replace('resources:\n', 'resources:\n  - apiVersion: v1\n    kind: Pod\n    metadata: { name: client, labels: { app: client } }\n    spec: { nodeName: node1, containers: [{ name: curl, image: curlimages/curl }] }\n')
    .replace('      type: LoadBalancer\n', `      type: LoadBalancer\n      loadBalancerSourceRanges: [${ranges}]\n`)
  return from === 'pod' ? t.replace('  from: { client: client }', '  from: { pod: client }') : t
}
const services = { 1: serviceNodeIptables(1), 2: serviceNodeIptables(2) }

const udpEcho = [{ kind: 'udp-server' as const, netns: 'node1/pod-b', listen: '0.0.0.0:9000', response: 'pong', name: 'udp-echo' }]

const dns = [{ kind: 'dns-server' as const, netns: 'node1/pod-b', listen: '0.0.0.0:53', records: { 'web.default.svc.cluster.local': '10.96.0.10' }, name: 'dns' }]

export const ORACLE_CASES: Record<string, LabSpec> = {
  ...ENGINE_LABS,
  // Pods, Deployment and Service from manifests → kubelet/CNI, flanneld, kube-proxy (control plane).
  'built-pod-to-service': built('scenario/__fixtures__/pod-to-service.yaml'),
  // Two containers of one pod over lo: the pod's namespace only, loopback's MSS and windows.
  'container-to-container': built('../scenarios/container-to-container.yaml'),
  // Seed 002's NodePort Service (30062 → 8080) from manifests, endpoint on the other node.
  nodeport: built('../scenarios/nodeport.yaml'),
  // Cross-node pods with no overlay: each node's default route to the VPC router, whose routes
  // send every pod CIDR to its node (cloud-vpc).
  'pod-to-pod-cross-node-routed': built('../scenarios/pod-to-pod-cross-node-routed.yaml'),
  // getaddrinfo() through the cluster DNS (glibc's search list and ndots, A and AAAA on one
  // socket), then the Service. One CoreDNS replica: the oracle pins one pick per namespace.
  'dns-then-service': built('../scenarios/dns-then-service.yaml', (text) => text.replace(/replicas: 2(\n\s+selector: \{ matchLabels: \{ k8s-app: kube-dns)/, 'replicas: 1$1')),
  // From the internet through the cloud load balancer (a node without the pod) and back, and
  // the same with externalTrafficPolicy Local (only the pod's node, no masquerade).
  loadbalancer: built('../scenarios/loadbalancer.yaml'),
  'loadbalancer-local': built('../scenarios/loadbalancer-local.yaml'),
  // loadBalancerSourceRanges: a pod outside the range is dropped by KUBE-PROXY-FIREWALL on its
  // node (KUBE-FW let it fall through un-DNATed); one inside goes on through KUBE-EXT to the pod.
  'lb-source-range-drop': built('../scenarios/loadbalancer.yaml', sourceRanges('203.0.113.0/25')),
  'lb-source-range-accept': built('../scenarios/loadbalancer.yaml', sourceRanges('10.244.0.0/16')),
  // The same from the internet: the cloud's firewall in front of the load balancer applies them.
  'lb-source-range-internet-drop': built('../scenarios/loadbalancer.yaml', sourceRanges('203.0.113.0/25', 'internet')),
  'lb-source-range-internet-accept': built('../scenarios/loadbalancer.yaml', sourceRanges('198.51.100.0/24', 'internet')),
  // Out to the internet through the control plane's internet gateway (its NAT after flanneld's).
  'built-pod-to-internet': built('scenario/__fixtures__/pod-to-internet-manifests.yaml'),
  // A Service with no endpoints: filter KUBE-SERVICES REJECTs, the client is refused.
  'service-without-endpoints': built('../scenarios/service-without-endpoints.yaml'),
  // ICMP echo across the VXLAN tunnel, three of them a second apart (ping -c 3).
  'ping-cross-node': twoNodeLab({ name: 'ping-cross-node', pods: ['pod-a', 'pod-c'], journey: { from: 'node1/pod-a', protocol: 'icmp', dst: '10.244.2.2', count: 3 } }),
  // TTL 1: node1 forwards nothing and answers ICMP time exceeded from cni0's address.
  'ping-ttl-expired': twoNodeLab({ name: 'ping-ttl-expired', pods: ['pod-a', 'pod-c'], journey: { from: 'node1/pod-a', protocol: 'icmp', dst: '10.244.2.2', ttl: 1 } }),
  // A UDP request and its answer between two pods on one bridge.
  // A DNS A query and its answer: the UDP lengths are the DNS message's wire size.
  'dns-same-node': twoNodeLab({ name: 'dns-same-node', pods: ['pod-a', 'pod-b'], apps: dns, journey: { from: 'node1/pod-a', protocol: 'udp', dst: '10.244.1.3', dport: 53, sport: 41000, query: 'web.default.svc.cluster.local' } }),
  'udp-same-node': twoNodeLab({ name: 'udp-same-node', pods: ['pod-a', 'pod-b'], apps: udpEcho, journey: { from: 'node1/pod-a', protocol: 'udp', dst: '10.244.1.3', dport: 9000, sport: 41000, request: 'ping' } }),
  'nodeport-endpoint-same-node': seedPicking((seed) => twoNodeLab({ name: 'nodeport-endpoint-same-node', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: services, client: true, seed, journey: { from: 'client', protocol: 'tcp', dst: '192.168.0.2', dport: 30080, sport: 41000, request: GET } }), '10.244.1.3'),
}
