/**
 * Which device, pod or host acts at the position, and which hop speaks for the step (a NAT,
 * encap or ARP event outranks the rest of a folded step). Module-level selectors so each node
 * subscribes to its own boolean only.
 */
import type { HopEvent } from '../../engine/trace/events'
import { selectCurrentHop, selectStepHops } from '../../store/selectors'
import type { AppState } from '../../store/types'

const RANK = (h: HopEvent) =>
  h.kind.startsWith('nat.') ? 4 : h.kind === 'drop' ? 5 : h.kind.startsWith('vxlan.') ? 3 : h.kind.startsWith('arp.') ? 2 : 1

export function selectBadgeHop(s: AppState): HopEvent | null {
  const hops = selectStepHops(s)
  let best: HopEvent | null = null
  for (const h of hops) if (!best || RANK(h) >= RANK(best)) best = h
  return best ?? selectCurrentHop(s)
}

/** `<netns>:<dev>` of the acting device, `netns:<ns>` of an acting pod, or `host:<name>`. */
export function selectActingId(s: AppState): string | null {
  const h = selectBadgeHop(s)
  if (!h) return null
  if (h.dev) return `${h.netns}:${h.dev}`
  const ns = s.topology?.netns.find((n) => n.name === h.netns)
  return ns?.kind === 'pod' ? `netns:${h.netns}` : `host:${h.host}`
}

/** Device ids a link.xmit at the position travels between. */
export function selectActiveLink(s: AppState): { from: string; to: string[] } | null {
  const h = selectCurrentHop(s)
  if (!h || h.kind !== 'link.xmit' || !h.dev) return null
  return { from: `${h.netns}:${h.dev}`, to: h.to.map((x) => `${x.netns}:${x.dev}`) }
}
