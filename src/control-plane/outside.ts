/**
 * The actors outside the nodes: clients (and servers) on the node network or on the internet, the
 * internet gateway that NATs the node network to its public address, and the cloud's L4 load
 * balancer for Services of type LoadBalancer.
 *
 * The internet is drawn as one wire (segment `internet`): a client there reaches the load
 * balancer's public address directly, with a device route, so no invented routers stand between
 * them. The load balancer is modelled as a Linux router with a leg on each side: it owns the
 * public IP the cloud controller wrote into the Service's status, picks a node per connection
 * and DNATs to that node's NodePort (seed 004: `1.2.3.4:443 → 10.1.1.10–12:30443`), keeping the
 * client's address, as a passthrough L4 load balancer does. It is also the node network's
 * gateway, as the cloud's fabric is, so replies come back through it and conntrack turns them
 * back into 1.2.3.4. With externalTrafficPolicy Local its health checks (kube-proxy's
 * healthCheckNodePort answers 503 on nodes without an endpoint) leave only the nodes that run an
 * endpoint as targets. loadBalancerSourceRanges become the cloud's firewall in front of it.
 */
import type { AppSpec, HostSpec, NetnsSpec } from '../engine/lab/spec'
import { formatCidr, parseCidr } from '../engine/net/addr'
import type { ClusterSpec, ServicePortInfo } from './types'

export interface OutsideActors {
  hosts: HostSpec[]
  netns: NetnsSpec[]
  /** Web servers on outside hosts that listen (a journey to the internet ends at one). */
  apps: AppSpec[]
}

export function outsideActors(cluster: ClusterSpec, ports: ServicePortInfo[], mac: () => string): OutsideActors {
  const hosts: HostSpec[] = []
  const netns: NetnsSpec[] = []
  const apps: AppSpec[] = []
  const nodeLen = parseCidr(cluster.nodeNetwork.cidr)!.len
  for (const c of cluster.clients ?? []) {
    const internet = c.network === 'internet'
    hosts.push({ name: c.name, kind: 'client', role: internet ? 'on the internet' : 'outside the cluster' })
    netns.push({
      name: c.name,
      host: c.name,
      kind: 'root',
      links: [{ name: 'eth0', type: 'ether', mac: mac(), addrs: [`${c.ip}/${internet ? 24 : nodeLen}`], segment: internet ? 'internet' : 'underlay' }],
      // On the one-wire internet everything is on-link.
      ...(internet ? { routes: [{ dst: 'default', dev: 'eth0', scope: 'link' as const }] } : {}),
    })
    for (const port of c.listen ?? []) apps.push({ kind: 'tcp-server', name: 'web', netns: c.name, listen: `0.0.0.0:${port}`, response: `HTTP/1.1 200 OK\r\n\r\nhello from ${c.name}` })
  }
  // Both edge devices have the same two legs: eth0 on the node network, eth1 on the internet.
  const edge = (name: string, insideIp: string, publicIp: string, nat: string[], mangle: string[] = []): NetnsSpec => ({
    name,
    host: name,
    kind: 'root',
    sysctl: { ipForward: true },
    links: [
      { name: 'eth0', type: 'ether', mac: mac(), addrs: [`${insideIp}/${nodeLen}`], segment: 'underlay' },
      { name: 'eth1', type: 'ether', mac: mac(), addrs: [`${publicIp}/24`], segment: 'internet' },
    ],
    routes: [{ dst: 'default', dev: 'eth1', scope: 'link' }],
    iptables: [
      ...(mangle.length ? ['*mangle', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ...mangle, 'COMMIT'] : []),
      ...['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ...nat, 'COMMIT', ''],
    ].join('\n'),
  })
  const gw = cluster.internetGateway
  if (gw) {
    hosts.push({ name: gw.name, kind: 'router', role: 'internet gateway' })
    // The gateway's NAT (seed 000 §1.4.1): node addresses become its public one; it knows nothing of pods.
    netns.push(edge(gw.name, gw.insideIp, gw.publicIp, [`-A POSTROUTING -s ${cluster.nodeNetwork.cidr} -o eth1 -j MASQUERADE`]))
  }
  const lb = cluster.loadBalancer
  if (lb) {
    hosts.push({ name: lb.name, kind: 'loadbalancer', role: 'cloud L4 load balancer' })
    netns.push(edge(lb.name, lb.insideIp, lb.ip, loadBalancerRules(cluster, ports, lb.ip), sourceRangeRules(ports, lb.ip)))
  }
  return { hosts, netns, apps }
}

/** The nodes a LoadBalancer Service's port is forwarded to: all, or with policy Local those with a ready endpoint. */
function targets(cluster: ClusterSpec, p: ServicePortInfo): string[] {
  if (p.service.spec.externalTrafficPolicy !== 'Local') return cluster.nodes.map((n) => n.ip)
  const withEndpoint = new Set(p.endpoints.filter((e) => e.ready).map((e) => e.nodeName))
  return cluster.nodes.filter((n) => withEndpoint.has(n.name)).map((n) => n.ip)
}

/**
 * The load balancer's forwarding as iptables rules: per LoadBalancer port, one DNAT per target
 * node chosen with the same equal-share `statistic` cascade kube-proxy uses.
 */
function loadBalancerRules(cluster: ClusterSpec, ports: ServicePortInfo[], ip: string): string[] {
  const rules: string[] = []
  for (const p of ports) {
    if (p.service.spec.type !== 'LoadBalancer' || p.port.nodePort === undefined) continue
    const nodes = targets(cluster, p)
    nodes.forEach((node, i) => {
      const left = nodes.length - i
      const pick = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(10)}` : ''
      rules.push(`-A PREROUTING -d ${ip}/32 -p ${p.protocol} -m ${p.protocol} --dport ${p.port.port}${pick} -m comment --comment "${p.servicePortName} to node ${node}" -j DNAT --to-destination ${node}:${p.port.nodePort}`)
    })
  }
  return rules
}

/**
 * loadBalancerSourceRanges at the cloud: the provider turns them into its own firewall (a GCE
 * firewall rule, an AWS security group) in front of the load balancer, because a load balancer
 * that DNATs to a NodePort bypasses kube-proxy's KUBE-FW chain. Modelled as the load balancer's
 * mangle PREROUTING, before its DNAT: a source in a range goes on, anything else to that port is
 * dropped. The rule text is this model's, not a provider's.
 */
function sourceRangeRules(ports: ServicePortInfo[], ip: string): string[] {
  const rules: string[] = []
  for (const p of ports) {
    const ranges = p.service.spec.loadBalancerSourceRanges ?? []
    if (p.service.spec.type !== 'LoadBalancer' || !ranges.length) continue
    const head = `-A PREROUTING -d ${ip}/32 -p ${p.protocol} -m ${p.protocol} --dport ${p.port.port}`
    for (const r of ranges) {
      const c = parseCidr(r.trim())
      if (c) rules.push(`${head} -s ${formatCidr(c)} -m comment --comment "${p.servicePortName} loadBalancerSourceRanges" -j ACCEPT`)
    }
    rules.push(`${head} -m comment --comment "${p.servicePortName} not in loadBalancerSourceRanges" -j DROP`)
  }
  return rules
}
