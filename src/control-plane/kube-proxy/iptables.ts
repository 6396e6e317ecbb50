/**
 * kube-proxy in iptables mode, current era (≈ v1.31, pkg/proxy/iptables/proxier.go), as facts in
 * ../shared/reference/kubernetes-networking.md §1: the jump rules it inserts into the built-in
 * chains (§1.2, in the order a fresh node ends up with), its fixed chains, and per Service port
 * the KUBE-SERVICES / KUBE-NODEPORTS entries and the KUBE-SVC / KUBE-SVL / KUBE-EXT / KUBE-SEP
 * chains (§1.3). Rules are written as kube-proxy writes its iptables-restore input; the engine
 * prints them back in iptables-save's canonical form, as a node would show them.
 *
 * Services are emitted sorted by name — the order kube-proxy's own tests normalise to; on a real
 * node the order of Services in KUBE-SERVICES follows a Go map and changes between syncs (§1.4).
 * loadBalancerSourceRanges give a KUBE-FW chain (KUBE-SERVICES sends the LB IP there; a source
 * in a range goes on to KUBE-EXT, the rest falls off its end un-DNATed) and a filter
 * KUBE-PROXY-FIREWALL DROP for the LB IP, which is where such a packet dies. That needs the
 * packet to reach the node still addressed to the LB IP (a VIP-like load balancer, or a pod or
 * node connecting to it): traffic the load balancer DNATs to a NodePort bypasses it, as
 * proxier.go says. --masquerade-all, --nodeport-addresses, --iptables-localhost-nodeports and
 * an empty --cluster-cidr (no local-traffic detector) change the rules as proxier.go does. Not modelled: nfacct counters (see
 * the README); with localhostNodePorts off the KUBE-FIREWALL rule is still written (kubelet
 * writes the same rule) and route_localnet is not modelled.
 */
import type { ClusterSpec, IptablesFragment, NodeSpec, ServicePortInfo } from '../types'
import { cidrContains, formatCidr, ipToInt, parseCidr } from '../../engine/net/addr'
import { endpointChain, serviceChain } from './chain-names'

const MASQ_MARK = '0x4000'

/** Go's fmt.Sprintf("%0.10f", 1.0/float64(n)). */
function probability(n: number): string {
  return (1 / n).toFixed(10)
}

const q = (s: string) => `"${s}"`

/** The node as kube-proxy sees it: its name, its IP, and every address on its interfaces. */
export type KubeProxyNode = Pick<NodeSpec, 'name'> & Partial<Pick<NodeSpec, 'ip'>> & { addrs?: string[] }

/** The local-traffic detector's CIDR (detect-local mode ClusterCIDR), or none when --cluster-cidr is empty. */
const detectLocal = (cluster: ClusterSpec): string | null => (cluster.kubeProxyClusterCIDR ?? cluster.clusterCIDR) || null

export function kubeProxyIptables(cluster: ClusterSpec, ports: ServicePortInfo[], node: KubeProxyNode): IptablesFragment {
  const filter = { chains: ['KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-SERVICES'], prepend: [] as string[], rules: [] as string[] }
  const nat = { chains: ['KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-SERVICES'], prepend: [] as string[], rules: [] as string[] }
  const NEW = '-m conntrack --ctstate NEW'

  // §1.2: each jump is inserted at position 1 only if missing, so a fresh node ends up with
  // them in the reverse of the order kube-proxy ensures them.
  filter.prepend.push(
    `-A INPUT ${NEW} -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`,
    `-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS`,
    `-A INPUT ${NEW} -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`,
    `-A INPUT -j KUBE-FIREWALL`,
    `-A FORWARD ${NEW} -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`,
    `-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD`,
    `-A FORWARD ${NEW} -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    `-A FORWARD ${NEW} -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`,
    `-A OUTPUT ${NEW} -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`,
    `-A OUTPUT ${NEW} -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    `-A OUTPUT -j KUBE-FIREWALL`,
  )
  nat.prepend.push(
    `-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    `-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    `-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING`,
  )
  filter.rules.push(
    `-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
    `-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP`,
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  )
  nat.rules.push(
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --xor-mark ${MASQ_MARK}`,
    `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`,
    `-A KUBE-MARK-MASQ -j MARK --or-mark ${MASQ_MARK}`,
  )

  const sorted = [...ports].sort((a, b) => (a.servicePortName < b.servicePortName ? -1 : a.servicePortName > b.servicePortName ? 1 : 0))
  for (const sp of sorted) writeServicePort(cluster, sp, node, filter, nat)
  nat.rules.push(...nodePortsJumps(cluster, node))
  return { source: 'kube-proxy', tables: { filter, nat } }
}

