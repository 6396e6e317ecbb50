/**
 * kubelet + the bridge CNI plugin (flannel's delegate) + host-local IPAM, per pod
 * (../shared/reference §4): a network namespace per pod, `eth0` in it, the host end named
 * `veth` + 8 hex characters (RandomVethName: 4 random bytes, drawn here from the seeded PRNG),
 * a port of the bridge in hairpin mode; the bridge holds the pod subnet's first address; the
 * pod's routes are `default` and the cluster network via that gateway. IPAM hands out addresses
 * in order from .2. MACs follow the bridge plugin's older GenerateHardwareAddr4 scheme
 * (0a:58 + the IPv4 address), which keeps them readable; current plugins take the kernel's
 * random MAC instead.
 */
import type { Diagnostic } from '../engine/diagnostics'
import type { LinkSpec, NetnsSpec } from '../engine/lab/spec'
import { cidrContains, intToIp, ipToInt, parseCidr } from '../engine/net/addr'
import type { Prng } from '../engine/sim/prng'
import type { NodeSpec, Pod } from './types'

export function macFromIp(ip: string): string {
  return ['0a', '58', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':')
}

export function randomMac(prng: Prng): string {
  const b = Array.from({ length: 6 }, () => prng.int(0, 255))
  b[0] = (b[0]! & 0xfe) | 0x02
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':')
}

export const gatewayOf = (podCIDR: string) => intToIp(parseCidr(podCIDR)!.net + 1)

/** host-local IPAM: the pod's status.podIP when given, else the next free address from .2. */
export function assignPodIps(pods: Pod[], nodes: NodeSpec[]): { ips: Map<Pod, string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const ips = new Map<Pod, string>()
  const used = new Map<string, Pod>()
  const where = (p: Pod) => `Pod ${p.metadata.namespace ?? 'default'}/${p.metadata.name}`
  for (const p of pods) {
    const ip = p.status?.podIP
    if (!ip) continue
    const node = nodes.find((n) => n.name === p.spec.nodeName)
    if (node && !cidrContains(parseCidr(node.podCIDR)!, ip))
      diagnostics.push({ severity: 'error', message: `${where(p)} has IP ${ip}, outside its node ${node.name}'s pod CIDR ${node.podCIDR}`, path: `${where(p)} status.podIP`, hint: `give it an address in ${node.podCIDR}, or leave status.podIP out to have one assigned` })
    const other = used.get(ip)
    if (other) diagnostics.push({ severity: 'error', message: `${where(p)} and ${where(other)} both have IP ${ip}`, path: `${where(p)} status.podIP`, hint: 'pod IPs are unique in a cluster' })
    used.set(ip, p)
    ips.set(p, ip)
  }
  for (const p of pods) {
    if (ips.has(p)) continue
    const node = nodes.find((n) => n.name === p.spec.nodeName)
    if (!node) continue
    const net = parseCidr(node.podCIDR)!
    for (let host = 2; host < 2 ** (32 - net.len) - 1; host++) {
      const ip = intToIp(net.net + host)
      if (used.has(ip)) continue
      used.set(ip, p)
      ips.set(p, ip)
      break
    }
  }
  return { ips, diagnostics }
}

export interface PodPlan {
  netns: NetnsSpec
  hostVeth: LinkSpec
}

/**
 * docker ≤ 1.12 on its own bridge (the classic flannel set-up of seed 003): libnetwork names the
 * host end `veth` + 7 hex characters, derives the container's MAC as 02:42 + its IPv4 address,
 * leaves hairpin off, and gives the container only its connected route and a default route.
 */
export function macFromIpDocker(ip: string): string {
  return ['02', '42', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':')
}

/** One pod: its namespace (with eth0 as the veth peer) and the host end on the bridge. */
export function planPod(pod: Pod, ip: string, node: NodeSpec, bridge: string, mtu: number, clusterCIDR: string, prng: Prng): PodPlan {
  const len = parseCidr(node.podCIDR)!.len
  const gw = gatewayOf(node.podCIDR)
  const docker = bridge === 'docker0'
  const hex = Array.from({ length: 4 }, () => prng.int(0, 255).toString(16).padStart(2, '0')).join('')
  const veth = `veth${docker ? hex.slice(0, 7) : hex}`
  const name = `${node.name}/${pod.metadata.name}`
  if (docker)
    return {
      netns: { name, host: node.name, kind: 'pod', pod: { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, containers: pod.spec.containers.map((c) => c.name) }, links: [], routes: [{ dst: 'default', via: gw, dev: 'eth0' }] },
      hostVeth: { name: veth, type: 'veth', mac: randomMac(prng), mtu, master: bridge, peer: { netns: name, name: 'eth0', mac: macFromIpDocker(ip), mtu, addrs: [`${ip}/${len}`] } },
    }
  return {
    netns: {
      name,
      host: node.name,
      kind: 'pod',
      pod: { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, containers: pod.spec.containers.map((c) => c.name) },
      links: [],
      // flannel's CNI adds the cluster network as a route; kubenet (cbr0) asks IPAM for the default only.
      routes: [{ dst: 'default', via: gw, dev: 'eth0' }, ...(bridge === 'cbr0' ? [] : [{ dst: clusterCIDR, via: gw, dev: 'eth0' }])],
    },
    hostVeth: { name: veth, type: 'veth', mac: randomMac(prng), mtu, master: bridge, hairpin: true, peer: { netns: name, name: 'eth0', mac: macFromIp(ip), mtu, addrs: [`${ip}/${len}`] } },
  }
}

/** The bridge holding the pod subnet's gateway; docker gives docker0 a random 02:42 MAC instead. */
export function bridgeLink(node: NodeSpec, bridge: string, mtu: number, prng: Prng): LinkSpec {
  const gw = gatewayOf(node.podCIDR)
  const mac = bridge === 'docker0' ? ['02', '42', ...Array.from({ length: 4 }, () => prng.int(0, 255).toString(16).padStart(2, '0'))].join(':') : macFromIp(gw)
  return { name: bridge, type: 'bridge', mac, mtu, addrs: [`${gw}/${parseCidr(node.podCIDR)!.len}`] }
}

export { ipToInt }
