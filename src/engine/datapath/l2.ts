/**
 * Link layer: a frame arriving at a device (netif_receive_skb), a device transmitting one
 * (dev_queue_xmit), and the wires between devices — veth pairs and the underlay segment, an
 * ideal learning switch that is not itself a Linux host we trace.
 */
import { ETH_BROADCAST } from '../wire/frame'
import type { Link, Netns, Skb } from '../sim/world'
import { cloneSkb, emit, LATENCY, nsOf, type Ctx } from './context'
import { bridgeInput, bridgeXmit } from './bridge'
import { arpRcv } from './arp'
import { ipRcv } from './l3'
import { vxlanXmit } from './tunnel'

/** A frame arrives at `link` in `ns`. */
export function deliverToDevice(ctx: Ctx, ns: Netns, link: Link, skb: Skb, from?: { netns: string; dev: string }): void {
  emit(ctx, ns, skb, { kind: 'link.recv', dev: link.name, ...(from ? { from } : {}) })
  if (!link.up) {
    emit(ctx, ns, skb, { kind: 'drop', dev: link.name, code: 'link-down', reason: `${link.name} is down`, why: { code: 'link-down', dev: link.name } })
    return
  }
  if (link.master) {
    const br = ns.links.get(link.master)
    if (br?.type === 'bridge') return bridgeInput(ctx, ns, br, link, skb)
  }
  netifReceive(ctx, ns, link, skb)
}

/** The protocol layer above a device: only frames for this MAC or broadcast go up (PACKET_HOST). */
export function netifReceive(ctx: Ctx, ns: Netns, link: Link, skb: Skb): void {
  const eth = skb.frame.eth
  if (eth.dst !== link.mac && eth.dst !== ETH_BROADCAST && link.type !== 'loopback') {
    emit(ctx, ns, skb, { kind: 'drop', dev: link.name, code: 'not-for-us', reason: `destination MAC ${eth.dst} is not ${link.name}'s (${link.mac}); the frame is ignored (PACKET_OTHERHOST)`, why: { code: 'other-host', dev: link.name, dst: eth.dst, mac: link.mac } })
    return
  }
  if (eth.type === 'ARP') return arpRcv(ctx, ns, link, skb)
  return ipRcv(ctx, ns, link, skb)
}

/** dev_queue_xmit on `link`: hand the frame to whatever the device is connected to. */
export function transmit(ctx: Ctx, ns: Netns, link: Link, skb: Skb): void {
  if (!link.up) {
    emit(ctx, ns, skb, { kind: 'drop', dev: link.name, code: 'link-down', reason: `${link.name} is down`, why: { code: 'link-down', dev: link.name } })
    return
  }
  switch (link.type) {
    case 'bridge':
      return bridgeXmit(ctx, ns, link, skb)
    case 'vxlan':
      return vxlanXmit(ctx, ns, link, skb)
    case 'veth': {
      const peer = link.peer!
      const peerNs = nsOf(ctx, peer.netns)
      const peerLink = peerNs.links.get(peer.name)!
      emit(ctx, ns, skb, { kind: 'link.xmit', dev: link.name, via: 'veth', to: [{ host: peerNs.host, netns: peerNs.name, dev: peerLink.name }] })
      const moved = crossNetns(skb, ns.name !== peerNs.name)
      ctx.queue.schedule(LATENCY.veth, () => deliverToDevice(ctx, peerNs, peerLink, moved, { netns: ns.name, dev: link.name }))
      return
    }
    case 'ether':
      return segmentXmit(ctx, ns, link, skb)
    case 'loopback': {
      emit(ctx, ns, skb, { kind: 'link.xmit', dev: 'lo', via: 'loopback', to: [{ host: ns.host, netns: ns.name, dev: 'lo' }] })
      ctx.queue.schedule(1, () => deliverToDevice(ctx, ns, link, skb, { netns: ns.name, dev: 'lo' }))
      return
    }
    case 'dummy':
      emit(ctx, ns, skb, { kind: 'drop', dev: link.name, code: 'no-carrier', reason: `${link.name} is a dummy device: it discards everything sent to it`, why: { code: 'dummy', dev: link.name } })
      return
  }
}

/**
 * The underlay switch, a learning bridge like any L2 switch: it learns each sender's MAC and
 * floods what it has not learnt yet — so with warm ARP caches but a cold switch, other hosts on
 * the segment see (and ignore) unicast frames that are not theirs.
 */
function segmentXmit(ctx: Ctx, ns: Netns, link: Link, skb: Skb): void {
  const segment = link.segment ?? ''
  const ports = (ctx.world.segments.get(segment) ?? []).filter((p) => !(p.netns === ns.name && p.dev === link.name))
  const fdb = ctx.world.segmentFdb.get(segment) ?? new Map<string, { netns: string; dev: string }>()
  ctx.world.segmentFdb.set(segment, fdb)
  fdb.set(skb.frame.eth.src, { netns: ns.name, dev: link.name })
  const dst = skb.frame.eth.dst
  const known = dst !== ETH_BROADCAST ? fdb.get(dst) : undefined
  const targets = known ? ports.filter((p) => p.netns === known.netns && p.dev === known.dev) : ports
  emit(ctx, ns, skb, { kind: 'link.xmit', dev: link.name, via: 'segment', to: targets.map((t) => ({ host: nsOf(ctx, t.netns).host, netns: t.netns, dev: t.dev })) })
  for (const t of targets) {
    const tns = nsOf(ctx, t.netns)
    const copy = crossNetns(targets.length > 1 ? cloneSkb(skb) : skb, true)
    ctx.queue.schedule(LATENCY.segment, () => deliverToDevice(ctx, tns, tns.links.get(t.dev)!, copy, { netns: ns.name, dev: link.name }))
  }
}

/** skb_scrub_packet: crossing into another namespace clears conntrack, mark and routing state. */
function crossNetns(skb: Skb, xnet: boolean): Skb {
  if (!xnet) return { ...skb, nfBridge: undefined, dst: undefined, localOut: false } as Skb
  return { frame: skb.frame, packet: skb.packet, mark: 0 }
}
