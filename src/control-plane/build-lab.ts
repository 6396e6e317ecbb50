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
import { flannelIptables, flannelVxlanNode, VXLAN_OVERHEAD } from './flannel-vxlan'
import { kubeProxyIptables } from './kube-proxy/iptables'
import { resolveServicePorts } from './kube-proxy/service-ports'
import type { ClusterSpec, Deployment, IptablesFragment, K8sObject, NodeSpec, Pod, ScenarioJourney, Service } from './types'

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
  }
}

export function buildLab(cluster: ClusterSpec, input: K8sObject[], journey: ScenarioJourney, opts: { seed: number }): BuildResult {
  const diagnostics: Diagnostic[] = []
  const prng = createPrng((opts.seed ^ 0x5eed) >>> 0)
  if (cluster.cni !== 'flannel-vxlan' && cluster.cni !== 'flannel-host-gw')
    return { spec: null, diagnostics: [{ severity: 'error', message: `cni ${cluster.cni} is not built yet`, path: 'cluster.cni', hint: 'use flannel-vxlan or flannel-host-gw' }] }
  if (cluster.proxyMode !== 'iptables')
    return { spec: null, diagnostics: [{ severity: 'error', message: `kube-proxy mode ${cluster.proxyMode} is not built yet`, path: 'cluster.proxyMode', hint: 'use iptables' }] }
  const objects = structuredCloneSafe(expandDeployments(input, cluster.nodes, prng))
  allocateServices(objects, cluster)
  const pods = objects.filter((o): o is Pod => o.kind === 'Pod' && !o.spec.hostNetwork)
  for (const p of pods)
    if (!cluster.nodes.some((n) => n.name === p.spec.nodeName))
      diagnostics.push({ severity: 'error', message: `Pod ${p.metadata.namespace ?? 'default'}/${p.metadata.name} runs on node '${p.spec.nodeName}', which the cluster does not have`, path: `Pod ${p.metadata.name} spec.nodeName`, hint: `use one of: ${cluster.nodes.map((n) => n.name).join(', ')}` })
  const { ips, diagnostics: ipDiags } = assignPodIps(pods, cluster.nodes)
  diagnostics.push(...ipDiags)
  for (const p of pods) if (ips.has(p)) p.status = { ...p.status, podIP: ips.get(p)! }
  const { ports, diagnostics: svcDiags } = resolveServicePorts(objects)
  diagnostics.push(...svcDiags)
  if (diagnostics.some((d) => d.severity === 'error')) return { spec: null, diagnostics }

  const vxlan = cluster.cni === 'flannel-vxlan'
  const mtu = vxlan ? 1500 - VXLAN_OVERHEAD : 1500
  const vtepMacs = new Map(cluster.nodes.map((n) => [n.name, n.vtepMac ?? randomMac(prng)]))
  const netns: NetnsSpec[] = []
  const apps: AppSpec[] = []
  // Why shared: kube-proxy's rules differ between nodes only through node-local endpoints
  // (traffic policy Local). Without such Services every node gets the same text, so a
  // 100-node cluster with 5,000 Services generates it once, not a hundred times.
  const nodeLocal = ports.some((p) => p.service.spec.externalTrafficPolicy === 'Local' || p.service.spec.internalTrafficPolicy === 'Local')
  const sharedProxy = nodeLocal ? null : kubeProxyIptables(cluster, ports, cluster.nodes[0]!)
  for (const node of cluster.nodes) {
    const root: NetnsSpec = { name: node.name, host: node.name, kind: 'root', sysctl: { ipForward: true, bridgeNfCallIptables: true }, links: [], routes: [], neigh: [], fdb: [] }
    const nodeLen = parseCidr(cluster.nodeNetwork.cidr)!.len
    root.links.push({ name: 'eth0', type: 'ether', mac: node.mac ?? randomMac(prng), addrs: [`${node.ip}/${nodeLen}`], segment: 'underlay' }, bridgeLink(node, cluster.bridge, mtu))
    const fragments: IptablesFragment[] = [sharedProxy ?? kubeProxyIptables(cluster, ports, node)]
    if (vxlan) {
      const f = flannelVxlanNode(cluster, node, (n) => vtepMacs.get(n.name)!)
      root.links.push(f.link)
      root.routes!.push(...f.routes)
      root.neigh!.push(...f.neigh)
      root.fdb!.push(...f.fdb)
      root.info = [
        { title: 'flannel subnet', command: 'cat /run/flannel/subnet.env', text: f.subnetEnv },
        { title: 'flannel lease', command: `kubectl get node ${node.name} -o yaml   # excerpt`, text: leaseYaml(node, vtepMacs.get(node.name)!) },
      ]
    } else {
      for (const o of cluster.nodes.filter((n) => n.name !== node.name)) root.routes!.push({ dst: o.podCIDR, via: o.ip, dev: 'eth0' })
    }
    fragments.push(flannelIptables(cluster, node))
    // A node always has a default route (kubelet takes its node IP from it): the node network's
    // gateway, its first address unless the cluster names one.
    root.routes!.push({ dst: 'default', via: cluster.nodeNetwork.gateway ?? intToIp(parseCidr(cluster.nodeNetwork.cidr)!.net + 1), dev: 'eth0' })
    for (const pod of pods.filter((p) => p.spec.nodeName === node.name)) {
      const plan = planPod(pod, ips.get(pod)!, node, cluster.bridge, mtu, cluster.clusterCIDR, prng)
      root.links.push(plan.hostVeth)
      netns.push(plan.netns)
      for (const c of pod.spec.containers)
        for (const port of c.ports ?? [])
          apps.push({ kind: (port.protocol ?? 'TCP') === 'UDP' ? 'udp-server' : 'tcp-server', name: c.name, netns: plan.netns.name, listen: `0.0.0.0:${port.containerPort}`, response: `HTTP/1.1 200 OK\r\n\r\nserved by ${pod.metadata.name}` })
    }
    root.iptables = composeNodeIptables(fragments)
    netns.unshift(root)
  }
  const hosts: HostSpec[] = cluster.nodes.map((n) => ({ name: n.name, kind: 'node' }))
  for (const c of cluster.clients ?? []) {
    hosts.push({ name: c.name, kind: 'client', role: 'outside the cluster' })
    netns.push({ name: c.name, host: c.name, kind: 'root', links: [{ name: 'eth0', type: 'ether', mac: randomMac(prng), addrs: [`${c.ip}/${parseCidr(cluster.nodeNetwork.cidr)!.len}`], segment: 'underlay' }] })
  }
  const resolved = resolveJourney(journey, cluster, objects, pods, netns)
  if ('error' in resolved) return { spec: null, diagnostics: [...diagnostics, resolved.error] }
  return { spec: { name: 'scenario', hosts, netns, apps, journey: resolved, seed: journey.seed }, diagnostics }
}

