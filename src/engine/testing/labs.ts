/**
 * Hand-written labs for engine tests and the kernel oracle: a two-node flannel VXLAN cluster
 * laid out exactly as the bridge CNI, flanneld and kube-proxy program it
 * (../shared/reference/kubernetes-networking.md §1, §3.2, §4), written out by hand so the engine
 * can be checked before (and independently of) the control-plane builders.
 */
import type { AppSpec, JourneySpec, LabSpec, LinkSpec, NetnsSpec } from '../lab/spec'

export interface PodDef {
  node: 1 | 2
  name: string
  ip: string
  /** Host-side veth name (the bridge plugin's `veth` + 8 hex). */
  veth: string
  mac: string
  hostMac: string
}

export const NODE_IP = { 1: '192.168.0.2', 2: '192.168.0.3' } as const
export const NODE_MAC = { 1: '52:54:00:00:00:02', 2: '52:54:00:00:00:03' } as const
export const CNI0_MAC = { 1: '0a:58:0a:f4:01:01', 2: '0a:58:0a:f4:02:01' } as const
export const VTEP_MAC = { 1: '5e:2a:7c:11:00:01', 2: '5e:2a:7c:11:00:02' } as const
export const CLIENT = { ip: '192.168.0.100', mac: '52:54:00:00:00:64' }

export const PODS: Record<string, PodDef> = {
  'pod-a': { node: 1, name: 'pod-a', ip: '10.244.1.2', veth: 'veth1a2b3c4d', mac: '0a:58:0a:f4:01:02', hostMac: 'd2:4e:11:00:01:02' },
  'pod-b': { node: 1, name: 'pod-b', ip: '10.244.1.3', veth: 'veth5e6f7a8b', mac: '0a:58:0a:f4:01:03', hostMac: 'd2:4e:11:00:01:03' },
  'pod-c': { node: 2, name: 'pod-c', ip: '10.244.2.2', veth: 'veth9c0d1e2f', mac: '0a:58:0a:f4:02:02', hostMac: 'd2:4e:11:00:02:02' },
}

function podNetns(p: PodDef): NetnsSpec {
  const gw = p.node === 1 ? '10.244.1.1' : '10.244.2.1'
  return {
    name: `node${p.node}/${p.name}`,
    host: `node${p.node}`,
    kind: 'pod',
    pod: { namespace: 'default', name: p.name, containers: ['app'] },
    links: [],
    routes: [
      { dst: 'default', via: gw, dev: 'eth0' },
      { dst: '10.244.0.0/16', via: gw, dev: 'eth0' },
    ],
  }
}

function nodeNetns(n: 1 | 2, pods: PodDef[], iptables?: string): NetnsSpec {
  const other = n === 1 ? 2 : 1
  const links: LinkSpec[] = [
    { name: 'eth0', type: 'ether', mac: NODE_MAC[n], addrs: [`${NODE_IP[n]}/24`], segment: 'underlay' },
    { name: 'cni0', type: 'bridge', mac: CNI0_MAC[n], mtu: 1450, addrs: [`10.244.${n}.1/24`] },
    { name: 'flannel.1', type: 'vxlan', mac: VTEP_MAC[n], mtu: 1450, addrs: [`10.244.${n}.0/32`], vxlan: { vni: 1, port: 8472, local: NODE_IP[n], dev: 'eth0', learning: false } },
    ...pods.map((p): LinkSpec => ({
      name: p.veth,
      type: 'veth',
      mac: p.hostMac,
      mtu: 1450,
      master: 'cni0',
      hairpin: true,
      peer: { netns: `node${n}/${p.name}`, name: 'eth0', mac: p.mac, mtu: 1450, addrs: [`${p.ip}/24`] },
    })),
  ]
  return {
    name: `node${n}`,
    host: `node${n}`,
    kind: 'root',
    sysctl: { ipForward: true, bridgeNfCallIptables: true },
    links,
    routes: [{ dst: `10.244.${other}.0/24`, via: `10.244.${other}.0`, dev: 'flannel.1', onlink: true }],
    neigh: [{ ip: `10.244.${other}.0`, dev: 'flannel.1', lladdr: VTEP_MAC[other], state: 'PERMANENT' }],
    fdb: [{ mac: VTEP_MAC[other], dev: 'flannel.1', dst: NODE_IP[other], self: true, permanent: true }],
    ...(iptables ? { iptables } : {}),
  }
}

export interface ClusterLabOptions {
  name: string
  pods: string[]
  journey: JourneySpec
  apps?: AppSpec[]
  /** iptables-save text per node (kube-proxy + flannel rules), when the lab has Services. */
  iptables?: { 1?: string; 2?: string }
  /** Add an outside client host on the node network. */
  client?: boolean
  seed?: number
}

