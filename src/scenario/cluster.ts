/**
 * `cluster:` — the shape a kubeadm-style cluster has that its objects do not say: nodes and their
 * addresses, pod and service CIDRs, CNI backend, kube-proxy mode and outside actors. Defaults
 * (schema.ts) follow kubeadm + kube-flannel: 10.244.0.0/16 pods, 10.96.0.0/12 services, flannel
 * VXLAN, bridge cni0, iptables proxier; the first node gets 10.244.0.0/24 as kubeadm hands out.
 */
import type { ClusterSpec, NodeSpec } from '../control-plane/types'
import { readCidr, readIpv4, readMac } from './lab-netns'
import { cidrContainsIp, nthAddress, nthSubnet, parseCidrText } from './net-syntax'
import { CLUSTER_DEFAULTS, DEFAULT_BRIDGE, FIRST_NODE_HOST_NUMBER } from './schema'
import { isScalar } from 'yaml'
import {
  dig,
  readBool,
  readEnum,
  readInt,
  readList,
  readMap,
  readStr,
  report,
  type Ctx,
  type MapReader,
  type Val,
} from './yaml-reader'

export const CLUSTER_KEYS = [
  'cni',
  'proxyMode',
  'clusterCIDR',
  'serviceCIDR',
  'bridge',
  'masqueradeAll',
  'nodePortAddresses',
  'localhostNodePorts',
  'kubeProxyClusterCIDR',
  'nodeNetwork',
  'nodes',
  'internetGateway',
  'loadBalancer',
  'clients',
]

export interface ClusterRead {
  spec: ClusterSpec
  /** Node entries as written (empty when nodes are implied by the pods). */
  nodeVals: Map<string, Val>
  val: Val
}

function sub(
  ctx: Ctx,
  m: MapReader,
  key: string,
  what: string,
  keys: string[],
  required: string[],
) {
  const v = m.get(key)
  return v ? readMap(ctx, v, what)?.check(keys, required, what) : undefined
}

function readNode(ctx: Ctx, v: Val): Partial<NodeSpec> & { name?: string } {
  if (v.node && isScalar(v.node)) return { name: readStr(ctx, v, 'a node name') }
  const m = readMap(ctx, v, 'a node')?.check(
    ['name', 'ip', 'podCIDR', 'mac', 'vtepMac'],
    ['name'],
    'a node',
  )
  if (!m) return {}
  const n: Partial<NodeSpec> = {
    name: m.get('name') && readStr(ctx, m.get('name') as Val, 'a node name'),
  }
  if (m.get('ip')) n.ip = readIpv4(ctx, m.get('ip') as Val)
  if (m.get('podCIDR')) n.podCIDR = readCidr(ctx, m.get('podCIDR') as Val, { network: true })
  if (m.get('mac')) n.mac = readMac(ctx, m.get('mac') as Val, true)
  if (m.get('vtepMac')) n.vtepMac = readMac(ctx, m.get('vtepMac') as Val, true)
  return n
}

