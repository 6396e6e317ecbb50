/**
 * Step lists for the two levels of detail. Kernel view: one step per event that passes the
 * filter. Kubernetes view: one step per move of a packet, everything a namespace did to it
 * folded in; a step whose netfilter walk rewrote the packet says what it decided
 * ("kube-proxy's rules sent it to 10.244.2.3:8080").
 * A step is a range of hop seqs; the position is always a hop seq, so levels can swap freely.
 */
import type { HopEvent } from '../engine/trace/events'
import type { Category, Level } from './types'
import { buildStory, flowEndpoint, type StoryLine } from './story'

export function hopCategory(h: HopEvent): Category {
  switch (h.kind) {
    case 'arp.request':
    case 'arp.reply':
    case 'neigh.lookup':
    case 'neigh.update':
      return 'arp'
    case 'fdb.learn':
    case 'fdb.lookup':
    case 'bridge.forward':
    case 'bridge.flood':
      return 'bridge'
    case 'route.lookup':
    case 'ip.forward':
    case 'ip.local-deliver':
      return 'routing'
    case 'nf.hook':
    case 'nf.rule':
    case 'nf.policy':
      return 'netfilter'
    case 'nat.dnat':
    case 'nat.snat':
    case 'nat.masquerade':
    case 'nat.reverse':
    case 'ipvs.schedule':
    case 'ipvs.dnat':
    case 'ipvs.snat':
      return 'nat'
    case 'ct.new':
    case 'ct.established':
    case 'ct.reply':
    case 'ct.confirm':
    case 'ct.related':
      return 'conntrack'
    case 'vxlan.encap':
    case 'vxlan.decap':
    case 'vxlan.miss':
      return 'vxlan'
    case 'app.send':
    case 'app.recv':
    case 'sock.deliver':
      return 'sockets'
    case 'link.xmit':
    case 'link.recv':
      return 'link'
    case 'drop':
      // A frame a host ignores as not its own is ordinary traffic, not a drop.
      return h.code === 'not-for-us' ? 'link' : 'drop'
    case 'icmp.send':
    case 'tcp.rst':
      return 'drop'
    default: {
      const never: never = h
      return never
    }
  }
}

/** Whether an event's frame is ARP (itself, or inside a VXLAN frame). */
function carriesArp(h: HopEvent): boolean {
  return !!(h.frame?.arp || h.frame?.inner?.arp)
}

/**
 * Whether the filter shows this event: its category is on (frames on the wire and real drops
 * always are), and an event about an ARP frame — its crossing of a veth, a host ignoring it as
 * not its own — goes with ARP, so turning ARP off removes ARP from every step.
 */
export function eventShown(h: HopEvent, filter: readonly Category[]): boolean {
  const c = hopCategory(h)
  if (c === 'drop') return true
  if (c !== 'link' && !filter.includes(c)) return false
  return !carriesArp(h) || filter.includes('arp')
}

/** What a folded netfilter walk decided, as data; the UI words it in the chosen language. */
export type FoldSummary =
  | { kind: 'dnat'; to: string }
  | { kind: 'snat'; to: string }
  | { kind: 'unnat'; manip: 'src' | 'dst'; to: string }
  | { kind: 'drop'; chain: string }
  | { kind: 'tracked'; conntrack: number; fresh: boolean }
  | { kind: 'pass'; rules: number }

export interface Step {
  first: number
  last: number
  /** Set for a folded netfilter walk. */
  fold?: FoldSummary
  /** The Kubernetes view's sentence for the step, as data. */
  story?: StoryLine
}

export function summarizeFold(hops: HopEvent[]): FoldSummary {
  let summary: FoldSummary = { kind: 'pass', rules: 0 }
  let rules = 0
  for (const h of hops) {
    if (h.kind === 'nf.rule') rules++
    if (h.kind === 'nat.dnat' || h.kind === 'ipvs.dnat') summary = { kind: 'dnat', to: flowEndpoint(h.after, 'dst') }
    else if ((h.kind === 'nat.snat' || h.kind === 'nat.masquerade') && summary.kind !== 'dnat')
      summary = { kind: 'snat', to: flowEndpoint(h.after, 'src') }
    else if (h.kind === 'nat.reverse')
      summary = { kind: 'unnat', manip: h.manip, to: flowEndpoint(h.after, h.manip) }
    else if (h.kind === 'ipvs.snat') summary = { kind: 'unnat', manip: 'src', to: flowEndpoint(h.after, 'src') }
    else if (h.kind === 'nf.policy' && h.policy === 'DROP') return { kind: 'drop', chain: h.chain }
    else if (h.kind === 'nf.rule' && (h.target === 'DROP' || h.target === 'REJECT'))
      return { kind: 'drop', chain: h.chain }
    else if ((h.kind === 'ct.new' || h.kind === 'ct.reply' || h.kind === 'ct.established') && summary.kind === 'pass' && rules === 0)
      summary = { kind: 'tracked', conntrack: h.conntrack, fresh: h.kind === 'ct.new' }
  }
  return summary.kind === 'pass' || summary.kind === 'tracked'
    ? rules > 0
      ? { kind: 'pass', rules }
      : summary
    : summary
}

export function buildSteps(hops: HopEvent[], level: Level, filter: Category[], hostKind?: (host: string) => string | undefined): Step[] {
  const steps: Step[] = []
  if (level === 'kernel') {
    for (const h of hops) if (eventShown(h, filter)) steps.push({ first: h.seq, last: h.seq })
    return steps
  }
  // Kubernetes view: the story a Kubernetes engineer tells (story.ts).
  return buildStory(hops, filter, hostKind).map((s) => ({ first: s.first, last: s.last, story: s.story }))
}

/** Index of the step the position falls in (the last step starting at or before it), or -1. */
export function stepIndexAt(steps: Step[], seq: number): number {
  let lo = 0
  let hi = steps.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (steps[mid]!.first <= seq) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}