type Table = { chains: string[]; rules: string[] }

/**
 * The tail call to KUBE-NODEPORTS. Without --nodeport-addresses (or with 0.0.0.0/0) it matches
 * every local address; otherwise one rule per node address inside the CIDRs. The loopback
 * address only counts when a CIDR holds 127.0.0.1 (that also keeps localhostNodePorts on). Go
 * collects the addresses in a map, so a real node lists them in any order; here they are sorted.
 */
function nodePortsJumps(cluster: ClusterSpec, node: KubeProxyNode): string[] {
  const head = `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"`
  const cidrs = (cluster.nodePortAddresses ?? []).flatMap((c) => parseCidr(c) ?? [])
  const matchAll = !cidrs.length || cidrs.some((c) => c.len === 0)
  // NewProxier turns localhostNodePorts off when nodePortAddresses holds no IPv4 loopback address.
  const localhost = cluster.localhostNodePorts !== false && (matchAll || cidrs.some((c) => cidrContains(c, '127.0.0.1')))
  if (matchAll) return [`${head} -m addrtype --dst-type LOCAL${localhost ? '' : ' ! -d 127.0.0.0/8'} -j KUBE-NODEPORTS`]
  const ips = [...new Set((node.addrs ?? [node.ip ?? '']).filter((ip) => ip && (localhost || !ip.startsWith('127.')) && cidrs.some((c) => cidrContains(c, ip))))]
  return ips.sort((a, b) => ipToInt(a) - ipToInt(b)).map((ip) => `${head} -d ${ip} -j KUBE-NODEPORTS`)
}

