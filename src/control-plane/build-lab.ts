/**
 * Cluster + Kubernetes objects + journey → the LabSpec the engine loads ("plans, not effects"):
 * each node's root namespace as kubelet/CNI, flanneld and kube-proxy leave it, a namespace per
 * pod, an HTTP server per container port, outside clients on the node network, and the journey
 * resolved to addresses. Deployments expand to pods spread round-robin over the nodes.
 */
import type { Diagnostic } from '../engine/diagnostics'
import type { AppSpec, HostSpec, JourneySpec, LabSpec, NetnsSpec } from '../engine/lab/spec'
import { intToIp, parseCidr } from '../engine/net/addr'
import { createPrng, type Prng } from '../engine/sim/prng'
import { assignPodIps, bridgeLink, planPod, randomMac } from './cni-bridge'
import { composeNodeIptables } from './compose-iptables'
import { nodeGateway, planNodePodNetwork, podMtu, podNetworkActors } from './pod-network'
import { outsideActors } from './outside'
import { ingressNginxApp, isIngressController } from './ingress-nginx'
import { kubeProxyIptables } from './kube-proxy/iptables'
import { kubeProxyIptablesV13 } from './kube-proxy/iptables-v1.3'
import { kubeProxyUserspace } from './kube-proxy/userspace'
import { kubeProxyIpvs } from './kube-proxy/ipvs'
import { resolveServicePorts } from './kube-proxy/service-ports'
import type { ClusterSpec, Deployment, Ingress, IptablesFragment, K8sObject, NodeSpec, Pod, ScenarioJourney, Service } from './types'

export interface BuildResult {
  spec: LabSpec | null
  diagnostics: Diagnostic[]
}

const hex = (prng: Prng, n: number) => Array.from({ length: n }, () => 'bcdfghjklmnpqrstvwxz2456789'[prng.int(0, 26)]).join('')

/** Deployment → ReplicaSet → pods named `<deployment>-<10 chars>-<5 chars>`, as the controllers name them. */
function expandDeployments(objects: K8sObject[], nodes: NodeSpec[], prng: Prng): K8sObject[] {
  let next = 0
  return objects.flatMap((o): K8sObject[] => {
    if (o.kind !== 'Deployment') return [o]
    const d = o as Deployment
    const rs = `${d.metadata.name}-${hex(prng, 10)}`
    return Array.from({ length: d.spec.replicas ?? 1 }, (): Pod => ({
      kind: 'Pod',
      metadata: { name: `${rs}-${hex(prng, 5)}`, namespace: d.metadata.namespace ?? 'default', labels: { ...d.spec.template.metadata.labels } },
      spec: { ...d.spec.template.spec, nodeName: d.spec.template.spec.nodeName ?? nodes[next++ % nodes.length]!.name },
    }))
  })
}

