/**
 * The journeys issue #2 asks the engine to get right before any control plane exists, as
 * hand-written labs. The same labs feed the golden tests and the kernel oracle.
 */
import type { LabSpec } from '../lab/spec'
import { runLab } from '../sim/simulate'
import { internetLab, twoNodeLab } from './labs'
import { serviceNodeIptables } from './service-rules'
import { userspaceNodeIptables, userspaceProxyApp } from './userspace-rules'

const GET = 'GET / HTTP/1.1\r\nHost: web\r\n\r\n'
const services = { 1: serviceNodeIptables(1), 2: serviceNodeIptables(2) }

/**
 * The first seed whose kube-proxy endpoint pick (the statistic match) DNATs to `endpoint`.
 * Choosing the endpoint by seed keeps the lab honest: the pick is the engine's own random draw.
 */
export function seedPicking(lab: (seed: number) => LabSpec, endpoint: string): LabSpec {
  for (let seed = 1; seed <= 64; seed++) {
    const spec = lab(seed)
    const hops = runLab(spec).trace?.hops ?? []
    if (hops.some((h) => h.kind === 'nat.dnat' && h.after.dst === endpoint)) return spec
  }
  throw new Error(`no seed in 1..64 picks endpoint ${endpoint}`)
}

export const ENGINE_LABS: Record<string, LabSpec> = {
  'same-node-cold-arp': twoNodeLab({ name: 'same-node-cold-arp', pods: ['pod-a', 'pod-b'], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.244.1.3', dport: 8080, sport: 41000, request: GET } }),
  'cross-node-vxlan': twoNodeLab({ name: 'cross-node-vxlan', pods: ['pod-a', 'pod-c'], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.244.2.2', dport: 8080, sport: 41000, request: GET } }),
  // The endpoint on node2: KUBE-SVC's statistic rule misses and the last rule picks it.
  'clusterip-endpoint-other-node': seedPicking((seed) => twoNodeLab({ name: 'clusterip-endpoint-other-node', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: services, seed, journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: GET } }), '10.244.2.2'),
  // The endpoint on the client's own node, reached by bridged DNAT.
  'clusterip-endpoint-same-node': seedPicking((seed) => twoNodeLab({ name: 'clusterip-endpoint-same-node', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: services, seed, journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: GET } }), '10.244.1.3'),
  'pod-to-internet-masquerade': internetLab('pod-to-internet-masquerade'),
  // kube-proxy userspace mode (seed 002): REDIRECT to kube-proxy on node1, which opens its own
  // connection to the endpoint on node2 and copies the answer back.
  'clusterip-userspace-proxy': twoNodeLab({ name: 'clusterip-userspace-proxy', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: { 1: userspaceNodeIptables(1), 2: userspaceNodeIptables(2) }, apps: [...['pod-b', 'pod-c'].map((p, i) => ({ kind: 'tcp-server' as const, netns: `node${i + 1}/${p}`, listen: '0.0.0.0:8080', response: `HTTP/1.1 200 OK\r\n\r\nserved by ${p}`, name: 'http-server' })), userspaceProxyApp(1), userspaceProxyApp(2)], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: GET } }),
  'nodeport-endpoint-other-node': seedPicking((seed) => twoNodeLab({ name: 'nodeport-endpoint-other-node', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: services, client: true, seed, journey: { from: 'client', protocol: 'tcp', dst: '192.168.0.2', dport: 30080, sport: 41000, request: GET } }), '10.244.2.2'),
}
