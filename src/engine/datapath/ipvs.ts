/**
 * IPVS on the netfilter hooks (net/netfilter/ipvs/ip_vs_core.c ip_vs_ops4, ip_vs_xmit.c,
 * ip_vs_nfct.c). Its hook functions sit between the filter table (priority 0) and nat's source
 * NAT (100), so iptables filters a packet before IPVS sees it:
 *
 *   LOCAL_IN   NF_IP_PRI_NAT_SRC - 2 (98)  ip_vs_out_hook  replies from a real server
 *   LOCAL_IN   NF_IP_PRI_NAT_SRC - 1 (99)  ip_vs_in_hook   requests to a virtual service
 *   LOCAL_OUT  NF_IP_PRI_NAT_DST + 1 (-99) ip_vs_out_hook
 *   LOCAL_OUT  NF_IP_PRI_NAT_DST + 2 (-98) ip_vs_in_hook   requests the node itself makes
 *   FORWARD    100                         ip_vs_out_hook  replies routed through the director
 *
 * A virtual address is local (kube-proxy binds it to kube-ipvs0), so a request to it is routed
 * to LOCAL_IN; IPVS schedules a real server, rewrites the destination (Masq forwarding,
 * ip_vs_nat_xmit), routes the packet again, decrements its TTL and sends it through LOCAL_OUT
 * and POSTROUTING itself (NF_STOLEN). The real server's reply is forwarded back through the
 * director, where the FORWARD hook rewrites its source to the virtual address again. With
 * net.ipv4.vs.conntrack=1 the packet keeps its conntrack entry, whose reply tuple IPVS changes to
 * the real server (ip_vs_update_conntrack), so `conntrack -L` shows both sides.
 *
 * This machine's kernel has no ip_vs, so the kernel oracle cannot check this file; it follows
 * the sources named above. Not modelled: ICMP for IPVS connections (ip_vs_in_icmp), DR/TUN
 * forwarding, the MTU check of __ip_vs_get_out_rt, persistence templates.
 */
import type { NfHook } from '../trace/events'
import type { Netns, Skb } from '../sim/world'
import type { IpvsConnRow, TableDelta } from '../tables/types'
import { connIn, connOut, findService, newConn, scheduleRr, serviceName, stateTransition, type IpvsService } from '../net/ipvs'
import { emit, type Ctx } from './context'
import { flowOfFrame, rewrite } from './packet'
import { ipOutput, routeLookup } from './l3'
import { nfHook, type HookIo } from './netfilter-hooks'
import { sendIcmpError } from './reject'

/**
 * Runs IPVS's hook functions at one hook. Returns true when the packet continues through the
 * hook, false when IPVS took it (sent it on itself, or dropped it).
 */
export function ipvsHook(ctx: Ctx, ns: Netns, skb: Skb, hook: NfHook, io: HookIo): boolean {
  const st = ns.ipvs
  const f = skb.frame
  const l4 = f.tcp ?? f.udp
  if (!st || skb.ipvsProperty || !f.ip || !l4) return true
  if (hook !== 'INPUT' && hook !== 'OUTPUT' && hook !== 'FORWARD') return true
  const protocol = f.tcp ? 'tcp' : 'udp'
  const src = { addr: f.ip.src, port: l4.sport }
  const dst = { addr: f.ip.dst, port: l4.dport }

  // ip_vs_out: a packet from a real server to its client, on a connection IPVS made.
  const out = connOut(st, protocol, src, dst)
  if (out) return handleResponse(ctx, ns, skb, out, hook, io)
  if (hook === 'FORWARD') return true

  // ip_vs_in: a packet from a client to a virtual service.
  let conn = connIn(st, protocol, src, dst)
  const svc = conn ? findService(st, protocol, conn.virtual.addr, conn.virtual.port) : findService(st, protocol, dst.addr, dst.port)
  if (!svc) return true
  if (!conn) {
    // tcp_conn_schedule: only a SYN opens a connection; anything else goes on to the local stack.
    if (f.tcp && (!f.tcp.flags.includes('SYN') || f.tcp.flags.includes('RST'))) return true
    const real = scheduleRr(svc)
    if (!real) {
      // ip_vs_leave: a service without a usable real server answers port unreachable.
      emit(ctx, ns, skb, { kind: 'drop', ...devOf(io), code: 'no-listener', reason: `IPVS virtual service ${serviceName(svc)} has no real server to schedule`, why: { code: 'ipvs-no-real', service: serviceName(svc) } })
      sendIcmpError(ctx, ns, skb, 3, 3)
      return false
    }
    conn = newConn(st, protocol, src, dst, { addr: real.addr, port: real.port })
    const d = stateTransition(ns.name, conn, 'input', f.tcp?.flags, true)
    emit(ctx, ns, skb, { kind: 'ipvs.schedule', ...devOf(io), hook, service: serviceName(svc), scheduler: svc.scheduler, real: `${real.addr}:${real.port}`, conn: conn.id, deltas: d ? [d] : [] })
    return natXmit(ctx, ns, skb, svc, conn, hook, io, [])
  }
  const d = stateTransition(ns.name, conn, 'input', f.tcp?.flags, false)
  return natXmit(ctx, ns, skb, svc, conn, hook, io, d ? [d] : [])
}

