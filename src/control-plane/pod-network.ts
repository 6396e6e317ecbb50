/**
 * How pod subnets reach each other across nodes, per CNI backend: what each node's root
 * namespace gets besides eth0 and the bridge (tunnel device, routes, neighbours, FDB, the
 * component's iptables rules, the files a learner would cat), and the actors outside the nodes
 * that the backend needs (the cloud VPC's router).
 *
 * - flannel-vxlan: today's flanneld (flannel-vxlan.ts) — static routes, neighbours and FDB.
 * - flannel-host-gw: a route per remote pod subnet via that node's IP.
 * - flannel-vxlan-classic: flanneld ≤ v0.8 with docker (seed 003): flannel.1 holds the node's
 *   subnet .0 with the whole network's prefix, so one connected /16 route covers every remote
 *   pod; the FDB follows the leases, but neighbours are not programmed — the kernel asks flanneld
 *   (app_solicit) and it answers from the leases in etcd.
 * - cloud-vpc: nodes send everything off-node to the VPC router, whose route table (programmed by
 *   the cloud controller) sends each pod CIDR to its node (seed 000 §1.2.2).
 */
import type { FdbSpec, HostSpec, InfoTable, LinkSpec, MissResponderSpec, NeighSpec, NetnsSpec, RouteSpec } from '../engine/lab/spec'
import { intToIp, parseCidr } from '../engine/net/addr'
import { flannelIptables, flannelVxlanNode, VXLAN_OVERHEAD } from './flannel-vxlan'
import type { ClusterSpec, IptablesFragment, NodeSpec } from './types'

export interface NodePodNetwork {
  links: LinkSpec[]
  routes: RouteSpec[]
  neigh: NeighSpec[]
  fdb: FdbSpec[]
  info: InfoTable[]
  iptables: IptablesFragment[]
  missResponder?: MissResponderSpec
}

/** MTU of the bridge, the veths and the pods' eth0: the underlay's 1500 less any tunnel overhead. */
export function podMtu(cluster: ClusterSpec): number {
  return cluster.cni === 'flannel-vxlan' || cluster.cni === 'flannel-vxlan-classic' ? 1500 - VXLAN_OVERHEAD : 1500
}

const netOf = (cidr: string) => intToIp(parseCidr(cidr)!.net)

/** The nodes' default gateway: the VPC router answers on the subnet's .1 (AWS). */
export function nodeGateway(cluster: ClusterSpec): string {
  // The internet gateway, or a cloud load balancer, is the nodes' way out (outside.ts), unless the cluster names another.
  return cluster.nodeNetwork.gateway ?? cluster.internetGateway?.insideIp ?? cluster.loadBalancer?.insideIp ?? intToIp(parseCidr(cluster.nodeNetwork.cidr)!.net + 1)
}

export function planNodePodNetwork(cluster: ClusterSpec, node: NodeSpec, vtepMac: (n: NodeSpec) => string): NodePodNetwork {
  const plan: NodePodNetwork = { links: [], routes: [], neigh: [], fdb: [], info: [], iptables: [] }
  const others = cluster.nodes.filter((n) => n.name !== node.name)
  switch (cluster.cni) {
    case 'flannel-vxlan': {
      const f = flannelVxlanNode(cluster, node, vtepMac)
      plan.links.push(f.link)
      for (const x of f.routes) plan.routes.push(x)
      for (const x of f.neigh) plan.neigh.push(x)
      for (const x of f.fdb) plan.fdb.push(x)
      plan.info.push(
        { title: 'flannel subnet', command: 'cat /run/flannel/subnet.env', text: f.subnetEnv },
        { title: 'flannel lease', command: `kubectl get node ${node.name} -o yaml   # excerpt`, text: leaseYaml(node, vtepMac(node)) },
      )
      plan.iptables.push(flannelIptables(cluster, node))
      return plan
    }
    case 'flannel-host-gw':
      for (const o of others) plan.routes.push({ dst: o.podCIDR, via: o.ip, dev: 'eth0' })
      plan.iptables.push(flannelIptables(cluster, node))
      return plan
    case 'flannel-vxlan-classic':
      return classicFlannel(cluster, node, vtepMac)
    case 'cloud-vpc':
      // Nothing on the node: its default route already leads to the VPC router.
      return plan
  }
}

