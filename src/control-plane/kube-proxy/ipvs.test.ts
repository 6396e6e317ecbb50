/**
 * kube-proxy's IPVS mode as the control plane builds it. The golden text
 * (__golden__/pod-to-service-ipvs.node1.txt) is node1 of the built-in scenario
 * pod-to-service-ipvs, reviewed line by line against pkg/proxy/ipvs/proxier.go (syncProxyRules,
 * writeIptablesRules, createAndLinkKubeChain, syncService / syncEndpoint) and ipset.go. Its
 * iptables-save and `ipset list` parts were also checked by loading the same rules and sets into a
 * Linux 6.18 network namespace (iptables 1.8.9, ipset 7.17): the engine prints what they print.
 * That kernel has no ip_vs and no dummy links, so `ipvsadm` and kube-ipvs0 follow the sources only.
 */
import { describe, expect, it } from 'vitest'
import { createPrng } from '../../engine/sim/prng'
import { runLab } from '../../engine'
import { formatIpAddr, formatIpRoute, formatIpvsadm, formatIpsetList } from '../../engine/format'
import { formatIptablesRows } from '../../engine/format/iptables-save'
import { parseIptablesSave, rulesetToRows } from '../../engine/net/netfilter/iptables'
import { ipvsNodeIptables, ipvsNodeIpsets } from '../../engine/testing/ipvs-rules'
import { buildLab } from '../build-lab'
import { resolveServicePorts } from './service-ports'
import { kubeProxyIpvs } from './ipvs'
import type { ClusterSpec, K8sObject, Pod, ScenarioJourney, Service } from '../types'

const cluster: ClusterSpec = {
  clusterCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
  cni: 'flannel-vxlan',
  bridge: 'cni0',
  proxyMode: 'ipvs',
  nodeNetwork: { cidr: '192.168.0.0/24' },
  nodes: [
    { name: 'node1', ip: '192.168.0.2', podCIDR: '10.244.1.0/24' },
    { name: 'node2', ip: '192.168.0.3', podCIDR: '10.244.2.0/24' },
  ],
}
const pod = (name: string, node: string, app: string, ports = [{ name: 'http', containerPort: 8080 }]): Pod => ({
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app } },
  spec: { nodeName: node, containers: [{ name: 'c', ports }] },
})
const web = (spec: Partial<Service['spec']> = {}): Service => ({
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { clusterIP: '10.96.0.10', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], ...spec },
})
const objects = (svc = web()): K8sObject[] => [pod('client', 'node1', 'client', []), pod('web-1', 'node1', 'web'), pod('web-2', 'node2', 'web'), svc]
const journey: ScenarioJourney = { from: { pod: 'client', namespace: 'default' }, to: { service: 'web', namespace: 'default', port: 80 }, protocol: 'tcp', seed: 1 }

function node1(svc?: Service) {
  const { spec, diagnostics } = buildLab(cluster, objects(svc), journey, { seed: 1 })
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return { spec: spec!, ns: spec!.netns.find((n) => n.name === 'node1')! }
}

