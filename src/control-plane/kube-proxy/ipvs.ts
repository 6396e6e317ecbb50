/**
 * kube-proxy in IPVS mode, current era (≈ v1.31, pkg/proxy/ipvs/proxier.go and ipset.go, read in
 * kubernetes/kubernetes): what one sync leaves on a node.
 *
 * - the dummy device kube-ipvs0, never brought up, holding every ClusterIP (and every external /
 *   load-balancer IP that is not already a node address) as a /32 (syncService → EnsureAddressBind);
 *   the kernel derives a local-table route for each;
 * - one IPVS virtual server per ClusterIP:port, external IP:port, load-balancer IP:port and, for
 *   a NodePort, per node address (every non-loopback address outside kube-ipvs0), scheduler rr,
 *   each endpoint a Masq real server of weight 1 (syncEndpoint);
 * - the ipsets of `ipsetInfo` with their members (hash:ip,port `IP,proto:port`, hash:ip,port,ip
 *   `IP,proto:port,IP`, bitmap:port `port`, hash:ip `IP`);
 * - the iptables rules of createAndLinkKubeChain and writeIptablesRules, in their order;
 * - the sysctls NewProxier sets.
 *
 * Where kube-proxy iterates a Go map (services, ipsets, real servers) the real order changes from
 * sync to sync; here services are sorted by name, ipsets follow `ipsetInfo`, and the real servers'
 * list order (which the rr scheduler walks) is drawn from the seeded PRNG. Each set's initval is
 * random in the kernel and drawn here too. Not modelled: kubelet's own chains (KUBE-FIREWALL,
 * KUBE-KUBELET-CANARY), SCTP, loadBalancerSourceRanges, topology-aware endpoint filtering.
 */
import type { InfoTable, IpsetSpec, IpvsServiceSpec, IpvsSpec, LinkSpec } from '../../engine/lab/spec'
import type { Prng } from '../../engine/sim/prng'
import { ipToInt } from '../../engine/net/addr'
import type { ClusterSpec, IptablesFragment, NodeSpec, ServicePortInfo } from '../types'
import { randomMac } from '../cni-bridge'

export const IPVS_DUMMY_DEVICE = 'kube-ipvs0'
const MASQ_MARK = '0x4000'

