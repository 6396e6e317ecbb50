/**
 * The five netfilter hooks, each running its tables and conntrack in kernel priority order
 * (include/uapi/linux/netfilter_ipv4.h): raw -300, conntrack -200, mangle -150, nat DNAT -100,
 * filter 0, IPVS 98–100 (and -99/-98 on OUTPUT; see ipvs.ts), nat SNAT 100, conntrack confirm
 * last. The nat table is consulted only while a
 * connection's binding for that manip is undecided (its first packet); later packets, and
 * replies, are rewritten from the conntrack entry alone.
 */
import type { NfHook, NfTableName } from '../trace/events'
import type { Ipv4Addr } from '../wire/frame'
import { traverseHook, type NfPacket, type NfTraversal } from '../net/netfilter/iptables'
import { addrType, isLocalAddress, selectSourceAddress } from '../net/route'
import { bindDnat, bindSnat, confirmConn, ctStateOf, findConn, findRelated, newConn, tupleOf, updateConn } from '../net/netfilter/conntrack'
import { emit, type Ctx } from './context'
import { flowOf, rewrite } from './packet'
import type { Netns, Skb } from '../sim/world'
import { sendReject } from './reject'
import { ipvsHook } from './ipvs'

export interface HookIo {
  in?: string
  out?: string
  physIn?: string
  physOut?: string
  via: 'ip' | 'br_netfilter'
}

type Stage = NfTableName | 'conntrack' | 'confirm' | 'ipvs'
const STAGES: Record<NfHook, Stage[]> = {
  PREROUTING: ['raw', 'conntrack', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'ipvs', 'nat', 'confirm'],
  FORWARD: ['mangle', 'filter', 'ipvs'],
  OUTPUT: ['raw', 'conntrack', 'mangle', 'nat', 'ipvs', 'filter'],
  POSTROUTING: ['mangle', 'nat', 'confirm'],
}
const DST_MANIP_HOOKS: NfHook[] = ['PREROUTING', 'OUTPUT']

/** Conntrack runs in a namespace only once something there needs it (nf_ct_netns_get). */
export function conntrackEnabled(ns: Netns): boolean {
  return !!ns.ruleset && ns.ruleset.needsConntrack
}

function hasChain(ns: Netns, table: NfTableName, hook: NfHook): boolean {
  return !!ns.ruleset?.tables[table]?.chains[hook]
}

/** Runs one hook. Returns true when the packet continues, false when a rule dropped or rejected it. */
export function nfHook(ctx: Ctx, ns: Netns, skb: Skb, hook: NfHook, io: HookIo): boolean {
  if (!skb.frame.ip) return true
  const ct = conntrackEnabled(ns)
  const tables = STAGES[hook].filter((s): s is NfTableName => s !== 'conntrack' && s !== 'confirm' && s !== 'ipvs' && hasChain(ns, s, hook))
  if (tables.length === 0 && !ct) return true
  emit(ctx, ns, skb, { kind: 'nf.hook', hook, via: io.via, tables, ...(io.in ? { in: io.in } : {}), ...(io.out ? { out: io.out } : {}), dev: io.out ?? io.in })

  for (const stage of STAGES[hook]) {
    if (stage === 'conntrack') {
      if (ct) conntrackIn(ctx, ns, skb, io)
      continue
    }
    if (stage === 'confirm') {
      const c = skb.ct
      if (c && !c.entry.status.confirmed) {
        const d = confirmConn(ns, c.entry, ctx.queue.now)
        emit(ctx, ns, skb, { kind: 'ct.confirm', ...devOf(io), conntrack: c.entry.id, original: flowOf(c.entry, 'original'), reply: flowOf(c.entry, 'reply'), deltas: [d] })
      }
      continue
    }
    if (stage === 'nat') {
      if (ct && !natStage(ctx, ns, skb, hook, io)) return false
      continue
    }
    if (stage === 'ipvs') {
      if (!ipvsHook(ctx, ns, skb, hook, io)) return false
      continue
    }
    if (!hasChain(ns, stage, hook)) continue
    const res = traverse(ctx, ns, skb, stage, hook, io)
    if (!verdictContinues(ctx, ns, skb, stage, hook, res)) return false
  }
  return true
}

