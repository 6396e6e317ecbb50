/**
 * The FIB as `ip route` shows it: the local table (addresses, broadcast) consulted before the
 * main table, longest-prefix match, then lowest metric, as in net/ipv4/fib_trie.c and
 * fib_rules.c (default rules: local 0, main 32766). Source selection follows inet_select_addr().
 */
import type { RouteSpec } from '../lab/spec'
import type { RouteRow } from '../tables/types'
import type { Ipv4Addr } from '../wire/frame'
import { broadcastOf, cidrContains, formatCidr, ipToInt, parseCidr } from './addr'
import type { Link, Netns, RouteResult } from '../sim/world'

/** Routes the kernel adds by itself for each address (fib_add_ifaddr). */
export function kernelRoutes(ns: Netns): RouteRow[] {
  const rows: RouteRow[] = []
  for (const link of ns.links.values()) {
    for (const a of link.addrs) {
      const prefix = formatCidr(parseCidr(`${a.ip}/${a.len}`)!)
      rows.push({ table: 'local', type: 'local', dst: a.ip, dev: link.name, scope: 'host', src: a.ip, proto: 'kernel' })
      if (link.type === 'loopback' && a.len < 32)
        rows.push({ table: 'local', type: 'local', dst: prefix, dev: link.name, scope: 'host', src: a.ip, proto: 'kernel' })
      // Since Linux 5.x no broadcast route for the network address; the last address still gets one.
      // fib_add_ifaddr adds only the local route while the device is down (kube-ipvs0 never comes up).
      if (a.len < 31 && link.up)
        rows.push({ table: 'local', type: 'broadcast', dst: broadcastOf(a.ip, a.len), dev: link.name, scope: 'link', src: a.ip, proto: 'kernel' })
      if (a.len < 32 && link.type !== 'loopback' && link.up)
        rows.push({ table: 'main', type: 'unicast', dst: prefix, dev: link.name, scope: 'link', src: a.ip, proto: 'kernel' })
    }
  }
  return rows
}

/** Checks a route as `ip route add` would and returns its row, or the reason it is refused. */
export function validateRoute(ns: Netns, r: RouteSpec): RouteRow | string {
  if (r.dst !== 'default' && !parseCidr(r.dst)) return `'${r.dst}' is not a route destination (default or a CIDR)`
  const type = r.type ?? 'unicast'
  let dev = r.dev
  if (r.via) {
    const via = r.via
    const candidates = [...ns.links.values()].filter((l) => !dev || l.name === dev)
    const onLink = candidates.find((l) => l.addrs.some((a) => a.len < 32 && cidrContains(parseCidr(`${a.ip}/${a.len}`)!, via)))
    if (!onLink && !r.onlink) return `gateway ${via} is not on a connected network${dev ? ` of ${dev}` : ''} (the kernel says "Nexthop has invalid gateway"); add 'onlink' or a connected address`
    dev = dev ?? onLink?.name
  }
  if (type === 'unicast' && !dev) return 'a unicast route needs dev or via'
  if (dev && !ns.links.has(dev)) return `route dev '${dev}' does not exist in namespace '${ns.name}'`
  const dst = r.dst === 'default' ? 'default' : normaliseDst(r.dst)
  return {
    table: r.table ?? 'main',
    type,
    dst,
    dev: dev ?? '',
    scope: r.scope ?? (r.via || type !== 'unicast' ? 'global' : 'link'),
    ...(r.via ? { via: r.via } : {}),
    ...(r.onlink ? { onlink: true } : {}),
    ...(r.src ? { src: r.src } : {}),
    ...(r.proto ? { proto: r.proto } : {}),
    ...(r.metric !== undefined ? { metric: r.metric } : {}),
  }
}

function normaliseDst(dst: string): string {
  const c = parseCidr(dst)!
  return c.len === 32 ? dst.split('/')[0]! : formatCidr(c)
}

function routePrefix(r: RouteRow): { net: number; len: number } {
  if (r.dst === 'default') return { net: 0, len: 0 }
  return parseCidr(r.dst)!
}

/**
 * A route through a device that is down is skipped, except a local route: the host keeps
 * owning an address on a down device (host-scope nexthops are not tied to link state), which is
 * how kube-proxy's IPVS mode answers for ClusterIPs bound to the DOWN dummy kube-ipvs0.
 */
