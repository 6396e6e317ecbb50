/**
 * The Kubernetes view: the journey as a Kubernetes engineer tells it. One step per move such a
 * person names — the pod sends; a node's kube-proxy (or IPVS, the cloud load balancer, a
 * MASQUERADE rule, conntrack) rewrites it; it is tunnelled to another node; it is delivered to a
 * pod — with everything that only serves a move (ARP, bridge learning, veth crossings, the TCP
 * handshake's second and third segments, later packets that repeat a path already shown) folded
 * into the step it serves.
 *
 * Everything here is read from the trace's own fields; the UI only words the result. A step is
 * still a contiguous range of hop seqs, so the position stays shared with the kernel view.
 */
import type { Frame } from '../engine/wire/frame'
import type { DropWhy, FlowTuple, HopEvent, RstWhy } from '../engine/trace/events'
import type { Category } from './types'

/** What a packet is, for labels: the journey's own request/reply or something named for itself. */
export type PacketRole =
  | { kind: 'request' }
  | { kind: 'reply' }
  | { kind: 'arp' }
  | { kind: 'dns-query' }
  | { kind: 'dns-answer' }
  | { kind: 'upstream-request'; app: string }
  | { kind: 'upstream-reply'; app: string }
  | { kind: 'icmp-error' }

/** Who rewrote a packet's address, as exactly as the trace says. */
export type RewriteActor =
  | { kind: 'kube-proxy'; chain: string; service?: string }
  | { kind: 'kube-proxy-masquerade' }
  | { kind: 'userspace-portal'; chain: string }
  | { kind: 'ipvs'; scheduler: string; service: string }
  | { kind: 'cloud-lb'; host: string }
  | { kind: 'gateway'; host: string }
  | { kind: 'flannel-masquerade' }
  | { kind: 'docker-masquerade' }
  | { kind: 'rule'; chain: string }
  /** An existing conntrack entry applied its binding (a later packet of the same connection). */
  | { kind: 'conntrack'; conntrack: number }
  /** conntrack undid the NAT on a reply. */
  | { kind: 'conntrack-reverse'; conntrack: number }

export interface Rewrite {
  actor: RewriteActor
  field: 'src' | 'dst'
  before: string
  after: string
  host: string
}

/** The move a step is about; the UI words it. */
export type StoryMove =
  | { kind: 'send'; app: string; netns: string; what: string; flow?: FlowTuple }
  | { kind: 'rewrite'; rewrite: Rewrite; netns: string; out?: string }
  | { kind: 'tunnel'; fromHost: string; toHost: string; outer: string; inner: string; vni: number }
  | { kind: 'forward'; host: string; dev: string; to: string }
  | { kind: 'deliver'; netns: string; app?: string; what: string }
  | { kind: 'exchange'; app: string; netns: string; what: string; received?: string }
  | { kind: 'drop'; host: string; netns: string; code: string; chain: string; why: DropWhy }
  | { kind: 'reset'; host: string; netns: string; why: RstWhy }
  | { kind: 'icmp'; host: string; netns: string; type: number; code: number }
  | { kind: 'other'; host: string; netns: string }

/** What else the step did on the way, folded into it. */
export type StoryAside =
  | { kind: 'arp'; ip: string }
  | { kind: 'handshake' }
  | { kind: 'rewrite'; rewrite: Rewrite }
  | { kind: 'conntrack-new'; host: string; conntrack: number }
  | { kind: 'repeats'; packets: number }

export interface StoryLine {
  move: StoryMove
  /** The packet the move is about (0 when it is an application call with no packet yet). */
  packet: number
  role: PacketRole | null
  asides: StoryAside[]
}

export interface StoryStep {
  first: number
  last: number
  story: StoryLine
}

const NOT_A_DROP = new Set(['not-for-us'])

/** A drop that stops a packet the journey needs, not a frame a host ignores as not its own. */
export function isRealDrop(h: HopEvent): boolean {
  return h.kind === 'drop' && !NOT_A_DROP.has(h.code)
}

/**
 * The chain whose verdict dropped a packet: the rule's own `-A <chain>`, or for a policy drop the
 * chain of the walk's last step before the drop; '' when no chain decided.
 */
