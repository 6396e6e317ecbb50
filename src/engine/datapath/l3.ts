/**
 * IPv4 (net/ipv4/ip_input.c, ip_forward.c, ip_output.c): receive → PREROUTING → routing
 * decision → local delivery (INPUT) or forwarding (TTL, MTU, FORWARD) → POSTROUTING →
 * neighbour → transmit; and the locally-generated path through OUTPUT.
 */
import type { Link, Netns, RouteResult, Skb } from '../sim/world'
import { lookupRoute, routeText } from '../net/route'
import { emit, type Ctx } from './context'
import { nfHook } from './netfilter-hooks'
import { neighOutput } from './arp'
import { transmit } from './l2'
import { sendIcmpError } from './reject'
import { localDeliver } from './local-delivery'

/** Looks a destination up and records which route decided (as `ip route get` would answer). */
export function routeLookup(ctx: Ctx, ns: Netns, skb: Skb, dev?: string): RouteResult {
  const dst = skb.frame.ip!.dst
  const r = lookupRoute(ns, dst)
  emit(ctx, ns, skb, {
    kind: 'route.lookup',
    ...(dev ? { dev } : {}),
    table: r.table === 'none' ? 'main' : r.table,
    dst,
    route: routeText(r.route),
    result: r.table === 'none' ? 'none' : r.kind === 'broadcast' ? 'local' : r.kind,
    ...(r.oif ? { oif: r.oif } : {}),
    ...(r.gateway ? { gateway: r.gateway } : {}),
    ...(r.src ? { src: r.src } : {}),
  })
  return r
}

/** ip_rcv → PREROUTING → ip_rcv_finish. */
export function ipRcv(ctx: Ctx, ns: Netns, link: Link, skb: Skb): void {
  // ip_sabotage_in: a frame that came through a bridge port already passed PREROUTING there.
  if (!skb.nfBridge && !nfHook(ctx, ns, skb, 'PREROUTING', { in: link.name, via: 'ip' })) return
  const r = skb.dst ?? routeLookup(ctx, ns, skb, link.name)
  skb.dst = r
  switch (r.kind) {
    case 'local':
    case 'broadcast':
      return ipLocalDeliver(ctx, ns, link, skb)
    case 'unicast':
      if (!ns.sysctl.ipForward) {
        emit(ctx, ns, skb, { kind: 'drop', dev: link.name, code: 'forwarding-disabled', reason: `${skb.frame.ip!.dst} is not a local address and net.ipv4.ip_forward=0 in this namespace`, why: { code: 'forwarding-disabled', dst: skb.frame.ip!.dst } })
        return
      }
      return ipForward(ctx, ns, link, skb, r)
    default:
      return routeFailed(ctx, ns, link, skb, r)
  }
}

function routeFailed(ctx: Ctx, ns: Netns, link: Link | undefined, skb: Skb, r: RouteResult): void {
  const dst = skb.frame.ip!.dst
  if (r.kind === 'blackhole') {
    emit(ctx, ns, skb, { kind: 'drop', code: 'unreachable-route', reason: `blackhole route for ${dst}: dropped silently`, why: { code: 'blackhole', dst } })
    return
  }
  const code = r.kind === 'prohibit' ? 13 : r.kind === 'unreachable' && r.route ? 1 : 0
  emit(ctx, ns, skb, { kind: 'drop', code: r.route ? 'unreachable-route' : 'no-route', reason: r.route ? `route '${routeText(r.route)}' says ${r.kind}` : `no route to ${dst} (no matching route and no default route)`, why: r.route ? { code: 'route-refuses', route: routeText(r.route), result: r.kind } : { code: 'no-route', dst } })
  if (link) sendIcmpError(ctx, ns, skb, 3, code)
}

