/**
 * kube-proxy in userspace mode, the original proxier (pkg/proxy/userspace/proxier.go, last
 * shipped in v1.25; seed 002). kube-proxy itself is the load balancer: per Service port it
 * listens on a random port of its own, and iptables only steers connections to that port —
 * REDIRECT for traffic arriving on an interface, DNAT to the node's IP for the node's own.
 *
 * iptablesInit's jumps: nat PREROUTING → KUBE-PORTALS-CONTAINER and OUTPUT → KUBE-PORTALS-HOST
 * inserted first, PREROUTING/OUTPUT `--dst-type LOCAL` → KUBE-NODEPORT-CONTAINER/-HOST appended
 * last ("this must be the last rule"), filter INPUT → KUBE-NODEPORT-NON-LOCAL inserted. Then,
 * per Service port, the rules openPortal/openNodePort append, with the args exactly as
 * iptablesCommonPortalArgs orders them (kube-proxy passes them to `iptables -A`; the engine
 * prints them back in iptables-save's canonical order).
 *
 * The proxy socket listens on 0.0.0.0 (--bind-address default), so container portals use
 * REDIRECT; host portals DNAT to hostIP, the address of the default route's interface
 * (ChooseHostInterface). Its port comes from bind(port 0): inet_csk_find_open_port picks an odd
 * port, and with SO_REUSEADDR (Go sets it on listeners) from the lower half of
 * ip_local_port_range first. Services are processed sorted by name (on a real node, Go map order).
 *
 * Not modelled: UDP proxying (rules are written, no proxy answers), session affinity, the
 * listening socket kube-proxy holds on each node port (claimNodePort), retries over
 * EndpointDialTimeouts.
 */
import type { Diagnostic } from '../../engine/diagnostics'
import type { AppSpec } from '../../engine/lab/spec'
import type { Prng } from '../../engine/sim/prng'
import type { IptablesFragment, NodeSpec, ServicePortInfo } from '../types'

export const PORTALS_CONTAINER = 'KUBE-PORTALS-CONTAINER'
export const PORTALS_HOST = 'KUBE-PORTALS-HOST'
export const NODEPORT_CONTAINER = 'KUBE-NODEPORT-CONTAINER'
export const NODEPORT_HOST = 'KUBE-NODEPORT-HOST'
export const NODEPORT_NON_LOCAL = 'KUBE-NODEPORT-NON-LOCAL'

const PORTALS_COMMENT = 'handle ClusterIPs; NOTE: this must be before the NodePort rules'
const NODEPORTS_COMMENT = 'handle service NodePorts; NOTE: this must be the last rule in the chain'
const NON_LOCAL_COMMENT = 'Ensure that non-local NodePort traffic can flow'

/** bind(0) with SO_REUSEADDR over 32768–60999: odd ports of the lower half, [32768, 46884). */
const BIND_RANGE = { low: 32768, half: 32768 + (((61000 - 32768) >> 2) << 1) }

export interface UserspaceProxy {
  iptables: IptablesFragment
  /** The proxy sockets: one tcp-proxy per TCP Service port, in the node's root namespace. */
  apps: AppSpec[]
  diagnostics: Diagnostic[]
}

const q = (s: string) => `"${s}"`