export function dropChain(h: Extract<HopEvent, { kind: 'drop' }>, hops: readonly HopEvent[]): string {
  const fromRule = h.rule ? /^-A (\S+)/.exec(h.rule)?.[1] : undefined
  if (fromRule) return fromRule
  for (let i = h.seq - 2; i >= 0; i--) {
    const p = hops[i]
    if (p?.packet === h.packet && (p.kind === 'nf.policy' || p.kind === 'nf.rule')) return p.chain
  }
  return ''
}

const isIcmpError = (f: Frame) => !!f.icmp && [3, 5, 11, 12].includes(f.icmp.type)

interface PacketInfo {
  first: number
  last: number
  hops: HopEvent[]
  frame?: Frame
  role: PacketRole
  /** Carries something worth a step of its own (not ARP, not a bare handshake/ACK segment). */
  major: boolean
  /** Repeats the path of an earlier major packet going the same way. */
  familiar: boolean
  /** Namespace where it ends (delivered or dropped). */
  terminal: string
  sender: string
}

function firstFrame(hops: HopEvent[]): Frame | undefined {
  for (const h of hops) if (h.frame) return h.frame
  return undefined
}

/** Which app sent the packets that leave a namespace: the last app.send there. */
function appsBySender(hops: HopEvent[]): Map<number, string> {
  const lastApp = new Map<string, string>()
  const byPacket = new Map<number, string>()
  for (const h of hops) {
    if (h.kind === 'app.send') lastApp.set(h.netns, h.app)
    else if (h.packet > 0 && !byPacket.has(h.packet)) byPacket.set(h.packet, lastApp.get(h.netns) ?? '')
  }
  return byPacket
}

export function analysePackets(hops: HopEvent[]): Map<number, PacketInfo> {
  const groups = new Map<number, HopEvent[]>()
  for (const h of hops) {
    if (h.packet <= 0) continue
    let g = groups.get(h.packet)
    if (!g) groups.set(h.packet, (g = []))
    g.push(h)
  }
  const client = hops.find((h) => h.kind === 'app.send')?.netns ?? hops[0]?.netns ?? ''
  const apps = appsBySender(hops)
  const seen = new Set<string>()
  const out = new Map<number, PacketInfo>()
  for (const [p, g] of groups) {
    const frame = firstFrame(g)
    const leg = g.find((h) => h.leg)?.leg
    const sender = g[0]!.netns
    const terminal = g[g.length - 1]!.netns
    let role: PacketRole
    const udp53 = frame?.udp && (frame.udp.dport === 53 || frame.udp.sport === 53)
    if (!frame || frame.arp || leg === 'control') role = { kind: 'arp' }
    else if (isIcmpError(frame)) role = { kind: 'icmp-error' }
    else if (udp53) role = { kind: frame.udp!.dport === 53 ? 'dns-query' : 'dns-answer' }
    else if (leg === 'reply') role = terminal === client || sender === client ? { kind: 'reply' } : { kind: 'upstream-reply', app: '' }
    else role = sender === client ? { kind: 'request' } : { kind: 'upstream-request', app: apps.get(p) ?? '' }
    const tcp = frame?.tcp
    const bareSegment = !!tcp && frame!.payloadLength === 0 && !(tcp.flags.includes('SYN') && !tcp.flags.includes('ACK')) && !tcp.flags.includes('RST')
    const major = role.kind !== 'arp' && !bareSegment
    // The shape of its path, not the exact pods: a DNS retry that a kube-proxy rule sends to
    // another CoreDNS replica on another node tells the same story again.
    const hosts = new Set(g.map((h) => h.host)).size
    const tunnelled = g.some((h) => h.kind === 'vxlan.encap')
    const terminalIsPod = terminal.includes('/')
    const signature = `${role.kind}|${sender}|${terminalIsPod}|${hosts}|${tunnelled}`
    const familiar = major && seen.has(signature)
    if (major) seen.add(signature)
    out.set(p, { first: g[0]!.seq, last: g[g.length - 1]!.seq, hops: g, frame, role, major, familiar, terminal, sender })
  }
  // An upstream reply is named for the app it returns to (the one that opened the connection).
  for (const info of out.values()) {
    if (info.role.kind === 'upstream-reply') {
      const back = [...out.values()].find((o) => o.role.kind === 'upstream-request' && o.sender === info.terminal)
      info.role = { kind: 'upstream-reply', app: back && back.role.kind === 'upstream-request' ? back.role.app : '' }
    }
  }
  return out
}

