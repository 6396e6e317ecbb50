/**
 * Linux bridge forwarding (net/bridge/br_input.c, br_forward.c, br_fdb.c) with br_netfilter
 * (net/bridge/br_netfilter_hooks.c). With bridge-nf-call-iptables=1, an IPv4 frame entering a
 * bridge port traverses iptables PREROUTING with `-i <bridge>`; if DNAT changed its destination
 * and the new destination routes back out the same bridge, the frame is *bridged* to the new
 * destination's MAC (bridged DNAT: no routing, no TTL decrement), passing FORWARD and
 * POSTROUTING as a bridged frame. Otherwise a DNATed frame is handed to the IP stack.
 */
import { ETH_BROADCAST } from '../wire/frame'
import { neighKey, type Link, type Netns, type Skb } from '../sim/world'
import { isGroupMac, learnFdb, lookupBridgeFdb } from '../net/fdb'
import { lookupRoute, routeText } from '../net/route'
import { cloneSkb, emit, type Ctx } from './context'
import { nfHook } from './netfilter-hooks'
import { netifReceive, transmit } from './l2'
import { neighOutput } from './arp'

export function bridgeInput(ctx: Ctx, ns: Netns, br: Link, port: Link, skb: Skb): void {
  const eth = skb.frame.eth
  const learned = learnFdb(ns, br.name, port.name, eth.src, ctx.queue.now)
  if (learned) emit(ctx, ns, skb, { kind: 'fdb.learn', dev: br.name, bridge: br.name, mac: eth.src, port: port.name, deltas: [learned] })

  if (skb.frame.ip && ns.sysctl.bridgeNfCallIptables) {
    const origDst = skb.frame.ip.dst
    skb.nfBridge = { physIn: port.name, bridge: br.name, origDst }
    if (!nfHook(ctx, ns, skb, 'PREROUTING', { in: br.name, physIn: port.name, via: 'br_netfilter' })) return
    if (skb.frame.ip.dst !== origDst) return bridgeAfterDnat(ctx, ns, br, port, skb)
  }
  bridgeForwardByMac(ctx, ns, br, port, skb)
}

/** br_nf_pre_routing_finish after DNAT: bridge to the new destination, or pass the frame up to be routed. */
function bridgeAfterDnat(ctx: Ctx, ns: Netns, br: Link, port: Link, skb: Skb): void {
  const dst = skb.frame.ip!.dst
  const r = lookupRoute(ns, dst)
  emit(ctx, ns, skb, { kind: 'route.lookup', dev: br.name, table: r.table === 'none' ? 'main' : r.table, dst, route: routeText(r.route), result: r.kind === 'broadcast' ? 'local' : r.kind === 'unicast' || r.kind === 'local' ? r.kind : r.table === 'none' ? 'none' : r.kind, ...(r.oif ? { oif: r.oif } : {}), ...(r.gateway ? { gateway: r.gateway } : {}) })
  if (r.kind === 'unicast' && r.oif === br.name && ns.sysctl.ipForward) {
    // Bridged DNAT: the destination MAC comes from the neighbour's cached header (neigh_hh_bridge)
    // and the source MAC is kept. Without a cached header — the neighbour had to be resolved, or
    // has never been used for output — the frame leaves through the bridge device's own output
    // (tcpdump on the bridge sees it with the bridge's MAC as source) before
    // br_nf_pre_routing_finish_bridge_slow restores the original source and bridges it.
    const src = skb.frame.eth.src
    const nexthop = r.gateway ?? dst
    const fast = !!ns.neigh.get(neighKey(br.name, nexthop))?.hh
    neighOutput(ctx, ns, br, nexthop, skb, (mac) => {
      if (!fast) {
        skb.frame.eth = { ...skb.frame.eth, src: br.mac, dst: mac }
        emit(ctx, ns, skb, { kind: 'link.xmit', dev: br.name, via: 'bridge-port', to: [] })
      }
      skb.frame.eth = { ...skb.frame.eth, src, dst: mac }
      bridgeForwardByMac(ctx, ns, br, port, skb)
    })
    return
  }
  skb.dst = r
  skb.frame.eth = { ...skb.frame.eth, dst: br.mac }
  bridgeForwardByMac(ctx, ns, br, port, skb)
}