/** ipsetInfo: name, type and the comment kube-proxy puts on the iptables rule matching it. */
const IPSETS: { name: string; type: string; comment: string }[] = [
  { name: 'KUBE-LOOP-BACK', type: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { name: 'KUBE-CLUSTER-IP', type: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { name: 'KUBE-EXTERNAL-IP', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { name: 'KUBE-EXTERNAL-IP-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER', type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { name: 'KUBE-LOAD-BALANCER-FW', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { name: 'KUBE-LOAD-BALANCER-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-IP', type: 'hash:ip,port,ip', comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', type: 'hash:ip,port,net', comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose' },
  { name: 'KUBE-NODE-PORT-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  { name: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'" },
  { name: 'KUBE-HEALTH-CHECK-NODE-PORT', type: 'bitmap:port', comment: 'Kubernetes health check node port' },
  { name: 'KUBE-IPVS-IPS', type: 'hash:ip', comment: 'Addresses on the ipvs interface' },
]

/**
 * ipsetWithIptablesChain: a set that has members gets one rule `-A <from> [-p <proto>] -m comment
 * --comment "<set comment>" -m set --match-set <set> <flags> -j <to>`, in this order.
 */
const SET_JUMPS: { set: string; table: 'nat' | 'filter'; from: string; to: string; flags: string; proto?: string }[] = [
  { set: 'KUBE-LOOP-BACK', table: 'nat', from: 'KUBE-POSTROUTING', to: 'MASQUERADE', flags: 'dst,dst,src' },
  { set: 'KUBE-LOAD-BALANCER', table: 'nat', from: 'KUBE-SERVICES', to: 'KUBE-LOAD-BALANCER', flags: 'dst,dst' },
  { set: 'KUBE-LOAD-BALANCER-LOCAL', table: 'nat', from: 'KUBE-LOAD-BALANCER', to: 'RETURN', flags: 'dst,dst' },
  { set: 'KUBE-NODE-PORT-LOCAL-TCP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', flags: 'dst', proto: 'tcp' },
  { set: 'KUBE-NODE-PORT-TCP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', flags: 'dst', proto: 'tcp' },
  { set: 'KUBE-NODE-PORT-LOCAL-UDP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', flags: 'dst', proto: 'udp' },
  { set: 'KUBE-NODE-PORT-UDP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', flags: 'dst', proto: 'udp' },
  { set: 'KUBE-LOAD-BALANCER-FW', table: 'filter', from: 'KUBE-PROXY-FIREWALL', to: 'KUBE-SOURCE-RANGES-FIREWALL', flags: 'dst,dst' },
]

export interface KubeProxyIpvsPlan {
  /**
   * kube-ipvs0, to be created right after the node's uplink (kube-proxy starts before the CNI's
   * devices). EnsureDummyDevice leaves it down and, through netlink with TxQLen unset, with a
   * tx_queue_len of 0, so `ip addr` prints no qlen for it.
   */
  link: LinkSpec
  ipvs: IpvsSpec
  ipsets: IpsetSpec[]
  iptables: IptablesFragment
  sysctl: InfoTable
}

/**
 * One node's IPVS-mode state. `nodeAddrs` are the node's own non-loopback addresses (eth0,
 * cni0, flannel.1): the addresses NodePort virtual servers listen on.
 */
export function kubeProxyIpvs(cluster: ClusterSpec, ports: ServicePortInfo[], node: Pick<NodeSpec, 'name'>, nodeAddrs: string[], prng: Prng): KubeProxyIpvsPlan {
  const members = new Map<string, string[]>(IPSETS.map((s) => [s.name, []]))
  const add = (set: string, m: string) => {
    const list = members.get(set)!
    if (!list.includes(m)) list.push(m)
  }
  const services: IpvsServiceSpec[] = []
  const bound: string[] = []
  const sorted = [...ports].sort((a, b) => (a.servicePortName < b.servicePortName ? -1 : a.servicePortName > b.servicePortName ? 1 : 0))
  const nodeIps = [...nodeAddrs].sort((a, b) => ipToInt(a) - ipToInt(b))
  for (const sp of sorted) {
    if (sp.protocol === 'sctp') continue
    const svc = sp.service.spec
    const p = sp.protocol
    const port = sp.port.port
    const local = sp.endpoints.filter((e) => e.nodeName === node.name)
    const etpLocal = svc.externalTrafficPolicy === 'Local' && (svc.type === 'NodePort' || svc.type === 'LoadBalancer')
    const itpLocal = svc.internalTrafficPolicy === 'Local'
    // syncEndpoint: the Local policies keep only this node's endpoints, or all when it has none.
    const pick = (onlyLocal: boolean) => (onlyLocal && local.length ? local : sp.endpoints)
    const virtual = (addr: string, vport: number, eps: ServicePortInfo['endpoints']) =>
      services.push({
        protocol: p,
        addr,
        port: vport,
        scheduler: 'rr',
        ...(svc.sessionAffinity === 'ClientIP' ? { persistent: svc.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 } : {}),
        reals: shuffle(eps, prng).map((e) => ({ addr: e.ip, port: e.port, weight: 1, forward: 'masq' as const })),
      })
    for (const e of local) add('KUBE-LOOP-BACK', `${e.ip},${p}:${e.port},${e.ip}`)
    if (sp.clusterIP) {
      add('KUBE-CLUSTER-IP', `${sp.clusterIP},${p}:${port}`)
      virtual(sp.clusterIP, port, pick(itpLocal))
      if (!bound.includes(sp.clusterIP)) bound.push(sp.clusterIP)
    }
    const lbIPs = (sp.service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip)
    for (const ip of [...(svc.externalIPs ?? []), ...lbIPs]) {
      const external = (svc.externalIPs ?? []).includes(ip)
      if (external) add(etpLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', `${ip},${p}:${port}`)
      else {
        add('KUBE-LOAD-BALANCER', `${ip},${p}:${port}`)
        if (etpLocal) add('KUBE-LOAD-BALANCER-LOCAL', `${ip},${p}:${port}`)
      }
      virtual(ip, port, pick(etpLocal))
      // An address that is already the node's own is not bound to the dummy device.
      if (!nodeIps.includes(ip) && !bound.includes(ip)) bound.push(ip)
    }
    const nodePort = svc.type === 'NodePort' || svc.type === 'LoadBalancer' ? sp.port.nodePort : undefined
    if (nodePort !== undefined) {
      add(p === 'tcp' ? 'KUBE-NODE-PORT-TCP' : 'KUBE-NODE-PORT-UDP', String(nodePort))
      if (etpLocal) add(p === 'tcp' ? 'KUBE-NODE-PORT-LOCAL-TCP' : 'KUBE-NODE-PORT-LOCAL-UDP', String(nodePort))
      for (const ip of nodeIps) virtual(ip, nodePort, pick(etpLocal))
    }
    if (svc.healthCheckNodePort) add('KUBE-HEALTH-CHECK-NODE-PORT', String(svc.healthCheckNodePort))
  }
  for (const ip of bound) add('KUBE-IPVS-IPS', ip)

  const ipsets: IpsetSpec[] = IPSETS.map((s) => ({
    name: s.name,
    type: s.type,
    header: s.type === 'bitmap:port' ? 'range 0-65535' : `family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x${prng.int(0, 0xffffffff).toString(16).padStart(8, '0')}`,
    members: members.get(s.name)!,
  }))
  const has = (set: string) => members.get(set)!.length > 0
  return {
    link: { name: IPVS_DUMMY_DEVICE, type: 'dummy', mac: randomMac(prng), up: false, txqlen: 0, addrs: bound.map((ip) => `${ip}/32`) },
    ipvs: { conntrack: true, services },
    ipsets,
    iptables: ipvsIptables(cluster, has),
    sysctl: {
      title: 'kube-proxy sysctls (IPVS mode)',
      command: 'sysctl net.ipv4.vs.conntrack net.ipv4.vs.conn_reuse_mode net.ipv4.vs.expire_nodest_conn net.ipv4.vs.expire_quiescent_template net.ipv4.ip_forward',
      // conn_reuse_mode is left at the kernel's 1 on kernels from 5.9 on (kubernetes#93297).
      text: 'net.ipv4.vs.conntrack = 1\nnet.ipv4.vs.conn_reuse_mode = 1\nnet.ipv4.vs.expire_nodest_conn = 1\nnet.ipv4.vs.expire_quiescent_template = 1\nnet.ipv4.ip_forward = 1\n',
    },
  }
}

/** Fisher–Yates with the seeded PRNG: the order kube-proxy's set iteration happened to add real servers in. */
function shuffle<T>(xs: T[], prng: Prng): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = prng.int(0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const q = (s: string) => `"${s}"`
const comment = (set: string) => q(IPSETS.find((s) => s.name === set)!.comment)

/** createAndLinkKubeChain + writeIptablesRules, as the iptables-restore input kube-proxy writes. */
function ipvsIptables(cluster: ClusterSpec, has: (set: string) => boolean): IptablesFragment {
  const nat = { chains: ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'], prepend: [] as string[], rules: [] as string[] }
  const filter = { chains: ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER'], prepend: [] as string[], rules: [] as string[] }
  // iptablesJumpChain, each inserted at position 1 only if missing: a fresh node ends up with
  // the jumps into one built-in chain in the reverse of the order kube-proxy ensures them.
  nat.prepend.push(
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  )
  filter.prepend.push(
    '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
    '-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
    '-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT',
    '-A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A OUTPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-OUT-FILTER',
  )

  nat.rules.push('-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN')
  for (const j of SET_JUMPS)
    if (has(j.set)) (j.table === 'nat' ? nat : filter).rules.push(`-A ${j.from}${j.proto ? ` -p ${j.proto}` : ''} -m comment --comment ${comment(j.set)} -m set --match-set ${j.set} ${j.flags} -j ${j.to}`)
  if (has('KUBE-CLUSTER-IP')) {
    const head = `-A KUBE-SERVICES -m comment --comment ${comment('KUBE-CLUSTER-IP')} -m set --match-set KUBE-CLUSTER-IP`
    // Off-cluster traffic to a ClusterIP is masqueraded (the local-traffic detector, --cluster-cidr).
    nat.rules.push(cluster.masqueradeAll ? `${head} dst,dst -j KUBE-MARK-MASQ` : `${head} dst,dst ! -s ${cluster.clusterCIDR} -j KUBE-MARK-MASQ`)
  }
  const externalRules = (head: string) =>
    nat.rules.push(`${head} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT`, `${head} -m addrtype --dst-type LOCAL -j ACCEPT`)
  if (has('KUBE-EXTERNAL-IP')) {
    const head = `-A KUBE-SERVICES -m comment --comment ${comment('KUBE-EXTERNAL-IP')} -m set --match-set KUBE-EXTERNAL-IP dst,dst`
    nat.rules.push(`${head} -j KUBE-MARK-MASQ`)
    externalRules(head)
  }
  if (has('KUBE-EXTERNAL-IP-LOCAL')) externalRules(`-A KUBE-SERVICES -m comment --comment ${comment('KUBE-EXTERNAL-IP-LOCAL')} -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst`)
  nat.rules.push('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT', '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ')
  filter.rules.push('-A KUBE-SOURCE-RANGES-FIREWALL -j DROP')
  // acceptIPVSTraffic: the last rules of KUBE-SERVICES.
  for (const set of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER']) if (has(set)) nat.rules.push(`-A KUBE-SERVICES -m set --match-set ${set} dst,dst -j ACCEPT`)
  filter.rules.push(
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    `-A KUBE-NODE-PORT -m comment --comment ${comment('KUBE-HEALTH-CHECK-NODE-PORT')} -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT`,
    // KUBE-IPVS-FILTER: a new connection to a kube-ipvs0 address on a port no Service serves is refused (kubernetes#72236).
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT',
  )
  nat.rules.push(
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --xor-mark ${MASQ_MARK}`,
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    `-A KUBE-MARK-MASQ -j MARK --or-mark ${MASQ_MARK}`,
  )
  return { source: 'kube-proxy', tables: { filter, nat } }
}