/** `10.244.1.2:41000`, or the bare address for a flow without ports. */
export const flowEndpoint = (f: FlowTuple, side: 'src' | 'dst') => {
  const port = side === 'src' ? f.sport : f.dport
  return port !== undefined ? `${f[side]}:${port}` : f[side]
}

/** Who did a NAT event, from the rule that did it, the host kind and conntrack's state. */
export function rewriteOf(h: HopEvent, walk: HopEvent[], hostKind: (host: string) => string | undefined): Rewrite | null {
  if (h.kind === 'nat.reverse') {
    return { actor: { kind: 'conntrack-reverse', conntrack: h.conntrack }, field: h.manip, before: flowEndpoint(h.before, h.manip), after: flowEndpoint(h.after, h.manip), host: h.host }
  }
  if (h.kind === 'ipvs.dnat' || h.kind === 'ipvs.snat') {
    const field = h.kind === 'ipvs.dnat' ? 'dst' : 'src'
    const sched = walk.find((w) => w.kind === 'ipvs.schedule')
    const actor: RewriteActor =
      h.kind === 'ipvs.dnat' && sched?.kind === 'ipvs.schedule'
        ? { kind: 'ipvs', scheduler: sched.scheduler, service: h.service }
        : { kind: 'conntrack', conntrack: h.conn }
    return { actor, field, before: flowEndpoint(h.before, field), after: flowEndpoint(h.after, field), host: h.host }
  }
  if (h.kind !== 'nat.dnat' && h.kind !== 'nat.snat' && h.kind !== 'nat.masquerade') return null
  const field = h.kind === 'nat.dnat' ? 'dst' : 'src'
  const base = { field, before: flowEndpoint(h.before, field), after: flowEndpoint(h.after, field), host: h.host } as const
  const ct = walk.find((w) => (w.kind === 'ct.established' || w.kind === 'ct.reply') && w.netns === h.netns && w.seq < h.seq)
  if (!h.rule.startsWith('-A ') && ct && (ct.kind === 'ct.established' || ct.kind === 'ct.reply')) return { ...base, actor: { kind: 'conntrack', conntrack: ct.conntrack } }
  const chain = /^-A (\S+)/.exec(h.rule)?.[1] ?? ''
  const kind = hostKind(h.host)
  if (kind === 'loadbalancer') return { ...base, actor: { kind: 'cloud-lb', host: h.host } }
  if (kind === 'router') return { ...base, actor: { kind: 'gateway', host: h.host } }
  if (chain.startsWith('KUBE-PORTALS') || chain.startsWith('KUBE-NODEPORT-')) return { ...base, actor: { kind: 'userspace-portal', chain } }
  if (chain.startsWith('KUBE-SEP-')) {
    const svc = [...walk].reverse().find((w) => w.kind === 'nf.rule' && w.seq < h.seq && /^KUBE-(SVC|SVL|EXT|FW)-/.test(w.target))
    return { ...base, actor: { kind: 'kube-proxy', chain, ...(svc?.kind === 'nf.rule' ? { service: svc.target } : {}) } }
  }
  if (chain === 'KUBE-POSTROUTING') return { ...base, actor: { kind: 'kube-proxy-masquerade' } }
  if (chain.startsWith('FLANNEL') || / -m comment --comment "flanneld masq"/.test(h.rule)) return { ...base, actor: { kind: 'flannel-masquerade' } }
  if (chain === 'POSTROUTING' && /! -o docker0 -j MASQUERADE/.test(h.rule)) return { ...base, actor: { kind: 'docker-masquerade' } }
  return { ...base, actor: { kind: 'rule', chain } }
}