/** ip_forward: TTL, MTU, FORWARD hook, then output. */
function ipForward(ctx: Ctx, ns: Netns, inLink: Link, skb: Skb, r: RouteResult): void {
  const ip = skb.frame.ip!
  if (ip.ttl <= 1) {
    emit(ctx, ns, skb, { kind: 'drop', code: 'ttl-exceeded', reason: `TTL ${ip.ttl} would reach 0 when forwarded`, why: { code: 'ttl-forward', ttl: ip.ttl } })
    return sendIcmpError(ctx, ns, skb, 11, 0)
  }
  const out = ns.links.get(r.oif!)!
  if (ip.totalLength > out.mtu && ip.df) {
    emit(ctx, ns, skb, { kind: 'drop', code: 'frag-needed', reason: `${ip.totalLength}-byte packet with DF set does not fit ${out.name}'s MTU ${out.mtu}`, why: { code: 'frag-needed', size: ip.totalLength, dev: out.name, mtu: out.mtu } })
    return sendIcmpError(ctx, ns, skb, 3, 4, out.mtu)
  }
  ip.ttl -= 1
  emit(ctx, ns, skb, { kind: 'ip.forward', dev: out.name, ttlBefore: ip.ttl + 1, ttlAfter: ip.ttl })
  if (!nfHook(ctx, ns, skb, 'FORWARD', { in: inLink.name, out: out.name, via: 'ip' })) return
  ipOutput(ctx, ns, skb, r)
}

function ipLocalDeliver(ctx: Ctx, ns: Netns, link: Link, skb: Skb): void {
  if (!nfHook(ctx, ns, skb, 'INPUT', { in: link.name, via: 'ip' })) return
  emit(ctx, ns, skb, { kind: 'ip.local-deliver', dev: link.name, dst: skb.frame.ip!.dst })
  localDeliver(ctx, ns, link, skb)
}

/** ip_local_out for a packet this namespace generated: route, OUTPUT, re-route after DNAT, output. */
export function ipLocalOut(ctx: Ctx, ns: Netns, skb: Skb, oifHint?: string): void {
  let r = routeLookup(ctx, ns, skb, oifHint)
  if (r.kind !== 'unicast' && r.kind !== 'local' && r.kind !== 'broadcast') return routeFailed(ctx, ns, undefined, skb, r)
  // A socket bound to 0.0.0.0 (and kernel-generated errors) take the route's preferred source.
  if (skb.frame.ip!.src === '0.0.0.0' && r.src) skb.frame.ip!.src = r.src
  skb.dst = r
  skb.localOut = true
  const dstBefore = skb.frame.ip!.dst
  if (!nfHook(ctx, ns, skb, 'OUTPUT', { out: r.oif === 'lo' || r.kind === 'local' ? 'lo' : r.oif!, via: 'ip' })) return
  if (skb.frame.ip!.dst !== dstBefore) {
    // ip_route_me_harder: the nat OUTPUT chain changed the destination.
    r = routeLookup(ctx, ns, skb)
    if (r.kind !== 'unicast' && r.kind !== 'local') return routeFailed(ctx, ns, undefined, skb, r)
    skb.dst = r
  }
  ipOutput(ctx, ns, skb, r)
}

/** ip_output → POSTROUTING → ip_finish_output2 → neighbour → device. */
export function ipOutput(ctx: Ctx, ns: Netns, skb: Skb, r: RouteResult): void {
  const out = r.kind === 'local' ? ns.links.get('lo')! : ns.links.get(r.oif!)!
  if (!nfHook(ctx, ns, skb, 'POSTROUTING', { out: out.name, via: 'ip' })) return
  const nexthop = r.gateway ?? skb.frame.ip!.dst
  neighOutput(ctx, ns, out, nexthop, skb, (mac) => {
    skb.frame.eth = { src: out.mac, dst: mac, type: 'IPv4' }
    transmit(ctx, ns, out, skb)
  }, skb.localOut ? undefined : () => {
    emit(ctx, ns, skb, { kind: 'drop', dev: out.name, code: 'neigh-failed', reason: `no ARP reply for ${nexthop} on ${out.name}; the queued packet is dropped and its sender told the host is unreachable`, why: { code: 'neigh-queue-failed', ip: nexthop, dev: out.name } })
    sendIcmpError(ctx, ns, skb, 3, 1)
  })
}