function linkUsable(ns: Netns, r: RouteRow): boolean {
  if (!r.dev || (r.table === 'local' && r.type === 'local')) return true
  const l = ns.links.get(r.dev)
  return !!l && l.up
}

/** fib_lookup: local table, then main; longest prefix, then lowest metric, then insertion order. */
export function lookupRoute(ns: Netns, dst: Ipv4Addr): RouteResult & { table: 'local' | 'main' | 'none' } {
  for (const table of ['local', 'main'] as const) {
    let best: RouteRow | undefined
    let bestLen = -1
    for (const r of ns.routes) {
      if (r.table !== table || !linkUsable(ns, r)) continue
      const p = routePrefix(r)
      if (((ipToInt(dst) & (p.len === 0 ? 0 : (0xffffffff << (32 - p.len)) >>> 0)) >>> 0) !== p.net) continue
      if (p.len > bestLen || (p.len === bestLen && (r.metric ?? 0) < (best?.metric ?? 0))) {
        best = r
        bestLen = p.len
      }
    }
    if (best) return { ...resultOf(ns, best, dst), table }
  }
  return { kind: 'unreachable', table: 'none' }
}

function resultOf(ns: Netns, r: RouteRow, dst: Ipv4Addr): RouteResult {
  switch (r.type) {
    case 'local':
      return { kind: 'local', route: r, oif: 'lo', src: r.src ?? dst }
    case 'broadcast':
      return { kind: 'broadcast', route: r, oif: r.dev, src: r.src }
    case 'blackhole':
    case 'unreachable':
    case 'prohibit':
      return { kind: r.type, route: r }
    case 'unicast': {
      const link = ns.links.get(r.dev)
      const src = r.src ?? (link ? selectSourceAddress(ns, link, r.via ?? dst) : undefined)
      return { kind: 'unicast', route: r, oif: r.dev, ...(r.via ? { gateway: r.via } : {}), ...(src ? { src } : {}) }
    }
  }
}

/** inet_select_addr(): an address of the device on the next hop's subnet, else its first, else any global one. */
export function selectSourceAddress(ns: Netns, link: Link, nexthop: Ipv4Addr): Ipv4Addr | undefined {
  const onSubnet = link.addrs.find((a) => cidrContains(parseCidr(`${a.ip}/${a.len}`)!, nexthop))
  if (onSubnet) return onSubnet.ip
  if (link.addrs[0]) return link.addrs[0].ip
  for (const l of ns.links.values()) if (l.type !== 'loopback' && l.addrs[0]) return l.addrs[0].ip
  return undefined
}

/** True when `ip` is one of this namespace's own addresses (RTN_LOCAL). */
export function isLocalAddress(ns: Netns, ip: Ipv4Addr): boolean {
  return ns.routes.some((r) => r.table === 'local' && r.type === 'local' && (r.dst === ip || (r.dst.includes('/') && cidrContains(parseCidr(r.dst)!, ip))))
}

export function addrType(ns: Netns, ip: Ipv4Addr): 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST' | 'UNSPEC' {
  if (ip === '0.0.0.0') return 'UNSPEC'
  if (isLocalAddress(ns, ip)) return 'LOCAL'
  if (ns.routes.some((r) => r.table === 'local' && r.type === 'broadcast' && r.dst === ip) || ip === '255.255.255.255') return 'BROADCAST'
  if (ipToInt(ip) >>> 28 === 0xe) return 'MULTICAST'
  return 'UNICAST'
}

/** The text `ip route get`-style summary of the matched route, as `ip route` prints the row. */
export function routeText(r: RouteRow | undefined): string {
  if (!r) return '(no route)'
  const parts = [r.type !== 'unicast' ? `${r.type} ${r.dst}` : r.dst]
  if (r.via) parts.push(`via ${r.via}`)
  if (r.dev) parts.push(`dev ${r.dev}`)
  if (r.proto && r.proto !== 'boot') parts.push(`proto ${r.proto}`)
  if (r.scope !== 'global') parts.push(`scope ${r.scope}`)
  if (r.src) parts.push(`src ${r.src}`)
  if (r.metric !== undefined) parts.push(`metric ${r.metric}`)
  if (r.onlink) parts.push('onlink')
  return parts.join(' ')
}