/** Filter categories a move or aside belongs to: hiding one removes it from the steps. */
const MOVE_CATEGORY: Record<StoryMove['kind'], Category> = {
  send: 'sockets',
  rewrite: 'nat',
  tunnel: 'vxlan',
  forward: 'routing',
  deliver: 'sockets',
  exchange: 'sockets',
  drop: 'drop',
  reset: 'drop',
  icmp: 'drop',
  other: 'link',
}

export function moveCategory(m: StoryMove): Category {
  return MOVE_CATEGORY[m.kind]
}

function asideCategory(a: StoryAside): Category {
  switch (a.kind) {
    case 'arp':
      return 'arp'
    case 'handshake':
    case 'repeats':
      return 'sockets'
    case 'rewrite':
      return 'nat'
    case 'conntrack-new':
      return 'conntrack'
  }
}

interface Boundary {
  seq: number
  move: StoryMove
  packet: number
}

/**
 * Builds the Kubernetes view. `filter` lists the categories shown: a move whose category is
 * hidden does not make a step of its own (its hops join the next step), and hidden asides are
 * left out of the sentences.
 */
export function buildStory(hops: HopEvent[], filter: readonly Category[], hostKind: (host: string) => string | undefined = () => undefined): StoryStep[] {
  if (!hops.length) return []
  const packets = analysePackets(hops)
  const client = hops.find((h) => h.kind === 'app.send')?.netns ?? hops[0]!.netns
  const hostOf = new Map<string, string>()
  for (const h of hops) hostOf.set(h.netns, h.host)
  const shown = (c: Category) => c === 'drop' || c === 'link' || filter.includes(c)

  // The packet an app.send hands to the kernel: the next hop in that namespace with a packet.
  const sentPacket = new Map<number, number>()
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!
    if (h.kind !== 'app.send') continue
    for (let j = i + 1; j < hops.length && j < i + 64; j++) {
      const n = hops[j]!
      if (n.netns === h.netns && n.packet > 0) {
        sentPacket.set(h.seq, n.packet)
        break
      }
    }
  }
  const appRecvNext = (i: number, app: string, netns: string): boolean => {
    for (let j = i + 1; j < hops.length; j++) {
      const n = hops[j]!
      if (n.kind === 'app.send') return false
      if (n.kind === 'app.recv' && n.app === app && n.netns === netns) return true
    }
    return false
  }

  // Per packet: inside its tunnel (between encap and decap) veth/segment crossings are the outer
  // packet's and belong to the tunnel step.
  const inTunnel = new Map<number, boolean>()
  const boundaries: Boundary[] = []
  let lastBoundary = 0
  /** Milestones seen since the last boundary: do they already make a step worth its own? */
  let openSends: { familiar: boolean }[] = []
  /** A packet of the open step has already moved on from its sender. */
  let openMoved = false
  let openFirstSend: HopEvent | undefined
  const cut = (seq: number, move: StoryMove, packet: number) => {
    if (!shown(moveCategory(move))) return
    boundaries.push({ seq, move, packet })
    lastBoundary = seq
    openSends = []
    openMoved = false
    openFirstSend = undefined
  }

  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!
    if (h.kind === 'app.send') {
      const p = sentPacket.get(h.seq) ?? 0
      const familiar = packets.get(p)?.familiar ?? false
      // Sends by the same app in a row (glibc's A and AAAA on one socket) are one move; a send
      // that only repeats what the open step already shows joins it.
      const sameApp = openFirstSend?.kind === 'app.send' && openFirstSend.app === h.app && openFirstSend.netns === h.netns && openSends.length > 0 && !openMoved
      const foldable = openSends.every((s) => s.familiar) && familiar
      if (openSends.length && !foldable && !sameApp && h.seq - 1 > lastBoundary) {
        // Close the open step just before this send.
        const prev = hops[i - 1]!
        const first = openFirstSend ?? prev
        cut(prev.seq, describeOpen(first, packets, hostOf), sentPacket.get(first.seq) ?? first.packet)
      }
      openSends.push({ familiar })
      if (openSends.length === 1) openFirstSend = h
      continue
    }
    if (isRealDrop(h) && h.kind === 'drop') {
      cut(h.seq, { kind: 'drop', host: h.host, netns: h.netns, code: h.code, chain: dropChain(h, hops), why: h.why }, h.packet)
      continue
    }
    if (h.kind === 'tcp.rst') {
      cut(h.seq, { kind: 'reset', host: h.host, netns: h.netns, why: h.why }, h.packet)
      continue
    }
    if (h.kind === 'icmp.send') {
      cut(h.seq, { kind: 'icmp', host: h.host, netns: h.netns, type: h.type, code: h.code }, h.packet)
      continue
    }
    const info = packets.get(h.packet)
    if (!info || !info.major) continue
    if (h.kind === 'vxlan.encap') inTunnel.set(h.packet, true)
    const isLast = h.seq === info.last
    if (h.kind === 'link.xmit' && h.netns === info.sender) openMoved = true
    if (info.familiar) {
      if (h.kind === 'app.recv' && h.netns === client && !appRecvNext(i, h.app, h.netns)) {
        const prev = boundaries[boundaries.length - 1]
        if (!openSends.length && prev && (prev.move.kind === 'deliver' || prev.move.kind === 'exchange') && prev.move.netns === h.netns) {
          // The second answer of a pair (AAAA after A) arrives with the first: same step.
          prev.seq = h.seq
          lastBoundary = h.seq
          continue
        }
        const send = openFirstSend
        cut(h.seq, { kind: 'exchange', app: send?.kind === 'app.send' ? send.app : h.app, netns: send?.netns ?? h.netns, what: send?.kind === 'app.send' ? send.note : h.note, received: h.note }, h.packet)
      }
      continue
    }
    // A novel packet: a step wherever it moves to another place.
    if (h.kind === 'link.xmit' && h.via === 'tunnel') {
      // Routing into the tunnel is part of the tunnel step unless this node rewrote the packet.
      const move = moveInNetns(h, info, hops, lastBoundary, hostKind)
      if (move.kind !== 'forward') cut(h.seq, move, h.packet)
    } else if (h.kind === 'vxlan.decap') {
      inTunnel.set(h.packet, false)
      const encap = info.hops.find((x) => x.kind === 'vxlan.encap' && x.seq < h.seq)
      const inner = h.frame?.inner ?? h.frame
      cut(
        h.seq,
        {
          kind: 'tunnel',
          fromHost: encap?.host ?? '',
          toHost: h.host,
          outer: encap?.kind === 'vxlan.encap' && encap.frame?.ip ? `${encap.frame.ip.src} → ${encap.frame.ip.dst}` : '',
          inner: inner?.ip ? `${inner.ip.src} → ${inner.ip.dst}` : '',
          vni: h.vni,
        },
        h.packet,
      )
    } else if (h.kind === 'link.xmit' && (h.via === 'veth' || h.via === 'segment') && !inTunnel.get(h.packet)) {
      const to = h.to[0]
      const rewroteHere = info.hops.some((x) => x.seq > lastBoundary && x.seq <= h.seq && x.netns === h.netns && rewriteOf(x, info.hops, hostKind))
      const intoTerminal = to && to.netns === info.terminal && hostOf.get(to.netns) === h.host && to.netns !== h.netns && h.netns !== info.sender && !rewroteHere
      if (!intoTerminal && !isLast) cut(h.seq, moveInNetns(h, info, hops, lastBoundary, hostKind), h.packet)
    } else if (isLast || h.kind === 'sock.deliver' || h.kind === 'app.recv') {
      if (h.kind === 'sock.deliver' || h.kind === 'app.recv' || isLast) {
        const app = h.kind === 'app.recv' ? h.app : undefined
        cut(h.seq, { kind: 'deliver', netns: h.netns, ...(app ? { app } : {}), what: h.kind === 'app.recv' ? h.note : h.kind === 'sock.deliver' ? h.state : '' }, h.packet)
      }
    }
  }
  if (lastBoundary < hops[hops.length - 1]!.seq) {
    // The tail (a last ACK, a teardown) joins the last step; a tail that is all there is becomes one.
    if (boundaries.length && !openSends.length) boundaries[boundaries.length - 1]!.seq = hops[hops.length - 1]!.seq
    else {
      const first = openFirstSend ?? hops[lastBoundary] ?? hops[0]!
      boundaries.push({ seq: hops[hops.length - 1]!.seq, move: describeOpen(first, packets, hostOf), packet: sentPacket.get(first.seq) ?? first.packet })
    }
  }

  const steps: StoryStep[] = []
  let from = 1
  for (const b of boundaries) {
    const range = hops.slice(from - 1, b.seq)
    const packet = b.packet || sentPacket.get(range.find((x) => x.kind === 'app.send')?.seq ?? -1) || 0
    const role = packets.get(packet)?.role ?? null
    const asides = asidesOf(range, b, packets, hostKind).filter((a) => shown(asideCategory(a)))
    steps.push({ first: from, last: b.seq, story: { move: b.move, packet, role, asides } })
    from = b.seq + 1
  }
  return steps
}