function writeServicePort(cluster: ClusterSpec, sp: ServicePortInfo, node: KubeProxyNode, filter: Table, nat: Table): void {
  const nodeName = node.name
  const svc = sp.service.spec
  const name = sp.servicePortName
  const p = sp.protocol
  const port = sp.port.port
  const svcChain = serviceChain('KUBE-SVC-', name, p)
  const svlChain = serviceChain('KUBE-SVL-', name, p)
  const extChain = serviceChain('KUBE-EXT-', name, p)
  const fwChain = serviceChain('KUBE-FW-', name, p)
  const local = sp.endpoints.filter((e) => e.nodeName === nodeName)
  const itpLocal = svc.internalTrafficPolicy === 'Local'
  const etpLocal = svc.externalTrafficPolicy === 'Local' && (svc.type === 'NodePort' || svc.type === 'LoadBalancer')
  const lbIPs = (sp.service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip)
  const nodePort = svc.type === 'NodePort' || svc.type === 'LoadBalancer' ? sp.port.nodePort : undefined
  const hasExternal = nodePort !== undefined || lbIPs.length > 0 || (svc.externalIPs ?? []).length > 0
  const internalEps = itpLocal ? local : sp.endpoints
  const externalEps = etpLocal ? local : sp.endpoints
  const internalChain = itpLocal ? svlChain : svcChain
  const externalChain = etpLocal ? svlChain : svcChain
  const match = `-m ${p} -p ${p}`
  const local4 = detectLocal(cluster)
  // Parsed as kube-proxy does (spaces trimmed, host bits masked); a range that is no CIDR is skipped.
  const sourceRanges = (svc.loadBalancerSourceRanges ?? []).flatMap((r) => parseCidr(r.trim()) ?? [])
  const usesFW = sp.endpoints.length > 0 && lbIPs.length > 0 && sourceRanges.length > 0

  // 1. The cluster IP.
  if (sp.clusterIP) {
    if (internalEps.length) {
      nat.rules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${name} cluster IP`)} ${match} -d ${sp.clusterIP} --dport ${port} -j ${internalChain}`)
    } else {
      const why = itpLocal && sp.endpoints.length ? ['has no local endpoints', 'DROP'] : ['has no endpoints', 'REJECT']
      filter.rules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${name} ${why[0]}`)} ${match} -d ${sp.clusterIP} --dport ${port} -j ${why[1]}`)
    }
  }
  // 2–3. External IPs and load-balancer IPs lead to the external chain.
  const noExternal = externalEps.length === 0 ? (etpLocal && sp.endpoints.length ? ['has no local endpoints', 'DROP'] : ['has no endpoints', 'REJECT']) : null
  for (const [ips, label] of [[svc.externalIPs ?? [], 'external IP'], [lbIPs, 'loadbalancer IP']] as const) {
    for (const ip of ips) {
      const lb = label === 'loadbalancer IP'
      if (sp.endpoints.length) nat.rules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${name} ${label}`)} ${match} -d ${ip} --dport ${port} -j ${lb && usesFW ? fwChain : extChain}`)
      // What KUBE-FW did not send on arrives in filter still addressed to the LB IP.
      if (lb && usesFW) filter.rules.push(`-A KUBE-PROXY-FIREWALL -m comment --comment ${q(`${name} traffic not accepted by ${fwChain}`)} ${match} -d ${ip} --dport ${port} -j DROP`)
      if (noExternal) filter.rules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${q(`${name} ${noExternal[0]}`)} ${match} -d ${ip} --dport ${port} -j ${noExternal[1]}`)
    }
  }
  // 4. The node port.
  if (nodePort !== undefined) {
    if (sp.endpoints.length) nat.rules.push(`-A KUBE-NODEPORTS -m comment --comment ${name} ${match} --dport ${nodePort} -j ${extChain}`)
    if (noExternal) filter.rules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${q(`${name} ${noExternal[0]}`)} -m addrtype --dst-type LOCAL ${match} --dport ${nodePort} -j ${noExternal[1]}`)
  }
  // 5. The health check node port (LoadBalancer with policy Local), accepted whether or not this
  // node has a local endpoint: kube-proxy's health server answers 200 or 503 on it.
  if (svc.healthCheckNodePort !== undefined && etpLocal) filter.rules.push(`-A KUBE-NODEPORTS -m comment --comment ${q(`${name} health check node port`)} -m tcp -p tcp --dport ${svc.healthCheckNodePort} -j ACCEPT`)
  if (!sp.endpoints.length) return

  const clusterIpJump = !!sp.clusterIP && internalEps.length > 0
  // CategorizeEndpoints (pkg/proxy/topology.go): the Cluster endpoint set is in use unless the
  // internal policy is Local and nothing external reaches the Service; the Local set when either
  // policy that applies is Local. Without topology hints or terminating endpoints (not modelled)
  // the Cluster set is every ready endpoint and contains the Local one.
  const usesCluster = !itpLocal || hasExternal
  const usesLocal = itpLocal || (etpLocal && hasExternal)
  const reachable = usesCluster ? sp.endpoints : local
  // 7. The external chain.
  if (hasExternal) {
    nat.chains.push(extChain)
    if (!etpLocal) {
      nat.rules.push(`-A ${extChain} -m comment --comment ${q(`masquerade traffic for ${name} external destinations`)} -j KUBE-MARK-MASQ`)
    } else {
      if (local4) nat.rules.push(`-A ${extChain} -m comment --comment ${q(`pod traffic for ${name} external destinations`)} -s ${local4} -j ${svcChain}`)
      nat.rules.push(
        `-A ${extChain} -m comment --comment ${q(`masquerade LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
        `-A ${extChain} -m comment --comment ${q(`route LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j ${svcChain}`,
      )
    }
    if (externalEps.length) nat.rules.push(`-A ${extChain} -j ${externalChain}`)
  }
  // 8. The firewall chain: one accept-on per source range; the LB IP itself as a source when a
  // range holds the node's IP (a VIP-like LB that loops the node's own requests back with the
  // VIP as source); then a rule without a target, so the rest returns un-DNATed.
  if (usesFW) {
    nat.chains.push(fwChain)
    const head = `-A ${fwChain} -m comment --comment ${q(`${name} loadbalancer IP`)}`
    for (const cidr of sourceRanges) nat.rules.push(`${head} -s ${formatCidr(cidr)} -j ${extChain}`)
    if (node.ip !== undefined && sourceRanges.some((c) => cidrContains(c, node.ip!))) for (const ip of lbIPs) nat.rules.push(`${head} -s ${ip} -j ${extChain}`)
    nat.rules.push(`-A ${fwChain} -m comment --comment ${q(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)}`)
  }
  // 9. Endpoint dispatch in each policy chain in use (usesClusterPolicyChain / usesLocalPolicyChain).
  for (const chain of [svcChain, svlChain]) {
    if (chain === svcChain ? !usesCluster : !(usesLocal && local.length)) continue
    nat.chains.push(chain)
    const eps = chain === svlChain ? local : sp.endpoints
    // 6. The chain the cluster IP jumps to first masquerades off-cluster traffic to it.
    // With --masquerade-all every packet; with a detector those from outside the cluster CIDR;
    // with neither, none.
    if (chain === internalChain && clusterIpJump) {
      const head = `-A ${chain} -m comment --comment ${q(`${name} cluster IP`)} ${match} -d ${sp.clusterIP} --dport ${port}`
      if (cluster.masqueradeAll) nat.rules.push(`${head} -j KUBE-MARK-MASQ`)
      else if (local4) nat.rules.push(`${head} ! -s ${local4} -j KUBE-MARK-MASQ`)
    }
    const affinity = sp.service.spec.sessionAffinity === 'ClientIP'
    const timeout = sp.service.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800
    if (affinity)
      for (const e of eps) {
        const sep = endpointChain(name, p, `${e.ip}:${e.port}`)
        nat.rules.push(`-A ${chain} -m comment --comment ${q(`${name} -> ${e.ip}:${e.port}`)} -m recent --name ${sep} --rcheck --seconds ${timeout} --reap -j ${sep}`)
      }
    eps.forEach((e, i) => {
      const sep = endpointChain(name, p, `${e.ip}:${e.port}`)
      const stat = i < eps.length - 1 ? ` -m statistic --mode random --probability ${probability(eps.length - i)}` : ''
      nat.rules.push(`-A ${chain} -m comment --comment ${q(`${name} -> ${e.ip}:${e.port}`)}${stat} -j ${sep}`)
    })
  }
  // 10. One KUBE-SEP chain per locally reachable endpoint (allLocallyReachableEndpoints): hairpin
  // masquerade, then the DNAT. With internalTrafficPolicy Local on a ClusterIP-only Service that
  // is this node's endpoints alone; nothing would jump to the others.
  const affinity = sp.service.spec.sessionAffinity === 'ClientIP'
  for (const e of reachable) {
    const sep = endpointChain(name, p, `${e.ip}:${e.port}`)
    nat.chains.push(sep)
    nat.rules.push(
      `-A ${sep} -m comment --comment ${name} -s ${e.ip} -j KUBE-MARK-MASQ`,
      `-A ${sep} -m comment --comment ${name}${affinity ? ` -m recent --name ${sep} --set` : ''} ${match} -j DNAT --to-destination ${e.ip}:${e.port}`,
    )
  }
}