/**
 * seed 003 (flannel 0.5.5, docker, kube-up.sh): flannel.1 is `vxlan id 1 … nolearning` with the
 * kernel's default port, its address the lease's .0 with the *network's* prefix
 * (`inet addr:172.16.99.0 Mask:255.255.0.0`), which gives the connected route
 * `172.16.0.0/16 dev flannel.1 proto kernel scope link src 172.16.99.0`. On lease events flanneld
 * writes each remote VtepMAC → PublicIP FDB entry (AddL2); neighbours are not programmed:
 * app_solicit=3 on flannel.1 sends the kernel's neighbour requests to flanneld first (the "L3
 * miss"), which answers any address in a remote lease with that lease's VtepMAC. No l2miss/l3miss
 * device flags (seed 003's `ip -d link` shows none).
 */
function classicFlannel(cluster: ClusterSpec, node: NodeSpec, vtepMac: (n: NodeSpec) => string): NodePodNetwork {
  const others = cluster.nodes.filter((n) => n.name !== node.name)
  const netLen = parseCidr(cluster.clusterCIDR)!.len
  const mtu = podMtu(cluster)
  const lease = (n: NodeSpec) => `/coreos.com/network/subnets/${netOf(n.podCIDR)}-${parseCidr(n.podCIDR)!.len}`
  const leaseValue = (n: NodeSpec) => `{"PublicIP":"${n.ip}","BackendType":"vxlan","BackendData":{"VtepMAC":"${vtepMac(n)}"}}`
  return {
    links: [{ name: 'flannel.1', type: 'vxlan', mac: vtepMac(node), mtu, txqlen: 0, appSolicit: 3, addrs: [`${netOf(node.podCIDR)}/${netLen}`], vxlan: { vni: 1, port: 8472, local: node.ip, dev: 'eth0', learning: false } }],
    routes: [],
    neigh: [],
    fdb: others.map((o) => ({ mac: vtepMac(o), dev: 'flannel.1', dst: o.ip, self: true, permanent: true })),
    missResponder: { by: 'flanneld', l3: others.map((o) => ({ subnet: o.podCIDR, lladdr: vtepMac(o) })), l2: [] },
    info: [
      { title: 'flannel subnet', command: 'cat /run/flannel/subnet.env', text: `FLANNEL_NETWORK=${cluster.clusterCIDR}\nFLANNEL_SUBNET=${intToIp(parseCidr(node.podCIDR)!.net + 1)}/${parseCidr(node.podCIDR)!.len}\nFLANNEL_MTU=${mtu}\nFLANNEL_IPMASQ=true\n` },
      {
        title: 'flannel leases (etcd)',
        command: 'etcdctl ls /coreos.com/network/subnets; etcdctl get <each>',
        text: [`$ etcdctl get /coreos.com/network/config`, `{"Network":"${cluster.clusterCIDR}", "Backend": {"Type": "vxlan"}}`, ...cluster.nodes.flatMap((n) => [`$ etcdctl get ${lease(n)}`, leaseValue(n)])].join('\n') + '\n',
      },
      { title: 'neighbour requests go to flanneld', command: 'cat /proc/sys/net/ipv4/neigh/flannel.1/app_solicit', text: '3\n' },
    ],
    // docker starts after flanneld (its --bip comes from the lease) and inserts its MASQUERADE at
    // the top of POSTROUTING, above flanneld's rules: kube-up left docker's --ip-masq on.
    iptables: [dockerIptables(node), classicFlannelIptables(cluster)],
  }
}