function devOf(io: HookIo): { dev?: string } {
  const dev = io.out ?? io.in
  return dev ? { dev } : {}
}

/**
 * ip_vs_nat_xmit: rewrite the destination to the real server, route again, decrement the TTL
 * (__ip_vs_get_out_rt), let conntrack expect the reply from the real server, and send the packet
 * through LOCAL_OUT and POSTROUTING (ip_vs_nat_send_or_cont). A real server on this very host
 * continues through the current hook instead.
 */
function natXmit(ctx: Ctx, ns: Netns, skb: Skb, svc: IpvsService, conn: IpvsConnRow, hook: NfHook, io: HookIo, deltas: TableDelta[]): boolean {
  const ip = skb.frame.ip!
  const before = flowOfFrame(skb.frame)!
  rewrite(skb.frame, { dst: conn.real.addr, dport: conn.real.port })
  skb.ipvsProperty = true
  const c = skb.ct
  if (ns.ipvs!.conntrack && c && c.dir === 'original' && !c.entry.status.confirmed)
    c.entry.reply = { ...c.entry.reply, src: conn.real.addr, ...(c.entry.reply.sport !== undefined ? { sport: conn.real.port } : {}) }
  emit(ctx, ns, skb, { kind: 'ipvs.dnat', ...devOf(io), hook, service: serviceName(svc), before, after: flowOfFrame(skb.frame)!, conn: conn.id, deltas })
  const r = routeLookup(ctx, ns, skb)
  if (r.kind === 'local') return true
  if (r.kind !== 'unicast') {
    emit(ctx, ns, skb, { kind: 'drop', code: 'no-route', reason: `IPVS found no route to real server ${conn.real.addr}`, why: { code: 'ipvs-no-route', real: conn.real.addr } })
    return false
  }
  if (ip.ttl <= 1) {
    emit(ctx, ns, skb, { kind: 'drop', code: 'ttl-exceeded', reason: `TTL ${ip.ttl} would reach 0 when IPVS forwards it`, why: { code: 'ipvs-ttl', ttl: ip.ttl } })
    sendIcmpError(ctx, ns, skb, 11, 0)
    return false
  }
  ip.ttl -= 1
  skb.dst = r
  if (nfHook(ctx, ns, skb, 'OUTPUT', { out: r.oif!, via: 'ip' })) ipOutput(ctx, ns, skb, r)
  return false
}

/** handle_response: a real server's reply leaves with the virtual address as its source again. */
function handleResponse(ctx: Ctx, ns: Netns, skb: Skb, conn: IpvsConnRow, hook: NfHook, io: HookIo): boolean {
  const before = flowOfFrame(skb.frame)!
  rewrite(skb.frame, { src: conn.virtual.addr, sport: conn.virtual.port })
  skb.ipvsProperty = true
  const d = stateTransition(ns.name, conn, 'output', skb.frame.tcp?.flags, false)
  const svc = findService(ns.ipvs!, conn.protocol, conn.virtual.addr, conn.virtual.port)
  emit(ctx, ns, skb, { kind: 'ipvs.snat', ...devOf(io), hook, service: svc ? serviceName(svc) : `${conn.protocol.toUpperCase()}  ${conn.virtual.addr}:${conn.virtual.port}`, before, after: flowOfFrame(skb.frame)!, conn: conn.id, deltas: d ? [d] : [] })
  return true
}