/** Two flannel-VXLAN nodes on one L2 segment, with the given pods and an HTTP server in each pod. */
export function twoNodeLab(o: ClusterLabOptions): LabSpec {
  const pods = o.pods.map((p) => PODS[p]!)
  const netns: NetnsSpec[] = [
    nodeNetns(1, pods.filter((p) => p.node === 1), o.iptables?.[1]),
    nodeNetns(2, pods.filter((p) => p.node === 2), o.iptables?.[2]),
    ...pods.map(podNetns),
  ]
  if (o.client)
    netns.push({ name: 'client', host: 'client', kind: 'root', links: [{ name: 'eth0', type: 'ether', mac: CLIENT.mac, addrs: [`${CLIENT.ip}/24`], segment: 'underlay' }] })
  return {
    name: o.name,
    hosts: [
      { name: 'node1', kind: 'node' },
      { name: 'node2', kind: 'node' },
      ...(o.client ? [{ name: 'client', kind: 'client' as const, role: 'outside the cluster' }] : []),
    ],
    netns,
    apps: o.apps ?? pods.map((p) => ({ kind: 'tcp-server' as const, netns: `node${p.node}/${p.name}`, listen: '0.0.0.0:8080', response: `HTTP/1.1 200 OK\r\n\r\nserved by ${p.name}`, name: 'http-server' })),
    journey: o.journey,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  }
}

export const GATEWAY = { inside: '192.168.0.1', insideMac: '52:54:00:00:00:01', outside: '203.0.113.1', outsideMac: '52:54:00:00:01:01' }
export const INTERNET_HOST = { ip: '203.0.113.10', mac: '52:54:00:00:01:0a' }

/**
 * Pod to the internet (seed 000 §1.4.1, seed 003 §3): node1's pod talks to a host behind an
 * internet gateway. flanneld's FLANNEL-POSTRTG masquerades the pod address to the node's; the
 * gateway masquerades the node network again to its public address. TEST-NET-3 addresses stand
 * in for the internet; they exist only inside the lab's namespaces.
 */
export function internetLab(name: string): LabSpec {
  const lab = twoNodeLab({ name, pods: ['pod-a'], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: INTERNET_HOST.ip, dport: 80, sport: 41000, request: 'GET / HTTP/1.1\r\nHost: example.test\r\n\r\n' }, iptables: { 1: flannelOnlyIptables(1), 2: flannelOnlyIptables(2) } })
  for (const ns of lab.netns) if (ns.kind === 'root') ns.routes = [...(ns.routes ?? []), { dst: 'default', via: GATEWAY.inside, dev: 'eth0' }]
  lab.hosts.push({ name: 'gateway', kind: 'router', role: 'internet gateway' }, { name: 'internet', kind: 'server', role: 'a host on the internet' })
  lab.netns.push(
    {
      name: 'gateway',
      host: 'gateway',
      kind: 'root',
      sysctl: { ipForward: true },
      links: [
        { name: 'eth0', type: 'ether', mac: GATEWAY.insideMac, addrs: [`${GATEWAY.inside}/24`], segment: 'underlay' },
        { name: 'eth1', type: 'ether', mac: GATEWAY.outsideMac, addrs: [`${GATEWAY.outside}/24`], segment: 'internet' },
      ],
      iptables: '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 192.168.0.0/24 -o eth1 -j MASQUERADE\nCOMMIT\n',
    },
    { name: 'internet', host: 'internet', kind: 'root', links: [{ name: 'eth0', type: 'ether', mac: INTERNET_HOST.mac, addrs: [`${INTERNET_HOST.ip}/24`], segment: 'internet' }] },
  )
  lab.apps = [{ kind: 'tcp-server', netns: 'internet', listen: '0.0.0.0:80', response: 'HTTP/1.1 200 OK\r\n\r\nhello from the internet', name: 'web' }]
  return lab
}

/** flanneld's (≥ v0.20) filter FLANNEL-FWD rules, the same on every node. */
export const FLANNEL_FWD_RULES = `-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT
-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT`

/** flanneld's (≥ v0.20, `--ip-masq`) nat FLANNEL-POSTRTG rules for a node's pod CIDR. */
export function flannelPostrtgRules(podCidr: string): string {
  return `-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s ${podCidr} -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d ${podCidr} -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d ${podCidr} -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully`
}

/** flanneld's own rules (≥ v0.20, `--ip-masq`) on a node without Services. */
export function flannelOnlyIptables(node: 1 | 2): string {
  const podCidr = `10.244.${node}.0/24`
  return `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:FLANNEL-FWD - [0:0]
-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
${FLANNEL_FWD_RULES}
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:FLANNEL-POSTRTG - [0:0]
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
${flannelPostrtgRules(podCidr)}
COMMIT
`
}