describe('kube-proxy IPVS mode', () => {
  it('programs node1 as the reviewed golden text shows', async () => {
    const { spec } = node1()
    const t = runLab(spec).trace!.initial.find((x) => x.netns === 'node1')!
    const text = [
      `$ ip addr show kube-ipvs0\n${formatIpAddr(t.links.filter((l) => l.name === 'kube-ipvs0'))}`,
      `$ ip route show table local\n${formatIpRoute(t.routes, { table: 'local', links: t.links })}`,
      `$ ipvsadm -Ln\n${formatIpvsadm(t.ipvs!, t.ipvsConns)}`,
      `$ ipset list\n${formatIpsetList(t.ipsets!)}`,
      `$ iptables-save\n${formatIptablesRows(t.iptables)}`,
    ].join('\n')
    await expect(text).toMatchFileSnapshot('__golden__/pod-to-service-ipvs.node1.txt')
  })

  it('writes the same rules and sets as the hand-written lab the engine goldens use', () => {
    for (const n of [1, 2] as const) {
      const ns = buildLab(cluster, objects(), journey, { seed: 1 }).spec!.netns.find((x) => x.name === `node${n}`)!
      const canonical = (text: string) => formatIptablesRows(rulesetToRows(parseIptablesSave(text).ruleset!))
      expect(canonical(ns.iptables!)).toBe(canonical(ipvsNodeIptables(n)))
      expect(ns.ipsets!.map((s) => [s.name, s.type, s.members])).toEqual(ipvsNodeIpsets(n).map((s) => [s.name, s.type, s.members]))
    }
  })

  it('binds every ClusterIP to kube-ipvs0, down, as a /32, and lets the kernel derive its local route', () => {
    const { ns } = node1()
    expect(ns.links[1]).toMatchObject({ name: 'kube-ipvs0', type: 'dummy', up: false, addrs: ['10.96.0.10/32'] })
    expect(ns.info!.at(-1)!.text).toContain('net.ipv4.vs.conntrack = 1\n')
    const routes = runLab(node1().spec).trace!.initial.find((x) => x.netns === 'node1')!.routes
    expect(routes).toContainEqual({ table: 'local', type: 'local', dst: '10.96.0.10', dev: 'kube-ipvs0', scope: 'host', src: '10.96.0.10', proto: 'kernel' })
  })

  it('gives a NodePort a virtual server on every node address and a KUBE-NODE-PORT-TCP member', () => {
    const { ns } = node1(web({ type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] }))
    expect(ns.ipvs!.services.map((s) => `${s.addr}:${s.port}`)).toEqual(['10.96.0.10:80', '10.244.1.0:30080', '10.244.1.1:30080', '192.168.0.2:30080'])
    expect(ns.ipsets!.find((s) => s.name === 'KUBE-NODE-PORT-TCP')!.members).toEqual(['30080'])
    expect(ns.iptables).toContain('-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ')
    // The node addresses are the node's own, so they are not bound to kube-ipvs0.
    expect(ns.links[1]!.addrs).toEqual(['10.96.0.10/32'])
  })

  it('with externalTrafficPolicy Local keeps only local endpoints on the external virtual servers', () => {
    const { ns } = node1(web({ type: 'NodePort', externalTrafficPolicy: 'Local', externalIPs: ['192.168.0.200'], ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] }))
    const reals = (addr: string, port: number) => ns.ipvs!.services.find((s) => s.addr === addr && s.port === port)!.reals.map((r) => r.addr)
    expect(reals('10.96.0.10', 80).sort()).toEqual(['10.244.1.3', '10.244.2.2'])
    expect(reals('192.168.0.2', 30080)).toEqual(['10.244.1.3'])
    expect(reals('192.168.0.200', 80)).toEqual(['10.244.1.3'])
    expect(ns.ipsets!.find((s) => s.name === 'KUBE-NODE-PORT-LOCAL-TCP')!.members).toEqual(['30080'])
    expect(ns.ipsets!.find((s) => s.name === 'KUBE-EXTERNAL-IP-LOCAL')!.members).toEqual(['192.168.0.200,tcp:80'])
    expect(ns.links[1]!.addrs).toEqual(['10.96.0.10/32', '192.168.0.200/32'])
  })

  it('leaves a Service without endpoints a virtual server with no real servers', () => {
    const objs: K8sObject[] = [pod('client', 'node1', 'client', []), web()]
    const { ports } = resolveServicePorts(objs)
    const plan = kubeProxyIpvs(cluster, ports, { name: 'node1' }, ['192.168.0.2'], createPrng(1))
    expect(plan.ipvs.services).toEqual([{ protocol: 'tcp', addr: '10.96.0.10', port: 80, scheduler: 'rr', reals: [] }])
  })

  it('marks ClusterIP traffic for masquerade from anywhere with --masquerade-all', () => {
    const { ports } = resolveServicePorts(objects())
    const plan = kubeProxyIpvs({ ...cluster, masqueradeAll: true }, ports, { name: 'node1' }, ['192.168.0.2'], createPrng(1))
    expect(plan.iptables.tables.nat!.rules).toContain('-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ')
  })
})
