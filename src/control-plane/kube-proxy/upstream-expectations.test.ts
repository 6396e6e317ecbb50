/**
 * The rules kube-proxy's own unit tests expect (pkg/proxy/iptables/proxier_test.go, reference
 * kubernetes-networking.md KPT-NEW / KPT-MID), rebuilt from the same Services and endpoints and
 * compared line for line in kube-proxy's restore-input form. Only the per-Service lines are
 * compared: the fixed chains differ by the test fake (no --random-fully, localhostNodePorts off).
 */
import { describe, expect, it } from 'vitest'
import type { ClusterSpec, K8sObject, Service } from '../types'
import { kubeProxyIptables } from './iptables'
import { resolveServicePorts } from './service-ports'

// NewFakeProxier: pod CIDR 10.0.0.0/8 (detect-local ClusterCIDR), node 192.168.0.2 with
// 192.168.1.2 and 192.168.99.11 on eth0, and lo.
const fake: ClusterSpec = {
  clusterCIDR: '10.0.0.0/8',
  serviceCIDR: '172.30.0.0/16',
  cni: 'flannel-vxlan',
  bridge: 'cni0',
  proxyMode: 'iptables',
  nodeNetwork: { cidr: '192.168.0.0/24' },
  nodes: [{ name: 'test-node', ip: '192.168.0.2', podCIDR: '10.0.0.0/24' }],
}
const node = { name: 'test-node', ip: '192.168.0.2', addrs: ['127.0.0.1', '192.168.0.2', '192.168.1.2', '192.168.99.11'] }

const slice = (svc: string, eps: { ip: string; node?: string }[]): K8sObject => ({
  kind: 'EndpointSlice',
  metadata: { name: `${svc}-1`, namespace: svc.replace('svc', 'ns'), labels: { 'kubernetes.io/service-name': svc } },
  addressType: 'IPv4',
  endpoints: eps.map((e) => ({ addresses: [e.ip], ...(e.node ? { nodeName: e.node } : {}) })),
  ports: [{ name: 'p80', port: 80, protocol: 'TCP' }],
})

const PER_SERVICE = /^-A (KUBE-SERVICES|KUBE-NODEPORTS|KUBE-EXTERNAL-SERVICES|KUBE-PROXY-FIREWALL|KUBE-(SVC|SVL|EXT|FW|SEP)-\w+) /
function perService(c: ClusterSpec, objects: K8sObject[]): string[] {
  const { ports } = resolveServicePorts(objects)
  const t = kubeProxyIptables(c, ports, node).tables
  return [...t.filter!.rules, ...t.nat!.rules].filter((l) => PER_SERVICE.test(l)).sort()
}
const expected = (text: string) => text.trim().split('\n').map((l) => l.trim()).sort()

const nodePortLocal: Service = {
  kind: 'Service',
  metadata: { name: 'svc1', namespace: 'ns1' },
  spec: { type: 'NodePort', clusterIP: '172.30.0.41', externalTrafficPolicy: 'Local', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }] },
}
const onlyLocal = [nodePortLocal, slice('svc1', [{ ip: '10.180.0.1' }, { ip: '10.180.2.1', node: 'test-node' }])]

describe('kube-proxy’s own test expectations', () => {
  it('TestOnlyLocalNodePorts: nodePortAddresses 192.168.0.0/24', () => {
    expect(perService({ ...fake, nodePortAddresses: ['192.168.0.0/24'], localhostNodePorts: false }, onlyLocal)).toEqual(
      expected(`
        -A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O
        -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
        -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS
        -A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "pod traffic for ns1/svc1:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-XPGD46QRK7WJZT7O
        -A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
        -A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-XPGD46QRK7WJZT7O
        -A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O
        -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
        -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
        -A KUBE-SEP-ZX7GRIZKSNUQ3LAJ -m comment --comment ns1/svc1:p80 -s 10.180.2.1 -j KUBE-MARK-MASQ
        -A KUBE-SEP-ZX7GRIZKSNUQ3LAJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.2.1:80
        -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
        -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-SXIVWICOYRO3J4NJ
        -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ
        -A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ`),
    )
  })

  it('TestOnlyLocalNodePortsNoClusterCIDR: the NoOp local detector', () => {
    expect(perService({ ...fake, nodePortAddresses: ['192.168.0.0/24'], localhostNodePorts: false, kubeProxyClusterCIDR: '' }, onlyLocal)).toEqual(
      expected(`
        -A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O
        -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
        -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS
        -A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
        -A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-XPGD46QRK7WJZT7O
        -A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O
        -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
        -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
        -A KUBE-SEP-ZX7GRIZKSNUQ3LAJ -m comment --comment ns1/svc1:p80 -s 10.180.2.1 -j KUBE-MARK-MASQ
        -A KUBE-SEP-ZX7GRIZKSNUQ3LAJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.2.1:80
        -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-SXIVWICOYRO3J4NJ
        -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ
        -A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ`),
    )
  })

  it('TestOverallIPTablesRules / TestTracePacket: ns5/svc5 with loadBalancerSourceRanges', () => {
    const svc5: Service = {
      kind: 'Service',
      metadata: { name: 'svc5', namespace: 'ns5' },
      spec: { type: 'LoadBalancer', clusterIP: '172.30.0.45', loadBalancerSourceRanges: ['203.0.113.0/25'], ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3002 }] },
      status: { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } },
    }
    expect(perService(fake, [svc5, slice('svc5', [{ ip: '10.180.0.3' }])])).toEqual(
      expected(`
        -A KUBE-PROXY-FIREWALL -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP
        -A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp --dport 3002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
        -A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C
        -A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C
        -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
        -A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ
        -A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C
        -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
        -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"
        -A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
        -A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
        -A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
        -A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN`),
    )
  })

  describe('TestInternalTrafficPolicyE2E', () => {
    const svc1: Service = { kind: 'Service', metadata: { name: 'svc1', namespace: 'ns1' }, spec: { clusterIP: '172.30.1.1', internalTrafficPolicy: 'Local', ports: [{ port: 80, protocol: 'TCP' }] } }
    const eps = (n0: string) => ({ ...(slice('svc1', [{ ip: '10.0.1.1', node: n0 }, { ip: '10.0.1.2', node: 'host1' }, { ip: '10.0.1.3', node: 'host2' }]) as object), ports: [{ port: 80, protocol: 'TCP' }] }) as K8sObject

    it('internalTrafficPolicy is local and there are local endpoints', () => {
      expect(perService(fake, [svc1, eps('test-node')])).toEqual(
        expected(`
          -A KUBE-SERVICES -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j KUBE-SVL-AQI2S6QIMU7PVVRP
          -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
          -A KUBE-SEP-3JOIVZTXZZRGORX4 -m comment --comment ns1/svc1 -s 10.0.1.1 -j KUBE-MARK-MASQ
          -A KUBE-SEP-3JOIVZTXZZRGORX4 -m comment --comment ns1/svc1 -m tcp -p tcp -j DNAT --to-destination 10.0.1.1:80
          -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
          -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -j KUBE-SEP-3JOIVZTXZZRGORX4`),
      )
    })

    it('internalTrafficPolicy is local and there are no local endpoints', () => {
      expect(perService(fake, [svc1, eps('host0')])).toEqual(
        expected(`
          -A KUBE-SERVICES -m comment --comment "ns1/svc1 has no local endpoints" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j DROP
          -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`),
      )
    })
  })
})