/** The move of a step that ends inside a namespace: a rewrite there, or a forward out. */
function moveInNetns(h: HopEvent & { kind: 'link.xmit' }, info: PacketInfo, hops: HopEvent[], since: number, hostKind: (host: string) => string | undefined): StoryMove {
  const walk = info.hops.filter((x) => x.seq > since && x.seq <= h.seq)
  for (let k = walk.length - 1; k >= 0; k--) {
    const r = rewriteOf(walk[k]!, walk, hostKind)
    if (r) return { kind: 'rewrite', rewrite: r, netns: walk[k]!.netns, out: h.dev }
  }
  const send = hops.slice(since, h.seq).find((x) => x.kind === 'app.send' && x.netns === info.sender)
  if (send?.kind === 'app.send' && h.netns === info.sender) return { kind: 'send', app: send.app, netns: send.netns, what: send.note, flow: send.flow }
  const to = h.to[0]
  return { kind: 'forward', host: h.host, dev: h.dev ?? '', to: to ? to.netns : '' }
}

function describeOpen(first: HopEvent, packets: Map<number, PacketInfo>, hostOf: Map<string, string>): StoryMove {
  if (first.kind === 'app.send') return { kind: 'exchange', app: first.app, netns: first.netns, what: first.note }
  return { kind: 'other', host: hostOf.get(first.netns) ?? first.host, netns: first.netns }
}

