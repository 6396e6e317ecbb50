/**
 * The journeys issue #2 asks the engine to get right before any control plane exists, as
 * hand-written labs. The same labs feed the golden tests and the kernel oracle.
 */
import type { LabSpec } from '../lab/spec'
import { twoNodeLab } from './labs'
import { serviceNodeIptables } from './service-rules'

const GET = 'GET / HTTP/1.1\r\nHost: web\r\n\r\n'
const services = { 1: serviceNodeIptables(1), 2: serviceNodeIptables(2) }

export const ENGINE_LABS: Record<string, LabSpec> = {
  'same-node-cold-arp': twoNodeLab({ name: 'same-node-cold-arp', pods: ['pod-a', 'pod-b'], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.244.1.3', dport: 8080, sport: 41000, request: GET } }),
  'cross-node-vxlan': twoNodeLab({ name: 'cross-node-vxlan', pods: ['pod-a', 'pod-c'], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.244.2.2', dport: 8080, sport: 41000, request: GET } }),
  // Seed 1 makes KUBE-SVC's statistic rule miss, so the second endpoint (on node2) is chosen.
  'clusterip-endpoint-other-node': twoNodeLab({ name: 'clusterip-endpoint-other-node', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: services, seed: 1, journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: GET } }),
  // Seed 2 makes it match: the endpoint on the client's own node, reached by bridged DNAT.
  'clusterip-endpoint-same-node': twoNodeLab({ name: 'clusterip-endpoint-same-node', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: services, seed: 2, journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: GET } }),
  'nodeport-endpoint-other-node': twoNodeLab({ name: 'nodeport-endpoint-other-node', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: services, client: true, seed: 1, journey: { from: 'client', protocol: 'tcp', dst: '192.168.0.2', dport: 30080, sport: 41000, request: GET } }),
}