function conntrackIn(ctx: Ctx, ns: Netns, skb: Skb, io: HookIo): void {
  if (skb.ct) return // looped-back packet: already tracked on the way out
  const t = tupleOf(skb.frame)
  if (!t) {
    const rel = findRelated(ns, skb.frame)
    if (rel) {
      skb.ct = { entry: rel.entry, dir: rel.dir, isNew: false, related: true }
      emit(ctx, ns, skb, { kind: 'ct.related', conntrack: rel.entry.id, original: flowOf(rel.entry, 'original'), reply: flowOf(rel.entry, 'reply'), dev: io.in ?? io.out })
    }
    return
  }
  const found = findConn(ns, t)
  if (!found) {
    const entry = newConn(ns, skb.frame, t)
    skb.ct = { entry, dir: 'original', isNew: true }
    emit(ctx, ns, skb, { kind: 'ct.new', conntrack: entry.id, original: flowOf(entry, 'original'), reply: flowOf(entry, 'reply'), dev: io.in ?? io.out })
    return
  }
  skb.ct = { entry: found.entry, dir: found.dir, isNew: false }
  const d = updateConn(ns, found.entry, found.dir, skb.frame)
  emit(ctx, ns, skb, {
    kind: found.dir === 'reply' ? 'ct.reply' : 'ct.established',
    conntrack: found.entry.id,
    original: flowOf(found.entry, 'original'),
    reply: flowOf(found.entry, 'reply'),
    deltas: d ? [d] : [],
    dev: io.in ?? io.out,
  })
}

function nfPacket(ns: Netns, skb: Skb, io: HookIo): NfPacket {
  const f = skb.frame
  const ip = f.ip!
  const c = skb.ct
  return {
    ...(io.in ? { in: io.in } : {}),
    ...(io.out ? { out: io.out } : {}),
    ...(io.physIn ? { physIn: io.physIn } : {}),
    ...(io.physOut ? { physOut: io.physOut } : {}),
    src: ip.src,
    dst: ip.dst,
    protocol: ip.protocol,
    ...(f.tcp ? { sport: f.tcp.sport, dport: f.tcp.dport } : f.udp ? { sport: f.udp.sport, dport: f.udp.dport } : {}),
    ...(f.icmp ? { icmpType: f.icmp.type, icmpCode: f.icmp.code } : {}),
    length: ip.totalLength,
    mark: skb.mark,
    ctState: c ? (c.related ? 'RELATED' : ctStateOf(c.entry, c.dir)) : conntrackEnabled(ns) ? 'INVALID' : 'UNTRACKED',
    ctStatus: { dnat: !!c?.entry.nat?.dst, snat: !!c?.entry.nat?.src },
  }
}

function devOf(io: HookIo): { dev?: string } {
  const dev = io.out ?? io.in
  return dev ? { dev } : {}
}

function traverse(ctx: Ctx, ns: Netns, skb: Skb, table: NfTableName, hook: NfHook, io: HookIo): NfTraversal {
  const res = traverseHook(ns.ruleset!, table, hook, nfPacket(ns, skb, io), {
    isLocalAddress: (ip: Ipv4Addr) => isLocalAddress(ns, ip),
    addrType: (ip: Ipv4Addr) => addrType(ns, ip),
    random: () => ctx.world.prng.next(),
    now: ctx.queue.now,
  })
  for (const step of res.steps) {
    if ('policy' in step) {
      emit(ctx, ns, skb, { kind: 'nf.policy', ...devOf(io), hook, table, chain: step.chain, policy: step.policy, deltas: [counterDelta(ns, table, step.chain, 'policy', skb)] })
    } else {
      emit(ctx, ns, skb, { kind: 'nf.rule', ...devOf(io), hook, table, chain: step.chain, rule: step.rule, text: step.text, target: step.target, deltas: [counterDelta(ns, table, step.chain, String(step.rule), skb)] })
    }
  }
  skb.mark = res.mark
  return res
}

function counterDelta(ns: Netns, table: NfTableName, chain: string, rule: string, skb: Skb) {
  return { table: 'counter' as const, netns: ns.name, key: `${table}/${chain}/${rule}`, packets: 1, bytes: skb.frame.ip!.totalLength }
}