export function kubeProxyUserspace(ports: ServicePortInfo[], node: NodeSpec, prng: Prng): UserspaceProxy {
  const nat = {
    chains: [PORTALS_CONTAINER, PORTALS_HOST, NODEPORT_CONTAINER, NODEPORT_HOST],
    prepend: [`-A PREROUTING -m comment --comment ${q(PORTALS_COMMENT)} -j ${PORTALS_CONTAINER}`, `-A OUTPUT -m comment --comment ${q(PORTALS_COMMENT)} -j ${PORTALS_HOST}`],
    builtin: [
      `-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment ${q(NODEPORTS_COMMENT)} -j ${NODEPORT_CONTAINER}`,
      `-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment ${q(NODEPORTS_COMMENT)} -j ${NODEPORT_HOST}`,
    ],
    rules: [] as string[],
  }
  const filter = { chains: [NODEPORT_NON_LOCAL], prepend: [`-A INPUT -m comment --comment ${q(NON_LOCAL_COMMENT)} -j ${NODEPORT_NON_LOCAL}`], rules: [] as string[] }
  const apps: AppSpec[] = []
  const diagnostics: Diagnostic[] = []
  const used = new Set<number>()
  const sorted = [...ports].filter((p) => p.clusterIP).sort((a, b) => (a.servicePortName < b.servicePortName ? -1 : a.servicePortName > b.servicePortName ? 1 : 0))
  for (const sp of sorted) {
    const proxyPort = bindPort(prng, used)
    const svc = sp.service.spec
    const hostDnat = `-j DNAT --to-destination ${node.ip}:${proxyPort}`
    const redirect = `-j REDIRECT --to-ports ${proxyPort}`
    const common = (port: number, ip?: string) => `-m comment --comment ${q(sp.servicePortName)} -p ${sp.protocol} -m ${sp.protocol} --dport ${port}${ip ? ` -d ${ip}/32` : ''}`
    const portal = (ip: string) => {
      nat.rules.push(`-A ${PORTALS_CONTAINER} ${common(sp.port.port, ip)} ${redirect}`, `-A ${PORTALS_HOST} ${common(sp.port.port, ip)} ${hostDnat}`)
    }
    portal(sp.clusterIP!)
    // An external IP may arrive from outside (not bridged) or be local to this node.
    for (const ip of svc.externalIPs ?? [])
      nat.rules.push(
        `-A ${PORTALS_CONTAINER} ${common(sp.port.port, ip)} -m physdev ! --physdev-is-in ${redirect}`,
        `-A ${PORTALS_CONTAINER} ${common(sp.port.port, ip)} -m addrtype --dst-type LOCAL ${redirect}`,
        `-A ${PORTALS_HOST} ${common(sp.port.port, ip)} -m addrtype --dst-type LOCAL ${hostDnat}`,
      )
    for (const ing of sp.service.status?.loadBalancer?.ingress ?? []) if (ing.ip) portal(ing.ip)
    const nodePort = svc.type === 'NodePort' || svc.type === 'LoadBalancer' ? sp.port.nodePort : undefined
    if (nodePort) {
      nat.rules.push(`-A ${NODEPORT_CONTAINER} ${common(nodePort)} ${redirect}`, `-A ${NODEPORT_HOST} ${common(nodePort)} ${hostDnat}`)
      filter.rules.push(`-A ${NODEPORT_NON_LOCAL} ${common(proxyPort)} -m state --state NEW -j ACCEPT`)
    }
    if (sp.protocol !== 'tcp') {
      diagnostics.push({ severity: 'warning', message: `kube-proxy userspace mode: the ${sp.protocol.toUpperCase()} proxy for ${sp.servicePortName} is not modelled; its rules are written but nothing answers on port ${proxyPort}`, path: `Service ${sp.servicePortName}` })
      continue
    }
    apps.push({ kind: 'tcp-proxy', name: 'kube-proxy', netns: node.name, listen: `0.0.0.0:${proxyPort}`, upstreams: sp.endpoints.map((e) => `${e.ip}:${e.port}`), policy: 'shuffled-round-robin' })
  }
  return { iptables: { source: 'kube-proxy', tables: { filter, nat } }, apps, diagnostics }
}

/** The port bind(0) gives a listener: odd, in the lower half of the range, not already taken. */
function bindPort(prng: Prng, used: Set<number>): number {
  const span = BIND_RANGE.half - BIND_RANGE.low
  for (;;) {
    const port = BIND_RANGE.low + (prng.int(0, span - 1) | 1)
    if (!used.has(port)) {
      used.add(port)
      return port
    }
  }
}