function asidesOf(range: HopEvent[], b: Boundary, packets: Map<number, PacketInfo>, hostKind: (host: string) => string | undefined): StoryAside[] {
  const out: StoryAside[] = []
  const arp = new Set<string>()
  let handshake = false
  const repeated = new Set<number>()
  for (const h of range) {
    if (h.kind === 'arp.request') arp.add(h.targetIp)
    const info = packets.get(h.packet)
    if (info && !info.major && info.role.kind !== 'arp' && info.frame?.tcp?.flags.includes('SYN')) handshake = true
    if (info?.familiar && h.packet !== b.packet) repeated.add(h.packet)
    if (h.kind === 'ct.new' && info?.major && !info.familiar) out.push({ kind: 'conntrack-new', host: h.host, conntrack: h.conntrack })
    if ((h.kind.startsWith('nat.') || h.kind === 'ipvs.dnat' || h.kind === 'ipvs.snat') && h.packet === b.packet) {
      const walk = info?.hops ?? []
      const r = rewriteOf(h, walk, hostKind)
      const main = b.move.kind === 'rewrite' && b.move.rewrite.host === h.host && b.packet === h.packet && b.move.rewrite.after === r?.after
      if (r && !main && !out.some((a) => a.kind === 'rewrite' && a.rewrite.host === r.host && a.rewrite.after === r.after && a.rewrite.actor.kind === r.actor.kind)) out.push({ kind: 'rewrite', rewrite: r })
    }
  }
  for (const ip of arp) out.unshift({ kind: 'arp', ip })
  if (handshake) out.push({ kind: 'handshake' })
  if (repeated.size) out.push({ kind: 'repeats', packets: repeated.size })
  return out
}