function verdictContinues(ctx: Ctx, ns: Netns, skb: Skb, table: NfTableName, hook: NfHook, res: NfTraversal): boolean {
  const last = res.steps[res.steps.length - 1]
  const ruleText = last && !('policy' in last) ? last.text : undefined
  if (res.verdict === 'ACCEPT') return true
  if (res.verdict === 'DROP') {
    const byPolicy = last && 'policy' in last
    emit(ctx, ns, skb, {
      kind: 'drop',
      code: byPolicy ? 'nf-policy' : 'nf-drop',
      reason: byPolicy ? `the ${table} table's ${last.chain} chain policy is DROP` : `iptables ${table} rule dropped it: ${ruleText ?? ''}`,
      why: byPolicy ? { code: 'nf-policy', table, chain: last.chain } : { code: 'nf-rule', table, rule: ruleText ?? '' },
      ...(ruleText ? { rule: ruleText } : {}),
    })
    return false
  }
  emit(ctx, ns, skb, { kind: 'drop', code: 'nf-reject', reason: `iptables ${table} ${hook} rule rejected it with ${res.verdict.with}`, why: { code: 'nf-reject', table, hook, with: res.verdict.with }, ...(ruleText ? { rule: ruleText } : {}) })
  sendReject(ctx, ns, skb, res.verdict.with)
  return false
}

/** The nat stage: decide the binding on a connection's first packet, or apply the existing one. */
function natStage(ctx: Ctx, ns: Netns, skb: Skb, hook: NfHook, io: HookIo): boolean {
  const c = skb.ct
  if (!c) return true
  const manip = DST_MANIP_HOOKS.includes(hook) ? 'dst' : 'src'
  const e = c.entry
  const done = e.natDone ?? (e.natDone = {})
  if (!e.status.confirmed && !done[manip] && c.dir === 'original') {
    done[manip] = true
    if (!hasChain(ns, 'nat', hook)) return true
    const res = traverse(ctx, ns, skb, 'nat', hook, io)
    if (res.verdict !== 'ACCEPT') return verdictContinues(ctx, ns, skb, 'nat', hook, res)
    if (!res.nat) return true
    const rule = [...res.steps].reverse().find((s) => !('policy' in s))
    const ruleText = rule && !('policy' in rule) ? rule.text : ''
    const before = flowOf(e, 'original', skb.frame)
    if (res.nat.kind === 'DNAT' || res.nat.kind === 'REDIRECT') {
      const toAddr = res.nat.kind === 'REDIRECT' ? redirectAddr(ns, hook, io) : (res.nat.toAddr ?? skb.frame.ip!.dst)
      if (!toAddr) {
        emit(ctx, ns, skb, { kind: 'drop', code: 'nf-drop', reason: `REDIRECT found no IPv4 address on ${io.in ?? 'the incoming interface'}`, why: { code: 'redirect-no-addr', ...(io.in ? { dev: io.in } : {}) }, rule: ruleText })
        return false
      }
      bindDnat(e, toAddr, res.nat.toPortMin)
      rewrite(skb.frame, { dst: toAddr, ...(res.nat.toPortMin !== undefined ? { dport: res.nat.toPortMin } : {}) })
      emit(ctx, ns, skb, { kind: 'nat.dnat', ...devOf(io), hook, before, after: flowOf(e, 'original', skb.frame), rule: ruleText })
    } else {
      const toAddr = res.nat.kind === 'MASQUERADE' ? masqueradeAddr(ns, skb, io) : (res.nat.toAddr ?? skb.frame.ip!.src)
      if (!toAddr) {
        emit(ctx, ns, skb, { kind: 'drop', code: 'nf-drop', reason: `MASQUERADE found no address on ${io.out}`, why: { code: 'masquerade-no-addr', dev: io.out ?? '' }, rule: ruleText })
        return false
      }
      const port = pickSnatPort(ctx, skb, res.nat)
      bindSnat(e, toAddr, port)
      rewrite(skb.frame, { src: toAddr, ...(port !== undefined ? { sport: port } : {}) })
      emit(ctx, ns, skb, { kind: res.nat.kind === 'MASQUERADE' ? 'nat.masquerade' : 'nat.snat', ...devOf(io), hook, before, after: flowOf(e, 'original', skb.frame), rule: ruleText })
    }
    return true
  }
  if (c.related) translateRelated(ctx, ns, skb, hook, manip, io)
  else applyBinding(ctx, ns, skb, hook, manip, io)
  return true
}

