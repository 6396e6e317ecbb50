import { describe, expect, it } from 'vitest'
import { runLab } from '../engine'
import { buildLab } from './build-lab'
import type { ClusterSpec, K8sObject, Pod } from './types'
import type { ScenarioJourney } from './types'

const cluster: ClusterSpec = {
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
}
const pod = (name: string, node: string, ip?: string): Pod => ({
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: name } },
  spec: { nodeName: node, containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] },
  ...(ip ? { status: { podIP: ip } } : {}),
})
const journey: ScenarioJourney = { from: { pod: 'a', namespace: 'default' }, to: { pod: 'b', namespace: 'default' }, protocol: 'tcp', seed: 1 }

describe('buildLab', () => {
  it('builds what flanneld and the bridge CNI program, and the journey completes', () => {
    const { spec, diagnostics } = buildLab(cluster, [pod('a', 'node1'), pod('b', 'node2')], journey, { seed: 1 })
    expect(diagnostics).toEqual([])
    const node1 = spec!.netns.find((n) => n.name === 'node1')!
    expect(node1.routes).toContainEqual({ dst: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1', onlink: true })
    expect(node1.neigh![0]).toMatchObject({ ip: '10.244.1.0', dev: 'flannel.1', state: 'PERMANENT' })
    expect(node1.fdb![0]).toMatchObject({ dev: 'flannel.1', dst: '192.168.0.11', self: true })
    expect(node1.links.find((l) => l.name === 'cni0')).toMatchObject({ type: 'bridge', mtu: 1450, addrs: ['10.244.0.1/24'] })
    const veth = node1.links.find((l) => l.type === 'veth')!
    expect(veth.name).toMatch(/^veth[0-9a-f]{8}$/)
    expect(veth).toMatchObject({ master: 'cni0', hairpin: true, peer: { netns: 'node1/a', name: 'eth0', addrs: ['10.244.0.2/24'] } })
    expect(spec!.netns.find((n) => n.name === 'node1/a')!.routes).toEqual([
      { dst: 'default', via: '10.244.0.1', dev: 'eth0' },
      { dst: '10.244.0.0/16', via: '10.244.0.1', dev: 'eth0' },
    ])
    expect(runLab(spec!).trace!.outcome).toMatchObject({ kind: 'completed' })
  })

  it('shows flannel’s subnet.env and the node’s lease as a learner would read them', () => {
    const { spec } = buildLab(cluster, [pod('a', 'node1'), pod('b', 'node2')], journey, { seed: 1 })
    const info = spec!.netns.find((n) => n.name === 'node2')!.info!
    expect(info[0]).toMatchObject({ command: 'cat /run/flannel/subnet.env', text: 'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n' })
    expect(info[1]!.text).toContain('flannel.alpha.coreos.com/public-ip: 192.168.0.11')
    expect(info[1]!.text).toContain('  podCIDR: 10.244.1.0/24')
    // The VtepMAC a node publishes is the one the other nodes put in their neighbour and FDB entries.
    const mac = /"VtepMAC":"([0-9a-f:]+)"/.exec(info[1]!.text)![1]
    expect(spec!.netns.find((n) => n.name === 'node1')!.fdb![0]!.mac).toBe(mac)
  })

  it('names a pod whose IP is outside its node’s pod CIDR', () => {
    const { spec, diagnostics } = buildLab(cluster, [pod('a', 'node1', '10.244.5.5'), pod('b', 'node2')], journey, { seed: 1 })
    expect(spec).toBeNull()
    expect(diagnostics[0]).toMatchObject({ severity: 'error', path: 'Pod default/a status.podIP' })
    expect(diagnostics[0]!.message).toMatch(/outside its node node1's pod CIDR 10.244.0.0\/24/)
  })

  it('names duplicate pod IPs and pods on unknown nodes', () => {
    const dup = buildLab(cluster, [pod('a', 'node1', '10.244.0.7'), pod('b', 'node1', '10.244.0.7')], journey, { seed: 1 })
    expect(dup.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/both have IP 10.244.0.7/))
    const lost = buildLab(cluster, [pod('a', 'node9'), pod('b', 'node2')], journey, { seed: 1 })
    expect(lost.diagnostics[0]!.message).toMatch(/node 'node9', which the cluster does not have/)
  })

  it('says plainly that an internet gateway and a cloud load balancer together are not modelled', () => {
    const both = { ...cluster, internetGateway: { name: 'gw', insideIp: '192.168.0.1', publicIp: '203.0.113.1' }, loadBalancer: { name: 'lb', ip: '1.2.3.4', insideIp: '192.168.0.2' } }
    const { spec, diagnostics } = buildLab(both, [pod('a', 'node1'), pod('b', 'node2')], journey, { seed: 1 })
    expect(spec).toBeNull()
    expect(diagnostics[0]).toMatchObject({ severity: 'error', path: 'cluster.internetGateway', message: expect.stringMatching(/not modelled yet/) })
  })

  it('refuses a DNS journey in a cluster without kube-dns, naming what to add', () => {
    const { spec, diagnostics } = buildLab(cluster, [pod('a', 'node1'), pod('b', 'node2')], { ...journey, to: { dns: 'b.default.svc.cluster.local', port: 80 } }, { seed: 1 })
    expect(spec).toBeNull()
    expect(diagnostics[0]).toMatchObject({ path: 'journey.to.dns', hint: expect.stringMatching(/kube-dns/) })
  })

  it('builds a 100-node cluster with 5,000 Services', { timeout: 60_000 }, () => {
    const nodes = Array.from({ length: 100 }, (_, i) => ({ name: `node${i}`, ip: `192.168.${Math.floor(i / 200)}.${10 + (i % 200)}`, podCIDR: `10.244.${i}.0/24` }))
    const big: ClusterSpec = { ...cluster, nodeNetwork: { cidr: '192.168.0.0/16' }, nodes }
    const objects: K8sObject[] = [pod('a', 'node0'), pod('b', 'node1')]
    for (let i = 0; i < 5000; i++)
      objects.push({ kind: 'Service', metadata: { name: `svc${i}`, namespace: 'default' }, spec: { selector: { app: 'b' }, ports: [{ port: 80, targetPort: 8080 }] } })
    const { spec, diagnostics } = buildLab(big, objects, journey, { seed: 1 })
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(spec!.netns.filter((n) => n.kind === 'root')).toHaveLength(100)
    expect(spec!.netns[0]!.iptables!.split('\n').filter((l) => l.startsWith('-A KUBE-SERVICES')).length).toBe(5001)
  })
})
