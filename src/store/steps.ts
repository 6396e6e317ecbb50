/**
 * Step lists for the two levels of detail. Kernel view: one step per event that passes the
 * filter. Kubernetes view: one step per move of a packet, everything a namespace did to it
 * folded in; a step whose netfilter walk rewrote the packet says what it decided
 * ("kube-proxy's rules sent it to 10.244.2.3:8080").
 * A step is a range of hop seqs; the position is always a hop seq, so levels can swap freely.
 */
import type { FlowTuple, HopEvent } from '../engine/trace/events'
import type { Category, Level } from './types'

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
    case 'icmp.send':
    case 'tcp.rst':
      return 'drop'
    default: {
      const never: never = h
      return never
    }
  }
}

const FOLDED: Category[] = ['netfilter', 'nat', 'conntrack']

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
  /** Set for a folded netfilter walk in the Kubernetes view. */
  fold?: FoldSummary
}

const endpoint = (f: FlowTuple, side: 'src' | 'dst') => {
  const port = side === 'src' ? f.sport : f.dport
  return port !== undefined ? `${f[side]}:${port}` : f[side]
}

export function summarizeFold(hops: HopEvent[]): FoldSummary {
  let summary: FoldSummary = { kind: 'pass', rules: 0 }
  let rules = 0
  for (const h of hops) {
    if (h.kind === 'nf.rule') rules++
    if (h.kind === 'nat.dnat' || h.kind === 'ipvs.dnat') summary = { kind: 'dnat', to: endpoint(h.after, 'dst') }
    else if ((h.kind === 'nat.snat' || h.kind === 'nat.masquerade') && summary.kind !== 'dnat')
      summary = { kind: 'snat', to: endpoint(h.after, 'src') }
    else if (h.kind === 'nat.reverse')
      summary = { kind: 'unnat', manip: h.manip, to: endpoint(h.after, h.manip) }
    else if (h.kind === 'ipvs.snat') summary = { kind: 'unnat', manip: 'src', to: endpoint(h.after, 'src') }
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

/** Events that end a Kubernetes-view step: the packet moves on, or the journey reaches an end. */
function endsMove(h: HopEvent): boolean {
  return (h.kind === 'link.xmit' && h.via !== 'bridge-port') || h.kind === 'app.recv' || h.kind === 'drop'
}

export function buildSteps(hops: HopEvent[], level: Level, filter: Category[]): Step[] {
  const shown = (c: Category) => c === 'link' || c === 'drop' || filter.includes(c)
  const steps: Step[] = []
  if (level === 'kernel') {
    for (const h of hops) if (shown(hopCategory(h))) steps.push({ first: h.seq, last: h.seq })
    return steps
  }
  // Kubernetes view: one step per move of a packet — everything a namespace does to it (bridge,
  // routing, neighbours, the netfilter walk, conntrack) up to the moment it leaves, folded into
  // the step that ends with it leaving. A step whose walk rewrote or dropped the packet says so.
  let run: HopEvent[] = []
  const flush = () => {
    if (!run.length) return
    if (run.map(hopCategory).some(shown)) {
      const walked = run.some((h) => FOLDED.includes(hopCategory(h)))
      const fold = walked ? summarizeFold(run) : undefined
      const telling = fold && (fold.kind === 'dnat' || fold.kind === 'snat' || fold.kind === 'unnat' || fold.kind === 'drop')
      steps.push({ first: run[0]!.seq, last: run[run.length - 1]!.seq, ...(telling ? { fold } : {}) })
    }
    run = []
  }
  for (const h of hops) {
    const prev = run[run.length - 1]
    if (prev && (prev.packet !== h.packet || (h.kind === 'app.send' && prev.kind !== 'app.send'))) flush()
    run.push(h)
    if (endsMove(h)) flush()
  }
  flush()
  return steps
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
