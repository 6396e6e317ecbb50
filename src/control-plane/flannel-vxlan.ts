/**
 * flanneld with the vxlan backend (≥ v0.20; ../shared/reference §3): flannel.1 (VNI 1, the
 * kernel's default port 8472, local = node IP, nolearning, MTU = uplink − 50, the lease's
 * network address as /32), and for each remote node's lease one onlink route via the subnet's
 * .0, a PERMANENT neighbour with the remote VtepMAC and an FDB entry sending that MAC to the
 * remote node; plus flanneld's FLANNEL-POSTRTG (masquerade leaving the cluster network) and
 * FLANNEL-FWD rules, and /run/flannel/subnet.env.
 */
import type { LinkSpec, NeighSpec, FdbSpec, RouteSpec } from '../engine/lab/spec'
import { intToIp, ipToInt, parseCidr } from '../engine/net/addr'
import type { ClusterSpec, IptablesFragment, NodeSpec } from './types'

export const VXLAN_OVERHEAD = 50

export interface FlannelNodePlan {
  link: LinkSpec
  routes: RouteSpec[]
  neigh: NeighSpec[]
  fdb: FdbSpec[]
  subnetEnv: string
}

const net = (cidr: string) => intToIp(parseCidr(cidr)!.net)

export function flannelVxlanNode(cluster: ClusterSpec, node: NodeSpec, vtepMac: (n: NodeSpec) => string, uplinkMtu = 1500): FlannelNodePlan {
  const mtu = uplinkMtu - VXLAN_OVERHEAD
  const others = cluster.nodes.filter((n) => n.name !== node.name)
  const podLen = parseCidr(node.podCIDR)!.len
  return {
    // txqlen 0: flanneld creates the device through vishvananda/netlink with TxQLen unset, so
    // `ip link` prints no qlen for it (seed 003's output shows none either).
    link: { name: 'flannel.1', type: 'vxlan', mac: vtepMac(node), mtu, txqlen: 0, addrs: [`${net(node.podCIDR)}/32`], vxlan: { vni: 1, port: 8472, local: node.ip, dev: 'eth0', learning: false } },
    routes: others.map((o) => ({ dst: o.podCIDR, via: net(o.podCIDR), dev: 'flannel.1', onlink: true })),
    neigh: others.map((o) => ({ ip: net(o.podCIDR), dev: 'flannel.1', lladdr: vtepMac(o), state: 'PERMANENT' as const })),
    fdb: others.map((o) => ({ mac: vtepMac(o), dev: 'flannel.1', dst: o.ip, self: true, permanent: true })),
    // FLANNEL_SUBNET is the lease's first address with the lease's prefix (§3.5).
    subnetEnv: `FLANNEL_NETWORK=${cluster.clusterCIDR}\nFLANNEL_SUBNET=${intToIp(ipToInt(net(node.podCIDR)) + 1)}/${podLen}\nFLANNEL_MTU=${mtu}\nFLANNEL_IPMASQ=true\n`,
  }
}

/** flanneld --ip-masq (§3.6, current form) and its forward rules. */
export function flannelIptables(cluster: ClusterSpec, node: NodeSpec): IptablesFragment {
  const c = cluster.clusterCIDR
  const pod = node.podCIDR
  const masq = '-m comment --comment "flanneld masq"'
  const fwd = '-m comment --comment "flanneld forward"'
  return {
    source: 'flanneld',
    tables: {
      filter: { chains: ['FLANNEL-FWD'], builtin: [`-A FORWARD ${fwd} -j FLANNEL-FWD`], rules: [`-A FLANNEL-FWD -s ${c} ${fwd} -j ACCEPT`, `-A FLANNEL-FWD -d ${c} ${fwd} -j ACCEPT`] },
      nat: {
        chains: ['FLANNEL-POSTRTG'],
        builtin: [`-A POSTROUTING ${masq} -j FLANNEL-POSTRTG`],
        rules: [
          `-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 ${masq} -j RETURN`,
          `-A FLANNEL-POSTRTG -s ${pod} -d ${c} ${masq} -j RETURN`,
          `-A FLANNEL-POSTRTG -s ${c} -d ${pod} ${masq} -j RETURN`,
          `-A FLANNEL-POSTRTG ! -s ${c} -d ${pod} ${masq} -j RETURN`,
          `-A FLANNEL-POSTRTG -s ${c} ! -d 224.0.0.0/4 ${masq} -j MASQUERADE --random-fully`,
          `-A FLANNEL-POSTRTG ! -s ${c} -d ${c} ${masq} -j MASQUERADE --random-fully`,
        ],
      },
    },
  }
}