/**
 * flanneld 0.5.5 --ip-masq (network/ipmasq.go of that release): it clears a FLANNEL chain of its
 * own, appends its two rules there (overlay traffic is accepted, anything else but multicast
 * masqueraded) and appends one jump from POSTROUTING for traffic from the overlay. Appended, so
 * docker's and kube-proxy's later insertions end up above it.
 */
function classicFlannelIptables(cluster: ClusterSpec): IptablesFragment {
  const n = cluster.clusterCIDR
  return {
    source: 'flanneld',
    tables: { nat: { chains: ['FLANNEL'], builtin: [`-A POSTROUTING -s ${n} -j FLANNEL`], rules: [`-A FLANNEL -d ${n} -j ACCEPT`, `-A FLANNEL ! -d 224.0.0.0/4 -j MASQUERADE`] } },
  }
}

/**
 * docker 1.12's rules for its bridge (libnetwork of that era): DOCKER chains, the FORWARD rules,
 * and — docker's --ip-masq being on — the bridge subnet's MASQUERADE for anything not leaving by
 * docker0, which libnetwork inserts (`-I`) at the top of POSTROUTING.
 */
function dockerIptables(node: NodeSpec): IptablesFragment {
  const bip = `${netOf(node.podCIDR)}/${parseCidr(node.podCIDR)!.len}`
  return {
    source: 'docker',
    tables: {
      filter: {
        chains: ['DOCKER', 'DOCKER-ISOLATION'],
        builtin: ['-A FORWARD -j DOCKER-ISOLATION', '-A FORWARD -o docker0 -j DOCKER', '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT', '-A FORWARD -i docker0 -o docker0 -j ACCEPT'],
        rules: ['-A DOCKER-ISOLATION -j RETURN'],
      },
      nat: {
        chains: ['DOCKER'],
        prepend: [`-A POSTROUTING -s ${bip} ! -o docker0 -j MASQUERADE`],
        builtin: ['-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER', '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER'],
        rules: ['-A DOCKER -i docker0 -j RETURN'],
      },
    },
  }
}

/** Actors outside the nodes that the pod network needs: the cloud VPC's router for cloud-vpc. */
export function podNetworkActors(cluster: ClusterSpec, mac: () => string): { hosts: HostSpec[]; netns: NetnsSpec[] } {
  if (cluster.cni !== 'cloud-vpc') return { hosts: [], netns: [] }
  const len = parseCidr(cluster.nodeNetwork.cidr)!.len
  return {
    hosts: [{ name: 'vpc-router', kind: 'router', role: 'VPC route table' }],
    netns: [
      {
        name: 'vpc-router',
        host: 'vpc-router',
        kind: 'root',
        sysctl: { ipForward: true },
        links: [{ name: 'eth0', type: 'ether', mac: mac(), addrs: [`${nodeGateway(cluster)}/${len}`], segment: 'underlay' }],
        // What the cloud controller's route controller creates: one route per node's pod CIDR.
        routes: cluster.nodes.map((n) => ({ dst: n.podCIDR, via: n.ip, dev: 'eth0' })),
      },
    ],
  }
}

/**
 * The lease flanneld's kube subnet manager keeps on the Node object (reference §3.4): the pod
 * CIDR and the annotations other nodes' flanneld read to program their VXLAN FDB and neighbours.
 */
function leaseYaml(node: NodeSpec, vtepMac: string): string {
  return [
    'metadata:',
    '  annotations:',
    `    flannel.alpha.coreos.com/backend-data: '{"VNI":1,"VtepMAC":"${vtepMac}"}'`,
    '    flannel.alpha.coreos.com/backend-type: vxlan',
    '    flannel.alpha.coreos.com/kube-subnet-manager: "true"',
    `    flannel.alpha.coreos.com/public-ip: ${node.ip}`,
    `  name: ${node.name}`,
    'spec:',
    `  podCIDR: ${node.podCIDR}`,
    '  podCIDRs:',
    `  - ${node.podCIDR}`,
    '',
  ].join('\n')
}
