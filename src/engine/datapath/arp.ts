/**
 * ARP and neighbour resolution (net/ipv4/arp.c arp_process/arp_solicit, net/core/neighbour.c):
 * real request and reply frames; INCOMPLETE while resolving with packets queued; REACHABLE on a
 * reply; STALE for an entry learnt from a request; STALE → DELAY when used; FAILED after
 * mcast_solicit (3) unanswered requests one retrans_time (1 s) apart.
 */
import { ETH_BROADCAST, ETH_ZERO, type Frame, type Ipv4Addr, type MacAddr } from '../wire/frame'
import type { Link, Netns, Skb } from '../sim/world'
import { lookupNeigh, updateNeigh } from '../net/neigh'
import { isLocalAddress, lookupRoute, selectSourceAddress } from '../net/route'
import { emit, LATENCY, newSkb, type Ctx } from './context'
import { transmit } from './l2'
import { vxlanL3Miss } from './tunnel'
import { neighKey } from '../sim/world'

const MCAST_SOLICIT = 3

/**
 * neigh_output: hand `skb` to `resume` with the next hop's MAC, now or once ARP answers.
 * `onFail` runs if resolution fails (default: drop with the reason).
 */
export function neighOutput(ctx: Ctx, ns: Netns, link: Link, nexthop: Ipv4Addr, skb: Skb, resume: (mac: MacAddr) => void, onFail?: () => void): void {
  if (link.type === 'loopback') return resume(ETH_ZERO)
  let answer = lookupNeigh(ns, link.name, nexthop)
  // Asking user space first: the vxlan driver's l3miss, or the neighbour table's app_solicit
  // (neigh_app_ns sends RTM_GETNEIGH before any ARP goes out).
  if (answer.kind === 'none' && (link.vxlan?.l3miss || (link.appSolicit ?? 0) > 0)) {
    vxlanL3Miss(ctx, ns, link, nexthop, skb)
    answer = lookupNeigh(ns, link.name, nexthop)
  }
  if (answer.kind === 'found') {
    const e = answer.entry
    const d = e.state === 'STALE' ? updateNeigh(ns, link.name, nexthop, 'DELAY') : null
    emit(ctx, ns, skb, { kind: 'neigh.lookup', dev: link.name, ip: nexthop, result: 'found', lladdr: e.lladdr!, state: e.state, deltas: d ? [d] : [] })
    e.hh = true
    return resume(e.lladdr!)
  }
  const fail = onFail ?? (() => emit(ctx, ns, skb, { kind: 'drop', dev: link.name, code: 'neigh-failed', reason: `no ARP reply for ${nexthop} on ${link.name} after ${MCAST_SOLICIT} requests; the neighbour entry is FAILED`, why: { code: 'neigh-failed', ip: nexthop, dev: link.name, tries: MCAST_SOLICIT } }))
  if (answer.kind === 'incomplete') {
    emit(ctx, ns, skb, { kind: 'neigh.lookup', dev: link.name, ip: nexthop, result: 'incomplete', state: 'INCOMPLETE' })
    answer.entry.queue.push({ skb, resume, fail })
    return
  }
  const d = updateNeigh(ns, link.name, nexthop, 'INCOMPLETE')
  emit(ctx, ns, skb, { kind: 'neigh.lookup', dev: link.name, ip: nexthop, result: 'incomplete', state: 'INCOMPLETE', deltas: d ? [d] : [] })
  const entry = ns.neigh.get(neighKey(link.name, nexthop))!
  entry.queue.push({ skb, resume, fail })
  entry.probes = 0
  arpSolicit(ctx, ns, link, nexthop, skb.frame)
}