function resolveJourney(j: ScenarioJourney, cluster: ClusterSpec, objects: K8sObject[], pods: Pod[], netns: NetnsSpec[]): JourneySpec | { error: Diagnostic } {
  const fail = (message: string, path: string, hint?: string) => ({ error: { severity: 'error' as const, message, path, ...(hint ? { hint } : {}) } })
  let from: string | undefined
  let client: string | undefined
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
    const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local\.?$/.exec(to.dns)
    const s = m && service(m[1]!, m[2]!)
    if (!s) return fail(`the DNS name ${to.dns} names no Service`, 'journey.to.dns', 'write <service>.<namespace>.svc.cluster.local')
    dst = s.spec.clusterIP
    dport = to.port ?? s.spec.ports[0]!.port
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
    dst = s ? s.spec.clusterIP : to.host
    dport = to.port
  } else {
    dst = to.ip
    dport = to.port
  }
  if (!dst) return fail('the journey has no destination address', 'journey.to')
  return {
    from,
    protocol: j.protocol,
    dst,
    ...(j.protocol !== 'icmp' ? { dport: dport ?? 80, request: j.request ?? `GET / HTTP/1.1\r\nHost: ${dst}\r\n\r\n` } : {}),
    ...(j.count !== undefined ? { count: j.count } : {}),
    ...(client ? { app: client } : {}),
  }
}

/** Objects are plain data from the parser; copy them so allocation never edits the caller's. */
function structuredCloneSafe<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
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