/** Rewrites a packet of a tracked connection from its binding (nf_nat_packet). */
function applyBinding(ctx: Ctx, ns: Netns, skb: Skb, hook: NfHook, manip: 'src' | 'dst', io: HookIo): void {
  const { entry: e, dir } = skb.ct!
  const before = flowOf(e, dir, skb.frame)
  if (dir === 'original') {
    if (manip === 'dst' && e.nat?.dst) rewrite(skb.frame, { dst: e.reply.src, ...(e.reply.sport !== undefined ? { dport: e.reply.sport } : {}) })
    else if (manip === 'src' && e.nat?.src) rewrite(skb.frame, { src: e.reply.dst, ...(e.reply.dport !== undefined ? { sport: e.reply.dport } : {}) })
    else return
    emit(ctx, ns, skb, { kind: manip === 'dst' ? 'nat.dnat' : 'nat.snat', ...devOf(io), hook, before, after: flowOf(e, dir, skb.frame), rule: `conntrack entry ${e.id} (binding made by its first packet)` })
    return
  }
  if (manip === 'dst' && e.nat?.src) rewrite(skb.frame, { dst: e.original.src, ...(e.original.sport !== undefined ? { dport: e.original.sport } : {}) })
  else if (manip === 'src' && e.nat?.dst) rewrite(skb.frame, { src: e.original.dst, ...(e.original.dport !== undefined ? { sport: e.original.dport } : {}) })
  else return
  emit(ctx, ns, skb, { kind: 'nat.reverse', ...devOf(io), hook, manip, before, after: flowOf(e, dir, skb.frame), conntrack: e.id })
}

/**
 * nf_nat_icmp_reply_translation: an ICMP error related to a NATed connection has its outer
 * address and the quoted header it carries translated, so the sender recognises its packet.
 */
function translateRelated(ctx: Ctx, ns: Netns, skb: Skb, hook: NfHook, manip: 'src' | 'dst', io: HookIo): void {
  const { entry: e, dir } = skb.ct!
  const ip = skb.frame.ip!
  const q = skb.frame.icmp?.quoted
  if (!q) return
  const before = { protocol: 'icmp' as const, src: ip.src, dst: ip.dst }
  // The error travels in `dir`; the quoted packet travelled the other way.
  const back = dir === 'reply' ? e.original : e.reply
  const fwd = dir === 'reply' ? e.reply : e.original
  if (manip === 'dst' && ip.dst !== back.src) {
    ip.dst = back.src
    q.ip = { ...q.ip, src: back.src }
    if (q.sport !== undefined && back.sport !== undefined) q.sport = back.sport
  } else if (manip === 'src' && ip.src !== fwd.src && (dir === 'reply' ? e.nat?.dst : e.nat?.src)) {
    ip.src = dir === 'reply' ? e.original.dst : e.reply.dst
    q.ip = { ...q.ip, dst: ip.src }
    if (q.dport !== undefined) q.dport = dir === 'reply' ? e.original.dport : e.reply.dport
  } else return
  emit(ctx, ns, skb, { kind: 'nat.reverse', ...devOf(io), hook, manip, before, after: { protocol: 'icmp', src: ip.src, dst: ip.dst }, conntrack: e.id })
}

/** MASQUERADE uses the outgoing device's address toward the next hop (masquerade_tg → inet_select_addr). */
function masqueradeAddr(ns: Netns, skb: Skb, io: HookIo): Ipv4Addr | undefined {
  const out = io.out ? ns.links.get(io.out) : undefined
  if (!out || out.addrs.length === 0) return undefined
  return selectSourceAddress(ns, out, skb.dst?.gateway ?? skb.frame.ip!.dst)
}

/**
 * nf_nat_redirect_ipv4: locally generated packets go to 127.0.0.1; others to the primary (first)
 * address of the device they came in on — for a bridged frame under br_netfilter, the bridge —
 * and are dropped when that device has no IPv4 address.
 */
function redirectAddr(ns: Netns, hook: NfHook, io: HookIo): Ipv4Addr | undefined {
  if (hook === 'OUTPUT') return '127.0.0.1'
  const dev = io.in ? ns.links.get(io.in) : undefined
  return dev?.addrs[0]?.ip
}

/** Source NAT keeps the original port when it is free; --random-fully picks one at random (nf_nat_l4proto_unique_tuple). */
function pickSnatPort(ctx: Ctx, skb: Skb, nat: NonNullable<NfTraversal['nat']>): number | undefined {
  const f = skb.frame
  const sport = f.tcp?.sport ?? f.udp?.sport
  if (sport === undefined) return undefined
  if (nat.toPortMin !== undefined) return nat.toPortMin
  if (nat.randomFully) return ctx.world.prng.int(1024, 65535)
  return sport
}
