/**
 * VXLAN (drivers/net/vxlan/vxlan_core.c, RFC 7348): on transmit the device looks the inner
 * destination MAC up in its own FDB to find the remote VTEP, wraps the frame in outer
 * Ethernet/IPv4/UDP/VXLAN headers and sends it through the namespace's normal output path
 * (OUTPUT, POSTROUTING, neighbour, underlay NIC). On receive, the UDP socket the device bound
 * (port 8472 by default on Linux) strips the outer headers and the inner frame arrives on the
 * VXLAN device. L2/L3 misses, when the device asks for them, are answered by user space
 * (flanneld ≤ v0.8) and shown as events.
 */
import type { Ipv4Addr } from '../wire/frame'
import type { Link, Netns, Skb } from '../sim/world'
import { addVxlanFdb, lookupVxlanFdb } from '../net/fdb'
import { updateNeigh } from '../net/neigh'
import { cidrContains, parseCidr } from '../net/addr'
import { emit, type Ctx } from './context'
import { finalizeLengths } from './packet'
import { ipLocalOut } from './l3'
import { deliverToDevice } from './l2'

/** The VTEP user space names for a MAC (L2 miss), or the MAC for an address (L3 miss). */
function answerL2(ns: Netns, mac: string): string | undefined {
  return ns.spec.missResponder?.l2.find((e) => e.lladdr === mac)?.dst
}

function answerL3(ns: Netns, ip: Ipv4Addr): string | undefined {
  return ns.spec.missResponder?.l3.find((e) => {
    const c = parseCidr(e.subnet)
    return c !== null && cidrContains(c, ip)
  })?.lladdr
}

/** ip_local_port_range defaults; udp_flow_src_port maps the inner flow hash into it. */
const PORT_MIN = 32768
const PORT_MAX = 60999

export function vxlanXmit(ctx: Ctx, ns: Netns, vx: Link, skb: Skb): void {
  const cfg = vx.vxlan!
  const mac = skb.frame.eth.dst
  emit(ctx, ns, skb, { kind: 'link.xmit', dev: vx.name, via: 'tunnel', to: [] })
  const remote = lookupVxlanFdb(ns, vx.name, mac)
  if (!remote && cfg.l2miss) {
    // vxlan_xmit reports the miss (vxlan_fdb_miss) and drops the frame: user space's answer
    // helps the next frame, not this one.
    const answer = answerL2(ns, mac)
    emit(ctx, ns, skb, { kind: 'vxlan.miss', dev: vx.name, miss: 'l2', key: mac, ...(answer ? { answeredBy: 'flanneld' as const } : {}) })
    if (answer) {
      // flanneld writes the entry as `bridge fdb add <mac> dev flannel.1 dst <ip> self permanent`.
      const d = addVxlanFdb(ns, vx.name, mac, answer, true, ctx.queue.now)
      emit(ctx, ns, skb, { kind: 'fdb.learn', dev: vx.name, bridge: vx.name, mac, port: `dst ${answer}`, deltas: [d] })
    }
    emit(ctx, ns, skb, { kind: 'drop', dev: vx.name, code: 'vxlan-no-fdb', reason: `${vx.name} had no FDB entry for ${mac}: the kernel reported an L2 miss and dropped the frame${answer ? '; the entry user space added serves the next one' : ''}`, why: { code: 'vxlan-l2-miss', dev: vx.name, mac, answered: answer ? 'flanneld' : 'none' } })
    return
  }
  if (!remote) {
    emit(ctx, ns, skb, { kind: 'drop', dev: vx.name, code: 'vxlan-no-fdb', reason: `${vx.name} has no FDB entry for ${mac} (and no default 00:00:00:00:00:00 entry), so it does not know which VTEP to send to`, why: { code: 'vxlan-no-fdb', dev: vx.name, mac } })
    return
  }
  const inner = skb.frame
  const outer = finalizeLengths({
    eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', type: 'IPv4' },
    ip: { src: cfg.local ?? '0.0.0.0', dst: remote, ttl: 64, protocol: 'udp', id: ctx.world.prng.int(0, 65535), df: false, totalLength: 0, tos: 0 },
    udp: { sport: flowSourcePort(ctx.world.spec.seed ?? 1, inner), dport: cfg.port, length: 0 },
    vxlan: { flags: 0x08, vni: cfg.vni },
    inner,
    payloadLength: 0,
  })
  // iptunnel_xmit scrubs the skb: conntrack and route are reset, the mark stays (same namespace).
  const outerSkb: Skb = { frame: outer, packet: skb.packet, mark: skb.mark }
  emit(ctx, ns, outerSkb, { kind: 'vxlan.encap', dev: vx.name, vni: cfg.vni, remote, port: cfg.port, innerDst: mac })
  ipLocalOut(ctx, ns, outerSkb, cfg.dev)
}

/** vxlan_rcv, reached from UDP delivery on the device's port. Returns false if no device takes it. */
export function vxlanRcv(ctx: Ctx, ns: Netns, skb: Skb): boolean {
  const f = skb.frame
  if (!f.udp || !f.vxlan || !f.inner) return false
  const vx = [...ns.links.values()].find((l) => l.vxlan && l.vxlan.port === f.udp!.dport && l.vxlan.vni === f.vxlan!.vni)
  if (!vx) return false
  const remote = f.ip!.src
  emit(ctx, ns, skb, { kind: 'vxlan.decap', dev: vx.name, vni: f.vxlan.vni, remote })
  const inner = f.inner
  if (vx.vxlan!.learning) {
    const existing = lookupVxlanFdb(ns, vx.name, inner.eth.src)
    if (existing !== remote) {
      const d = addVxlanFdb(ns, vx.name, inner.eth.src, remote, false, ctx.queue.now)
      emit(ctx, ns, skb, { kind: 'fdb.learn', dev: vx.name, bridge: vx.name, mac: inner.eth.src, port: `dst ${remote}`, deltas: [d] })
    }
  }
  deliverToDevice(ctx, ns, vx, { frame: inner, packet: skb.packet, mark: 0 })
  return true
}

/** Neighbour miss on a VXLAN device with l3miss: the kernel asks user space, flanneld answers from etcd. */
export function vxlanL3Miss(ctx: Ctx, ns: Netns, vx: Link, ip: Ipv4Addr, skb: Skb): void {
  const mac = answerL3(ns, ip)
  emit(ctx, ns, skb, { kind: 'vxlan.miss', dev: vx.name, miss: 'l3', key: ip, ...(mac ? { answeredBy: 'flanneld' as const } : {}) })
  if (!mac) return
  const d = updateNeigh(ns, vx.name, ip, 'REACHABLE', mac)
  emit(ctx, ns, skb, { kind: 'neigh.update', dev: vx.name, ip, lladdr: mac, state: 'REACHABLE', by: 'flanneld', deltas: d ? [d] : [] })
}

/** udp_flow_src_port: a hash of the inner flow, stable for the flow, spread over the local port range. */
function flowSourcePort(seed: number, inner: Skb['frame']): number {
  const l4 = inner.tcp ?? inner.udp
  const key = `${inner.ip?.src}|${inner.ip?.dst}|${inner.ip?.protocol}|${l4?.sport}|${l4?.dport}|${inner.eth.src}|${inner.eth.dst}`
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
  return PORT_MIN + Math.floor((h / 2 ** 32) * (PORT_MAX - PORT_MIN))
}