/** Reads `cluster:` (absent: all defaults). Nodes may still be empty; see finishNodes. */
export function readCluster(ctx: Ctx, v: Val | undefined): ClusterRead {
  const spec: ClusterSpec = {
    clusterCIDR: CLUSTER_DEFAULTS.clusterCIDR,
    serviceCIDR: CLUSTER_DEFAULTS.serviceCIDR,
    cni: CLUSTER_DEFAULTS.cni,
    bridge: DEFAULT_BRIDGE[CLUSTER_DEFAULTS.cni],
    proxyMode: CLUSTER_DEFAULTS.proxyMode,
    nodeNetwork: { ...CLUSTER_DEFAULTS.nodeNetwork },
    nodes: [],
  }
  const read: ClusterRead = {
    spec,
    nodeVals: new Map(),
    val: v ?? { node: null, at: null, path: 'cluster' },
  }
  const m = v && readMap(ctx, v, 'the cluster')?.check(CLUSTER_KEYS, [], 'cluster')
  if (!m) return read
  const g = (k: string) => m.get(k)
  if (g('cni'))
    spec.cni =
      readEnum(
        ctx,
        g('cni') as Val,
        ['flannel-vxlan', 'flannel-vxlan-classic', 'flannel-host-gw', 'cloud-vpc'] as const,
        'CNI backend',
      ) ?? spec.cni
  spec.bridge = DEFAULT_BRIDGE[spec.cni]
  if (g('bridge'))
    spec.bridge =
      readEnum(ctx, g('bridge') as Val, ['cni0', 'cbr0', 'docker0'] as const, 'bridge name') ??
      spec.bridge
  if (g('proxyMode'))
    spec.proxyMode =
      readEnum(
        ctx,
        g('proxyMode') as Val,
        ['iptables', 'ipvs', 'userspace'] as const,
        'kube-proxy mode',
      ) ?? spec.proxyMode
  if (g('clusterCIDR'))
    spec.clusterCIDR = readCidr(ctx, g('clusterCIDR') as Val, { network: true }) ?? spec.clusterCIDR
  if (g('serviceCIDR'))
    spec.serviceCIDR = readCidr(ctx, g('serviceCIDR') as Val, { network: true }) ?? spec.serviceCIDR
  if (g('masqueradeAll')) spec.masqueradeAll = readBool(ctx, g('masqueradeAll') as Val)
  readKubeProxyOptions(ctx, m, spec)
  const nn = sub(ctx, m, 'nodeNetwork', 'the node network', ['cidr', 'gateway'], ['cidr'])
  if (nn?.get('cidr'))
    spec.nodeNetwork.cidr =
      readCidr(ctx, nn.get('cidr') as Val, { network: true }) ?? spec.nodeNetwork.cidr
  if (nn?.get('gateway')) spec.nodeNetwork.gateway = readIpv4(ctx, nn.get('gateway') as Val)
  const gw = sub(
    ctx,
    m,
    'internetGateway',
    'the internet gateway',
    ['name', 'insideIp', 'publicIp'],
    ['name', 'insideIp', 'publicIp'],
  )
  if (gw) {
    const [name, insideIp, publicIp] = [
      readStr(ctx, gw.get('name') as Val),
      readIpv4(ctx, gw.get('insideIp') as Val),
      readIpv4(ctx, gw.get('publicIp') as Val),
    ]
    if (name !== undefined && insideIp !== undefined && publicIp !== undefined)
      spec.internetGateway = { name, insideIp, publicIp }
  }
  const lb = sub(
    ctx,
    m,
    'loadBalancer',
    'the cloud load balancer',
    ['name', 'ip', 'insideIp'],
    ['name', 'ip', 'insideIp'],
  )
  if (lb) {
    const [name, ip, insideIp] = [
      readStr(ctx, lb.get('name') as Val),
      readIpv4(ctx, lb.get('ip') as Val),
      readIpv4(ctx, lb.get('insideIp') as Val),
    ]
    if (name !== undefined && ip !== undefined && insideIp !== undefined)
      spec.loadBalancer = { name, ip, insideIp }
  }
  for (const cv of (g('clients') && readList(ctx, g('clients') as Val, 'a list of clients')) ||
    []) {
    const c = readMap(ctx, cv, 'a client')?.check(
      ['name', 'ip', 'network', 'listen'],
      ['name', 'ip'],
      'a client',
    )
    const name = c?.get('name') && readStr(ctx, c.get('name') as Val)
    const ip = c?.get('ip') && readIpv4(ctx, c.get('ip') as Val)
    const network = c?.get('network')
      ? readEnum(ctx, c.get('network') as Val, ['internet', 'nodes'] as const, 'client network')
      : 'internet'
    if (name === undefined || ip === undefined || network === undefined) continue
    if (network === 'nodes' && !cidrContainsIp(spec.nodeNetwork.cidr, ip))
      report(
        ctx,
        c?.get('ip') as Val,
        `client ${ip} is not on the node network ${spec.nodeNetwork.cidr}`,
        'use an address inside nodeNetwork.cidr, or network: internet',
      )
    const listen = c?.get('listen')
      ? (readList(ctx, c.get('listen') as Val, 'a list of TCP ports') ?? [])
          .map((pv) => readInt(ctx, pv, { min: 1, max: 65535, what: 'a port number' }))
          .filter((n): n is number => n !== undefined)
      : undefined
    ;(spec.clients ??= []).push({ name, ip, network, ...(listen?.length ? { listen } : {}) })
  }
  const nodesVal = g('nodes')
  const nodes = (nodesVal && readList(ctx, nodesVal, 'a list of nodes')) || []
  nodes.forEach((nv, i) => {
    const n = readNode(ctx, nv)
    if (n.name === undefined) return
    if (read.nodeVals.has(n.name))
      return void report(
        ctx,
        dig(nv, ['name']),
        `duplicate node name '${n.name}'`,
        'node names must be unique',
      )
    read.nodeVals.set(n.name, nv)
    spec.nodes.push(defaultNode(spec, n as Partial<NodeSpec> & { name: string }, i))
  })
  checkNodes(ctx, read)
  return read
}

function defaultNode(
  spec: ClusterSpec,
  n: Partial<NodeSpec> & { name: string },
  i: number,
): NodeSpec {
  const out: NodeSpec = {
    name: n.name,
    ip: n.ip ?? nthAddress(spec.nodeNetwork.cidr, FIRST_NODE_HOST_NUMBER + i) ?? '0.0.0.0',
    podCIDR: n.podCIDR ?? nthSubnet(spec.clusterCIDR, 24, i) ?? spec.clusterCIDR,
  }
  if (n.mac) out.mac = n.mac
  if (n.vtepMac) out.vtepMac = n.vtepMac
  return out
}