/** Service ClusterIPs the API server would allocate: given ones kept, others from .10 of the service CIDR up. */
function allocateServices(objects: K8sObject[], cluster: ClusterSpec): void {
  const net = parseCidr(cluster.serviceCIDR)!.net
  const used = new Set(objects.filter((o): o is Service => o.kind === 'Service').map((s) => s.spec.clusterIP).filter(Boolean))
  let host = 10
  let nodePort = 30000
  for (const s of objects.filter((o): o is Service => o.kind === 'Service')) {
    if (!s.spec.clusterIP) {
      while (used.has(intToIp(net + host))) host++
      s.spec.clusterIP = intToIp(net + host++)
    }
    if (s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer') for (const p of s.spec.ports) p.nodePort ??= nodePort++
    if (s.spec.type === 'LoadBalancer' && s.spec.externalTrafficPolicy === 'Local') s.spec.healthCheckNodePort ??= nodePort++
    // The cloud controller writes the load balancer's address into the Service's status.
    if (s.spec.type === 'LoadBalancer' && cluster.loadBalancer && !s.status?.loadBalancer?.ingress?.length) s.status = { ...s.status, loadBalancer: { ingress: [{ ip: cluster.loadBalancer.ip }] } }
  }
}

export function buildLab(cluster: ClusterSpec, input: K8sObject[], journey: ScenarioJourney, opts: { seed: number }): BuildResult {
  const diagnostics: Diagnostic[] = []
  const prng = createPrng((opts.seed ^ 0x5eed) >>> 0)
  if (cluster.proxyMode !== 'iptables' && cluster.proxyMode !== 'userspace' && cluster.proxyMode !== 'ipvs')
    return { spec: null, diagnostics: [{ severity: 'error', message: `kube-proxy mode ${cluster.proxyMode} is not built yet`, path: 'cluster.proxyMode', hint: 'use iptables, ipvs or userspace' }] }
  // Both would have to be the nodes' default gateway: the load balancer for its replies to come
  // back through it, the gateway for egress. A cloud fabric does both; this model cannot yet.
  if (cluster.internetGateway && cluster.loadBalancer)
    return { spec: null, diagnostics: [{ severity: 'error', message: 'a cluster with both an internetGateway and a loadBalancer is not modelled yet: each would have to be the nodes\' default gateway', path: 'cluster.internetGateway', hint: 'keep one of them; the load balancer already carries replies back to internet clients' }] }
  const objects = structuredCloneSafe(expandDeployments(input, cluster.nodes, prng))
  allocateServices(objects, cluster)
  const pods = objects.filter((o): o is Pod => o.kind === 'Pod' && !o.spec.hostNetwork)
  for (const p of pods)
    if (!cluster.nodes.some((n) => n.name === p.spec.nodeName))
      diagnostics.push({ severity: 'error', message: `Pod ${p.metadata.namespace ?? 'default'}/${p.metadata.name} runs on node '${p.spec.nodeName}', which the cluster does not have`, path: `Pod ${p.metadata.name} spec.nodeName`, hint: `use one of: ${cluster.nodes.map((n) => n.name).join(', ')}` })
  const { ips, diagnostics: ipDiags } = assignPodIps(pods, cluster.nodes)
  for (const x of ipDiags) diagnostics.push(x)
  for (const p of pods) if (ips.has(p)) p.status = { ...p.status, podIP: ips.get(p)! }
  const { ports, diagnostics: svcDiags } = resolveServicePorts(objects)
  for (const x of svcDiags) diagnostics.push(x)
  // The classic (2016) cluster ran kube-proxy v1.3, whose rules are modelled for ClusterIP and
  // NodePort Services only.
  if (cluster.cni === 'flannel-vxlan-classic')
    for (const sp of ports) {
      const svc = sp.service.spec
      const extra = [svc.type === 'LoadBalancer' && 'type LoadBalancer', svc.externalIPs?.length && 'externalIPs', svc.sessionAffinity === 'ClientIP' && 'sessionAffinity', svc.externalTrafficPolicy === 'Local' && 'externalTrafficPolicy', svc.internalTrafficPolicy === 'Local' && 'internalTrafficPolicy'].filter(Boolean)
      if (extra.length)
        diagnostics.push({ severity: 'error', message: `Service ${sp.servicePortName} uses ${extra.join(', ')}, which the v1.3 kube-proxy of a classic flannel cluster is not modelled for`, path: `Service ${sp.service.metadata.name} spec`, hint: 'use a ClusterIP or NodePort Service here, or cni: flannel-vxlan for a current cluster' })
    }
  if (diagnostics.some((d) => d.severity === 'error')) return { spec: null, diagnostics }

  const mtu = podMtu(cluster)
  const dns = clusterDns(objects)
  const vtepMacs = new Map(cluster.nodes.map((n) => [n.name, n.vtepMac ?? randomMac(prng)]))
  const netns: NetnsSpec[] = []
  const apps: AppSpec[] = []
  // Why shared: kube-proxy's rules differ between nodes only through node-local endpoints
  // (traffic policy Local) and the node's own addresses (a loadBalancerSourceRanges range holding
  // its IP; --nodeport-addresses).
  // Without such Services every node gets the same text, so a 100-node cluster with 5,000
  // Services generates it once, not a hundred times.
  const nodeLocal = ports.some((p) => p.service.spec.externalTrafficPolicy === 'Local' || p.service.spec.internalTrafficPolicy === 'Local' || !!p.service.spec.loadBalancerSourceRanges?.length) || cluster.nodePortAddresses !== undefined
  const classic = cluster.cni === 'flannel-vxlan-classic' && cluster.proxyMode === 'iptables'
  const sharedProxy = nodeLocal || classic || cluster.proxyMode !== 'iptables' ? null : kubeProxyIptables(cluster, ports, cluster.nodes[0]!)
  // The same for every node: v1.3 writes no node-local rule.
  const v13Proxy = classic ? kubeProxyIptablesV13(ports) : null
  for (const node of cluster.nodes) {
    const root: NetnsSpec = { name: node.name, host: node.name, kind: 'root', sysctl: { ipForward: true, bridgeNfCallIptables: true }, links: [], routes: [], neigh: [], fdb: [] }
    const nodeLen = parseCidr(cluster.nodeNetwork.cidr)!.len
    root.links.push({ name: 'eth0', type: 'ether', mac: node.mac ?? randomMac(prng), addrs: [`${node.ip}/${nodeLen}`], segment: 'underlay' }, bridgeLink(node, cluster.bridge, mtu, prng))
    // Userspace mode: each node's kube-proxy binds its own random proxy ports, so its rules differ per node.
    const userspace = cluster.proxyMode === 'userspace' ? kubeProxyUserspace(ports, node, prng) : null
    if (userspace) {
      for (const x of userspace.apps) apps.push(x)
      for (const x of userspace.diagnostics) diagnostics.push(x)
    }
    const podNet = planNodePodNetwork(cluster, node, (n) => vtepMacs.get(n.name)!)
    for (const x of podNet.links) root.links.push(x)
    // The node's own addresses, as --nodeport-addresses matches them against its interfaces (lo first).
    const addrs = ['127.0.0.1', ...root.links.flatMap((l) => l.addrs ?? []).map((a) => a.split('/')[0]!)]
    const fragments: IptablesFragment[] = cluster.proxyMode === 'ipvs' ? [] : [v13Proxy ?? userspace?.iptables ?? sharedProxy ?? kubeProxyIptables(cluster, ports, { ...node, addrs })]
    for (const x of podNet.routes) root.routes!.push(x)
    for (const x of podNet.neigh) root.neigh!.push(x)
    for (const x of podNet.fdb) root.fdb!.push(x)
    if (podNet.info.length) root.info = podNet.info
    if (podNet.missResponder) root.missResponder = podNet.missResponder
    for (const x of podNet.iptables) fragments.push(x)
    // A node always has a default route (kubelet takes its node IP from it): the node network's
    // gateway, its first address unless the cluster names one.
    root.routes!.push({ dst: 'default', via: nodeGateway(cluster), dev: 'eth0' })
    for (const pod of pods.filter((p) => p.spec.nodeName === node.name)) {
      const plan = planPod(pod, ips.get(pod)!, node, cluster.bridge, mtu, cluster.clusterCIDR, prng)
      root.links.push(plan.hostVeth)
      netns.push(plan.netns)
      if (dns) plan.netns.info = [{ title: 'resolver', command: 'cat /etc/resolv.conf', text: resolvConf(pod.metadata.namespace ?? 'default', dns.ip) }]
      if (isClusterDns(pod)) {
        apps.push(coreDnsApp(pod, plan.netns.name, objects))
        continue
      }
      if (isIngressController(pod)) {
        apps.push(ingressNginxApp(pod, plan.netns.name, objects.filter((o): o is Ingress => o.kind === 'Ingress'), ports, prng))
        continue
      }
      for (const c of pod.spec.containers)
        for (const port of c.ports ?? [])
          apps.push({ kind: (port.protocol ?? 'TCP') === 'UDP' ? 'udp-server' : 'tcp-server', name: c.name, netns: plan.netns.name, listen: `0.0.0.0:${port.containerPort}`, response: `HTTP/1.1 200 OK\r\n\r\nserved by ${pod.metadata.name}` })
    }
    // IPVS mode: kube-proxy's dummy device (created before the CNI's), virtual servers, ipsets,
    // and its iptables rules ahead of flanneld's. NodePorts listen on every address the node has.
    if (cluster.proxyMode === 'ipvs') {
      const ipvs = kubeProxyIpvs(cluster, ports, node, root.links.flatMap((l) => (l.addrs ?? []).map((a) => a.split('/')[0]!)), prng)
      root.links.splice(1, 0, ipvs.link)
      root.ipvs = ipvs.ipvs
      root.ipsets = ipvs.ipsets
      root.info = [...(root.info ?? []), ipvs.sysctl]
      fragments.unshift(ipvs.iptables)
    }
    root.iptables = composeNodeIptables(fragments)
    netns.unshift(root)
  }
  const hosts: HostSpec[] = cluster.nodes.map((n) => ({ name: n.name, kind: 'node' }))
  const actors = podNetworkActors(cluster, () => randomMac(prng))
  for (const x of actors.hosts) hosts.push(x)
  for (const x of actors.netns) netns.push(x)
  const outside = outsideActors(cluster, ports, () => randomMac(prng))
  for (const x of outside.hosts) hosts.push(x)
  for (const x of outside.netns) netns.push(x)
  for (const x of outside.apps) apps.push(x)
  const resolved = resolveJourney(journey, cluster, objects, pods, netns, dns)
  if ('error' in resolved) return { spec: null, diagnostics: [...diagnostics, resolved.error] }
  return { spec: { name: 'scenario', hosts, netns, apps, journey: resolved, seed: journey.seed }, diagnostics }
}

function resolveJourney(j: ScenarioJourney, cluster: ClusterSpec, objects: K8sObject[], pods: Pod[], netns: NetnsSpec[], dns: ClusterDns | null): JourneySpec | { error: Diagnostic } {
  const fail = (message: string, path: string, hint?: string) => ({ error: { severity: 'error' as const, message, path, ...(hint ? { hint } : {}) } })
  let from: string | undefined
  let client: string | undefined
  let resolve: JourneySpec['resolve']
  let tls: JourneySpec['tls']
  let urlRequest: string | undefined
  if ('pod' in j.from) {
    const { pod: name, namespace } = j.from
    const pod = pods.find((p) => p.metadata.name === name && (p.metadata.namespace ?? 'default') === namespace) ?? pods.find((p) => p.metadata.name.startsWith(`${name}-`))
    from = pod && `${pod.spec.nodeName}/${pod.metadata.name}`
    if (pod && j.from.container && !pod.spec.containers.some((c) => c.name === (j.from as { container: string }).container))
      return fail(`pod ${name} has no container '${j.from.container}'`, 'journey.from.container', `use one of: ${pod.spec.containers.map((c) => c.name).join(', ')}`)
    client = j.from.container
  } else from = 'node' in j.from ? j.from.node : j.from.client
  if (!from || !netns.some((n) => n.name === from)) return fail(`the journey starts at '${JSON.stringify(j.from)}', which is not in the cluster`, 'journey.from')
  const services = objects.filter((o): o is Service => o.kind === 'Service')
  const service = (name: string, ns = 'default') => services.find((s) => s.metadata.name === name && (s.metadata.namespace ?? 'default') === ns)
  let dst: string | undefined
  let dport: number | undefined
  const to = j.to
  if ('service' in to) {
    const s = service(to.service, to.namespace)
    const p = s && (to.port === undefined ? s.spec.ports[0] : s.spec.ports.find((x) => x.port === to.port || x.name === to.port))
    if (!s || !p) return fail(`the journey goes to Service ${to.namespace}/${to.service} port ${to.port ?? '(first)'}, which does not exist`, 'journey.to')
    dst = s.spec.clusterIP
    dport = p.port
  } else if ('dns' in to) {
    if (!dns) return fail(`the journey looks up ${to.dns}, but the cluster has no DNS: no Service kube-system/kube-dns`, 'journey.to.dns', 'add the kube-dns Service and CoreDNS pods (labels k8s-app: kube-dns) to resources, or go to the Service by name')
    if (!('pod' in j.from)) return fail('a DNS lookup through the cluster DNS starts in a pod (dnsPolicy ClusterFirst); nodes and outside clients use their own resolvers', 'journey.from', 'start the journey in a pod')
    const namespace = j.from.namespace
    const search = [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local']
    // The Service the name will resolve to: as written, or with the pod's search domains appended.
    const s = [to.dns.replace(/\.$/, ''), ...search.map((d) => `${to.dns}.${d}`)].map((n) => /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(n)).map((m) => m && service(m[1]!, m[2]!)).find(Boolean)
    if (!s) return fail(`the DNS name ${to.dns} names no Service`, 'journey.to.dns', 'write <service>.<namespace>.svc.cluster.local, or the Service name alone')
    dst = s.spec.clusterIP
    dport = to.port ?? s.spec.ports[0]!.port
    resolve = { name: to.dns, nameserver: dns.ip, search, ndots: 5 }
  } else if ('pod' in to) {
    const p = pods.find((x) => x.metadata.name === to.pod || x.metadata.name.startsWith(`${to.pod}-`))
    if (!p) return fail(`the journey goes to pod ${to.pod}, which does not exist`, 'journey.to.pod')
    dst = p.status!.podIP
    dport = to.port ?? p.spec.containers[0]?.ports?.[0]?.containerPort ?? 80
  } else if ('nodePort' in to) {
    dst = cluster.nodes.find((n) => n.name === to.node)?.ip
    dport = to.nodePort
  } else if ('url' in to) {
    const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(to.host)
    const s = m ? service(m[1]!, m[2]!) : service(to.host)
    // A public name an Ingress serves resolves, in the internet's DNS, to the load balancer (seed 004).
    const viaIngress = objects.some((o) => o.kind === 'Ingress' && o.spec.rules.some((r) => r.host === to.host))
    dst = s ? s.spec.clusterIP : /^\d+\.\d+\.\d+\.\d+$/.test(to.host) ? to.host : viaIngress ? cluster.loadBalancer?.ip : undefined
    if (!dst) return fail(`the journey's URL names ${to.host}, which nothing in the scenario resolves`, 'journey.to.url', 'use a Service name, an address, or a host an Ingress serves (with a cluster loadBalancer)')
    dport = to.port
    if (to.scheme === 'https') tls = { sni: to.host }
    client ??= 'curl'
    urlRequest = `GET ${to.path} HTTP/1.1\r\nHost: ${to.host}${to.port === (to.scheme === 'https' ? 443 : 80) ? '' : `:${to.port}`}\r\nUser-Agent: curl/8.10.1\r\nAccept: */*\r\n\r\n`
  } else {
    dst = to.ip
    dport = to.port
  }
  if (!dst) return fail('the journey has no destination address', 'journey.to')
  return {
    from,
    protocol: j.protocol,
    dst,
    ...(j.protocol !== 'icmp' ? { dport: dport ?? 80, request: j.request ?? urlRequest ?? `GET / HTTP/1.1\r\nHost: ${resolve?.name ?? dst}\r\n\r\n` } : {}),
    ...(j.count !== undefined ? { count: j.count } : {}),
    ...(client ? { app: client } : {}),
    ...(resolve ? { resolve } : {}),
    ...(tls ? { tls } : {}),
  }
}

/** The cluster DNS as kubelet hands it to pods: Service kube-system/kube-dns (kubeadm's name for CoreDNS's Service). */
interface ClusterDns {
  ip: string
}

function clusterDns(objects: K8sObject[]): ClusterDns | null {
  const s = objects.find((o): o is Service => o.kind === 'Service' && o.metadata.name === 'kube-dns' && o.metadata.namespace === 'kube-system')
  return s?.spec.clusterIP && s.spec.clusterIP !== 'None' ? { ip: s.spec.clusterIP } : null
}

/** CoreDNS's pods carry kubeadm's label k8s-app: kube-dns. */
function isClusterDns(pod: Pod): boolean {
  return pod.metadata.labels?.['k8s-app'] === 'kube-dns'
}

/** /etc/resolv.conf as kubelet writes it for dnsPolicy ClusterFirst. */
function resolvConf(namespace: string, nameserver: string): string {
  return `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${nameserver}\noptions ndots:5\n`
}

/**
 * CoreDNS with kubeadm's Corefile (`kubernetes cluster.local … ttl 30`): answers UDP 53 on every
 * address with an A record per Service ClusterIP, `<service>.<namespace>.svc.cluster.local`.
 */
function coreDnsApp(pod: Pod, netns: string, objects: K8sObject[]): AppSpec {
  const records: Record<string, string> = {}
  for (const o of objects)
    if (o.kind === 'Service' && o.spec.clusterIP && o.spec.clusterIP !== 'None') records[`${o.metadata.name}.${o.metadata.namespace ?? 'default'}.svc.cluster.local`] = o.spec.clusterIP
  return { kind: 'dns-server', name: pod.spec.containers[0]?.name ?? 'coredns', netns, listen: '0.0.0.0:53', records, ttl: 30, zone: 'cluster.local', compress: false }
}

/** Objects are plain data from the parser; copy them so allocation never edits the caller's. */
function structuredCloneSafe<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}
