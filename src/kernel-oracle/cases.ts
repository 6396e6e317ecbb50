/**
 * The journeys the kernel oracle checks (issue #6): the engine's golden labs plus the variants
 * the issue lists. Each is a LabSpec the engine runs and the oracle builds in namespaces.
 */
import type { LabSpec } from '../engine/lab/spec'
import { ENGINE_LABS, seedPicking } from '../engine/testing/engine-labs'
import { twoNodeLab } from '../engine/testing/labs'
import { serviceNodeIptables } from '../engine/testing/service-rules'

const GET = 'GET / HTTP/1.1\r\nHost: web\r\n\r\n'
const services = { 1: serviceNodeIptables(1), 2: serviceNodeIptables(2) }

export const ORACLE_CASES: Record<string, LabSpec> = {
  ...ENGINE_LABS,
  'nodeport-endpoint-same-node': seedPicking((seed) => twoNodeLab({ name: 'nodeport-endpoint-same-node', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: services, client: true, seed, journey: { from: 'client', protocol: 'tcp', dst: '192.168.0.2', dport: 30080, sport: 41000, request: GET } }), '10.244.1.3'),
}
