/**
 * A node of the two-node lab with kube-proxy in IPVS mode (≈ v1.31, pkg/proxy/ipvs/proxier.go)
 * for the Service `default/web` (ClusterIP 10.96.0.10, port `http` 80 → 8080) with endpoints
 * 10.244.1.3:8080 (node1) and 10.244.2.2:8080 (node2), written out by hand: the dummy device
 * kube-ipvs0 holding the ClusterIP, the virtual server and its two Masq real servers, the ipsets,
 * and iptables-save of kube-proxy's and flanneld's rules.
 *
 * The iptables text is what iptables v1.8.9 (nf_tables) printed on Linux 6.18 after loading
 * these rules with these ipsets in place; that kernel has no ip_vs, so the IPVS part itself is
 * checked against the kernel sources only (see datapath/ipvs.ts).
 */
import type { IpsetSpec, IpvsSpec, LabSpec, LinkSpec } from '../lab/spec'
import { twoNodeLab, type ClusterLabOptions, FLANNEL_FWD_RULES, flannelPostrtgRules } from './labs'

const EMPTY_SETS: [string, string][] = [
  ['KUBE-EXTERNAL-IP', 'hash:ip,port'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-FW', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'hash:ip,port,ip'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'hash:ip,port'],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'hash:ip,port'],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port'],
]

/** The sets kube-proxy creates (ipsetInfo order) with node `n`'s members; initvals are fixed stand-ins for the kernel's random ones. */
export function ipvsNodeIpsets(node: 1 | 2): IpsetSpec[] {
  const local = node === 1 ? '10.244.1.3' : '10.244.2.2'
  const hash = (i: number) => `family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x${(0x5eed0000 + node * 0x100 + i).toString(16)}`
  const set = (name: string, type: string, members: string[], i: number): IpsetSpec => ({ name, type, header: type === 'bitmap:port' ? 'range 0-65535' : hash(i), members })
  return [
    set('KUBE-LOOP-BACK', 'hash:ip,port,ip', [`${local},tcp:8080,${local}`], 0),
    set('KUBE-CLUSTER-IP', 'hash:ip,port', ['10.96.0.10,tcp:80'], 1),
    ...EMPTY_SETS.map(([name, type], i) => set(name, type, [], i + 2)),
    set('KUBE-IPVS-IPS', 'hash:ip', ['10.96.0.10'], 16),
  ]
}

/** One virtual server; real servers in the kernel's list order, the one on node2 first. */
export const IPVS_WEB: IpvsSpec = {
  conntrack: true,
  services: [{ protocol: 'tcp', addr: '10.96.0.10', port: 80, scheduler: 'rr', reals: [{ addr: '10.244.2.2', port: 8080, weight: 1, forward: 'masq' }, { addr: '10.244.1.3', port: 8080, weight: 1, forward: 'masq' }] }],
}

export const KUBE_IPVS0: Record<1 | 2, LinkSpec> = {
  1: { name: 'kube-ipvs0', type: 'dummy', mac: '9e:1f:5a:00:00:01', up: false, txqlen: 0, addrs: ['10.96.0.10/32'] },
  2: { name: 'kube-ipvs0', type: 'dummy', mac: '9e:1f:5a:00:00:02', up: false, txqlen: 0, addrs: ['10.96.0.10/32'] },
}

export function ipvsNodeIptables(node: 1 | 2): string {
  const podCidr = `10.244.${node}.0/24`
  return `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:FLANNEL-FWD - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-IPVS-FILTER - [0:0]
:KUBE-IPVS-OUT-FILTER - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SOURCE-RANGES-FIREWALL - [0:0]
-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER
-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT
-A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
-A OUTPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-OUT-FILTER
${FLANNEL_FWD_RULES}
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN
-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable
-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT
-A KUBE-SOURCE-RANGES-FIREWALL -j DROP
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:FLANNEL-POSTRTG - [0:0]
:KUBE-LOAD-BALANCER - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SERVICES - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
${flannelPostrtgRules(podCidr)}
-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT
-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
COMMIT
`
}

/** twoNodeLab with IPVS-mode kube-proxy on both nodes: kube-ipvs0 after eth0, the IPVS table, the ipsets. */
export function ipvsTwoNodeLab(o: Omit<ClusterLabOptions, 'iptables'>): LabSpec {
  const lab = twoNodeLab({ ...o, iptables: { 1: ipvsNodeIptables(1), 2: ipvsNodeIptables(2) } })
  for (const n of [1, 2] as const) {
    const ns = lab.netns.find((x) => x.name === `node${n}`)!
    ns.links.splice(1, 0, KUBE_IPVS0[n])
    ns.ipvs = JSON.parse(JSON.stringify(IPVS_WEB)) as typeof IPVS_WEB
    ns.ipsets = ipvsNodeIpsets(n)
  }
  return lab
}
