/**
 * Which device, pod or host acts at the position, and which hop speaks for the step (a NAT,
 * encap or ARP event outranks the rest of a folded step). Module-level selectors so each node
 * subscribes to its own boolean only.
 */
import type { HopEvent } from '../../engine/trace/events'
import { isRealDrop, selectCurrentHop, selectStepHops } from '../../store/selectors'
import type { AppState } from '../../store/types'

const RANK = (h: HopEvent) =>
  h.kind === 'drop' ? (isRealDrop(h) ? 5 : 0) : h.kind.startsWith('nat.') ? 4 : h.kind.startsWith('vxlan.') ? 3 : h.kind.startsWith('arp.') ? 2 : 1

export function selectBadgeHop(s: AppState): HopEvent | null {
  const hops = selectStepHops(s)
  let best: HopEvent | null = null
  for (const h of hops) if (!best || RANK(h) >= RANK(best)) best = h
  return best ?? selectCurrentHop(s)
}

export type DropHop = Extract<HopEvent, { kind: 'drop' }>

/**
 * The device a hop happened at. A drop the kernel decided in a hook rather than at a device (an
 * iptables REJECT in FORWARD) belongs to the device the same packet was last handled at in that
 * namespace, the one whose hook walk decided it.
 */
function deviceOf(s: Pick<AppState, 'hops'>, h: HopEvent): string | undefined {
  if (h.dev || h.kind !== 'drop') return h.dev
  for (let i = h.seq - 2; i >= 0; i--) {
    const p = s.hops[i]
    if (!p || p.packet !== h.packet) continue
    if (p.netns !== h.netns) break
    if (p.dev) return p.dev
  }
  return undefined
}

/** `<netns>:<dev>` of the acting device, `netns:<ns>` of an acting pod, or `host:<name>`. */
export function selectActingId(s: AppState): string | null {
  const h = selectBadgeHop(s)
  if (!h) return null
  const dev = deviceOf(s, h)
  if (dev) return `${h.netns}:${dev}`
  const ns = s.topology?.netns.find((n) => n.name === h.netns)
  return ns?.kind === 'pod' ? `netns:${h.netns}` : `host:${h.host}`
}

/** The device the current hop happened at (a drop's resolved as above). */
export function selectCurrentDevice(s: AppState): string | undefined {
  const h = selectCurrentHop(s)
  return h ? deviceOf(s, h) : undefined
}

/** The drop the current step ends in, if it does (the badge hop outranks everything for it). */
export function selectDrop(s: AppState): DropHop | null {
  // A frame a host ignores as not its own (an ARP broadcast for another address) is no drop.
  const h = selectBadgeHop(s)
  return h?.kind === 'drop' && isRealDrop(h) ? h : null
}

/** Device ids a link.xmit at the position travels between. */
export function selectActiveLink(s: AppState): { from: string; to: string[] } | null {
  const h = selectCurrentHop(s)
  if (!h || h.kind !== 'link.xmit' || !h.dev) return null
  return { from: `${h.netns}:${h.dev}`, to: h.to.map((x) => `${x.netns}:${x.dev}`) }
}
