/**
 * A node running kube-proxy in userspace mode (pkg/proxy/userspace/proxier.go, ≤ v1.25) and
 * flanneld (≥ v0.20) for one Service `default/web` (port `http` 80, NodePort 30080) with
 * endpoints 10.244.1.3:8080 (node1) and 10.244.2.2:8080 (node2): the iptables-save text, in its
 * canonical form as iptables-save 1.8.9 printed the control plane's output for this shape
 * (src/control-plane/kube-proxy/userspace.test.ts), and kube-proxy's proxy socket for the port.
 *
 * The proxy ports are fixed here (bind(0) would give a random odd port of 32768–46883). The
 * proxy takes the endpoints in the order kube-proxy's shuffle left them: node2's first.
 */
import type { TcpProxyAppSpec } from '../lab/spec'
import { NODE_IP, FLANNEL_FWD_RULES, flannelPostrtgRules } from './labs'

export const USERSPACE_PROXY_PORT = { 1: 36013, 2: 41567 } as const

export function userspaceProxyApp(node: 1 | 2): TcpProxyAppSpec {
  return { kind: 'tcp-proxy', name: 'kube-proxy', netns: `node${node}`, listen: `0.0.0.0:${USERSPACE_PROXY_PORT[node]}`, upstreams: ['10.244.2.2:8080', '10.244.1.3:8080'], policy: 'round-robin' }
}

export function userspaceNodeIptables(node: 1 | 2): string {
  const podCidr = `10.244.${node}.0/24`
  const port = USERSPACE_PROXY_PORT[node]
  const host = NODE_IP[node]
  return `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:FLANNEL-FWD - [0:0]
:KUBE-NODEPORT-NON-LOCAL - [0:0]
-A INPUT -m comment --comment "Ensure that non-local NodePort traffic can flow" -j KUBE-NODEPORT-NON-LOCAL
-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
${FLANNEL_FWD_RULES}
-A KUBE-NODEPORT-NON-LOCAL -p tcp -m comment --comment "default/web:http" -m tcp --dport ${port} -m state --state NEW -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:FLANNEL-POSTRTG - [0:0]
:KUBE-NODEPORT-CONTAINER - [0:0]
:KUBE-NODEPORT-HOST - [0:0]
:KUBE-PORTALS-CONTAINER - [0:0]
:KUBE-PORTALS-HOST - [0:0]
-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER
-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-CONTAINER
-A OUTPUT -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-HOST
-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-HOST
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
${flannelPostrtgRules(podCidr)}
-A KUBE-NODEPORT-CONTAINER -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j REDIRECT --to-ports ${port}
-A KUBE-NODEPORT-HOST -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j DNAT --to-destination ${host}:${port}
-A KUBE-PORTALS-CONTAINER -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http" -m tcp --dport 80 -j REDIRECT --to-ports ${port}
-A KUBE-PORTALS-HOST -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http" -m tcp --dport 80 -j DNAT --to-destination ${host}:${port}
COMMIT
`
}