/** br_handle_frame_finish: the FDB decides local delivery, one port, or a flood. */
function bridgeForwardByMac(ctx: Ctx, ns: Netns, br: Link, inPort: Link, skb: Skb): void {
  const mac = skb.frame.eth.dst
  const answer = lookupBridgeFdb(ns, br.name, mac)
  emit(ctx, ns, skb, { kind: 'fdb.lookup', dev: br.name, bridge: br.name, mac, result: answer.kind, ...(answer.kind === 'port' ? { port: answer.port } : {}) })
  if (answer.kind === 'local') return passUp(ctx, ns, br, inPort, skb)
  if (answer.kind === 'port') {
    const out = ns.links.get(answer.port)!
    if (out === inPort && !inPort.hairpin) {
      emit(ctx, ns, skb, { kind: 'drop', dev: br.name, code: 'not-for-us', reason: `${mac} is behind ${inPort.name}, the port the frame came in on, and hairpin mode is off`, why: { code: 'hairpin-off', mac, port: inPort.name } })
      return
    }
    return bridgeForward(ctx, ns, br, inPort, out, skb)
  }
  // Flood: every port but the ingress one (unless it is in hairpin mode); broadcast also goes up to the bridge itself.
  const ports = [...ns.links.values()].filter((l) => l.master === br.name && l.up && (l !== inPort || l.hairpin))
  emit(ctx, ns, skb, { kind: 'bridge.flood', dev: br.name, bridge: br.name, ports: ports.map((p) => p.name) })
  for (const p of ports) bridgeForward(ctx, ns, br, inPort, p, cloneSkb(skb))
  if (isGroupMac(mac) || mac === ETH_BROADCAST) passUp(ctx, ns, br, inPort, cloneSkb(skb))
}

/** br_pass_frame_up: the frame is received by the bridge device itself (seen by `tcpdump -i cni0`). */
function passUp(ctx: Ctx, ns: Netns, br: Link, inPort: Link, skb: Skb): void {
  emit(ctx, ns, skb, { kind: 'link.recv', dev: br.name, from: { netns: ns.name, dev: inPort.name } })
  netifReceive(ctx, ns, br, skb)
}

/** br_forward: bridged IPv4 passes iptables FORWARD and POSTROUTING (br_netfilter), then leaves the port. */
function bridgeForward(ctx: Ctx, ns: Netns, br: Link, inPort: Link, out: Link, skb: Skb): void {
  emit(ctx, ns, skb, { kind: 'bridge.forward', dev: br.name, bridge: br.name, port: out.name })
  if (skb.frame.ip && skb.nfBridge) {
    const io = { in: br.name, out: br.name, physIn: inPort.name, physOut: out.name, via: 'br_netfilter' as const }
    if (!nfHook(ctx, ns, skb, 'FORWARD', io)) return
    if (!nfHook(ctx, ns, skb, 'POSTROUTING', { out: br.name, physOut: out.name, via: 'br_netfilter' })) return
  }
  transmit(ctx, ns, out, skb)
}

/** br_dev_xmit: a frame the host itself sends out of the bridge device. No br_netfilter here. */
export function bridgeXmit(ctx: Ctx, ns: Netns, br: Link, skb: Skb): void {
  const mac = skb.frame.eth.dst
  const answer = lookupBridgeFdb(ns, br.name, mac)
  const ports = answer.kind === 'port' ? [answer.port] : [...ns.links.values()].filter((l) => l.master === br.name && l.up).map((l) => l.name)
  emit(ctx, ns, skb, { kind: 'link.xmit', dev: br.name, via: 'bridge-port', to: ports.map((p) => ({ host: ns.host, netns: ns.name, dev: p })) })
  emit(ctx, ns, skb, { kind: 'fdb.lookup', dev: br.name, bridge: br.name, mac, result: answer.kind, ...(answer.kind === 'port' ? { port: answer.port } : {}) })
  if (answer.kind === 'local') return netifReceive(ctx, ns, br, skb)
  if (answer.kind === 'port') {
    emit(ctx, ns, skb, { kind: 'bridge.forward', dev: br.name, bridge: br.name, port: answer.port })
    return transmit(ctx, ns, ns.links.get(answer.port)!, skb)
  }
  emit(ctx, ns, skb, { kind: 'bridge.flood', dev: br.name, bridge: br.name, ports })
  for (const p of ports) transmit(ctx, ns, ns.links.get(p)!, cloneSkb(skb))
}