function overlaps(a: string, b: string): boolean {
  const pa = parseCidrText(a)
  const pb = parseCidrText(b)
  if (!pa || !pb) return false
  const [wide, narrow] = pa.len <= pb.len ? [a, b] : [b, a]
  return cidrContainsIp(wide, narrow.split('/')[0] as string)
}

function checkNodes(ctx: Ctx, read: ClusterRead): void {
  const { spec } = read
  const cv = (k: string) => dig(read.val, [k])
  if (overlaps(spec.clusterCIDR, spec.serviceCIDR))
    report(
      ctx,
      cv('serviceCIDR'),
      `serviceCIDR ${spec.serviceCIDR} overlaps clusterCIDR ${spec.clusterCIDR}`,
      'pod and Service ranges must be disjoint',
    )
  const ips = new Map<string, string>()
  spec.nodes.forEach((n, i) => {
    const v = read.nodeVals.get(n.name) as Val
    if (!cidrContainsIp(spec.nodeNetwork.cidr, n.ip))
      report(
        ctx,
        dig(v, ['ip']),
        `node ${n.name} address ${n.ip} is not on the node network ${spec.nodeNetwork.cidr}`,
        'nodes share one L2 segment; use an address inside nodeNetwork.cidr',
      )
    const other = ips.get(n.ip)
    if (other)
      report(
        ctx,
        dig(v, ['ip']),
        `node ${n.name} has the same address as ${other}: ${n.ip}`,
        'give each node its own address',
      )
    ips.set(n.ip, n.name)
    if (
      !overlaps(spec.clusterCIDR, n.podCIDR) ||
      (parseCidrText(n.podCIDR)?.len ?? 0) < (parseCidrText(spec.clusterCIDR)?.len ?? 0)
    )
      report(
        ctx,
        dig(v, ['podCIDR']),
        `node ${n.name} podCIDR ${n.podCIDR} is not inside clusterCIDR ${spec.clusterCIDR}`,
        'a node podCIDR is a subnet of the cluster CIDR',
      )
    for (const prev of spec.nodes.slice(0, i))
      if (overlaps(prev.podCIDR, n.podCIDR))
        report(
          ctx,
          dig(v, ['podCIDR']),
          `node ${n.name} podCIDR ${n.podCIDR} overlaps node ${prev.name}'s ${prev.podCIDR}`,
          'each node needs its own pod subnet',
        )
  })
}

/** Without `cluster.nodes`, the nodes are the pods' nodeNames in order of first mention. */
export function finishNodes(read: ClusterRead, nodeNames: string[]): void {
  if (read.spec.nodes.length > 0) return
  const names = [...new Set(nodeNames)]
  read.spec.nodes = names.map((name, i) => defaultNode(read.spec, { name }, i))
}

/**
 * kube-proxy flags that change its rules (KubeProxyConfiguration): --nodeport-addresses,
 * --iptables-localhost-nodeports and
 * --cluster-cidr (detect-local by ClusterCIDR; empty turns it off). Modelled for the iptables
 * proxier only; in the other modes a setting is refused at its key rather than ignored.
 */
function readKubeProxyOptions(ctx: Ctx, m: MapReader, spec: ClusterSpec): void {
  const np = m.get('nodePortAddresses')
  if (np) {
    const items = readList(ctx, np, 'a list of CIDRs') ?? []
    const cidrs = items.flatMap((v) => readCidr(ctx, v) ?? [])
    if (cidrs.length === items.length) spec.nodePortAddresses = cidrs
  }
  const lh = m.get('localhostNodePorts')
  if (lh) spec.localhostNodePorts = readBool(ctx, lh)
  const cc = m.get('kubeProxyClusterCIDR')
  if (cc) {
    const s = readStr(ctx, cc, 'a CIDR, or "" for none')
    if (s === '') spec.kubeProxyClusterCIDR = ''
    else if (s !== undefined) {
      const c = readCidr(ctx, cc, { network: true })
      if (c !== undefined) spec.kubeProxyClusterCIDR = c
    }
  }
  const modelled = spec.proxyMode === 'iptables'
  for (const [key, set] of [
    ['masqueradeAll', spec.masqueradeAll !== undefined && spec.proxyMode === 'userspace'],
    ['nodePortAddresses', spec.nodePortAddresses !== undefined && !modelled],
    ['localhostNodePorts', spec.localhostNodePorts !== undefined && !modelled],
    ['kubeProxyClusterCIDR', spec.kubeProxyClusterCIDR !== undefined && !modelled],
  ] as const)
    if (set)
      report(
        ctx,
        m.get(key) as Val,
        `${key} is not modelled for kube-proxy in ${spec.proxyMode} mode`,
        `remove it, or use proxyMode: iptables${key === 'masqueradeAll' ? ' or ipvs' : ''}`,
      )
}