/** arp_solicit: broadcast who-has; retry until mcast_solicit requests went unanswered. */
function arpSolicit(ctx: Ctx, ns: Netns, link: Link, target: Ipv4Addr, trigger: Frame): void {
  const entry = ns.neigh.get(neighKey(link.name, target))
  if (!entry || entry.state !== 'INCOMPLETE') return
  if (entry.probes >= MCAST_SOLICIT) {
    const d = updateNeigh(ns, link.name, target, 'FAILED')
    const queued = entry.queue.splice(0)
    emit(ctx, ns, queued[0]?.skb ?? null, { kind: 'neigh.update', dev: link.name, ip: target, state: 'FAILED', by: 'kernel', deltas: d ? [d] : [] })
    for (const q of queued) q.fail()
    return
  }
  entry.probes++
  // arp_announce=0: use the triggering packet's source if it is ours, else the device's address.
  const src = trigger.ip && isLocalAddress(ns, trigger.ip.src) ? trigger.ip.src : (selectSourceAddress(ns, link, target) ?? '0.0.0.0')
  const skb = newSkb(ctx, {
    eth: { src: link.mac, dst: ETH_BROADCAST, type: 'ARP' },
    arp: { op: 'request', senderMac: link.mac, senderIp: src, targetMac: ETH_ZERO, targetIp: target },
    payloadLength: 0,
  }, 'control')
  emit(ctx, ns, skb, { kind: 'arp.request', dev: link.name, targetIp: target, senderIp: src })
  transmit(ctx, ns, link, skb)
  ctx.queue.schedule(LATENCY.arpRetrans, () => arpSolicit(ctx, ns, link, target, trigger))
}

/** arp_process: answer requests for our addresses, learn from what we hear. */
export function arpRcv(ctx: Ctx, ns: Netns, link: Link, skb: Skb): void {
  const arp = skb.frame.arp!
  if (arp.op === 'request') {
    const r = lookupRoute(ns, arp.targetIp)
    if (r.kind === 'local') {
      const d = updateNeigh(ns, link.name, arp.senderIp, 'STALE', arp.senderMac)
      if (d) emit(ctx, ns, skb, { kind: 'neigh.update', dev: link.name, ip: arp.senderIp, lladdr: arp.senderMac, state: 'STALE', by: 'arp', deltas: [d] })
      const reply = newSkb(ctx, {
        eth: { src: link.mac, dst: arp.senderMac, type: 'ARP' },
        arp: { op: 'reply', senderMac: link.mac, senderIp: arp.targetIp, targetMac: arp.senderMac, targetIp: arp.senderIp },
        payloadLength: 0,
      }, 'control')
      emit(ctx, ns, reply, { kind: 'arp.reply', dev: link.name, senderIp: arp.targetIp, senderMac: link.mac, targetIp: arp.senderIp })
      transmit(ctx, ns, link, reply)
      return
    }
    const known = lookupNeigh(ns, link.name, arp.senderIp)
    const d = known.kind === 'found' ? updateNeigh(ns, link.name, arp.senderIp, 'STALE', arp.senderMac) : null
    if (d) emit(ctx, ns, skb, { kind: 'neigh.update', dev: link.name, ip: arp.senderIp, lladdr: arp.senderMac, state: 'STALE', by: 'arp', deltas: [d] })
    emit(ctx, ns, skb, { kind: 'drop', dev: link.name, code: 'not-for-us', reason: `ARP who-has ${arp.targetIp}: not an address of this namespace, so no reply`, why: { code: 'arp-not-ours', ip: arp.targetIp } })
    return
  }
  // A reply: only an entry we are resolving (or already have) is updated; arp_accept=0 creates none.
  const entry = ns.neigh.get(neighKey(link.name, arp.senderIp))
  if (!entry) {
    emit(ctx, ns, skb, { kind: 'drop', dev: link.name, code: 'not-for-us', reason: `unsolicited ARP reply from ${arp.senderIp} ignored (arp_accept=0)`, why: { code: 'arp-unsolicited', ip: arp.senderIp } })
    return
  }
  const d = updateNeigh(ns, link.name, arp.senderIp, 'REACHABLE', arp.senderMac)
  emit(ctx, ns, skb, { kind: 'neigh.update', dev: link.name, ip: arp.senderIp, lladdr: arp.senderMac, state: 'REACHABLE', by: 'arp', deltas: d ? [d] : [] })
  entry.hh = true
  for (const q of entry.queue.splice(0)) q.resume(arp.senderMac)
}
