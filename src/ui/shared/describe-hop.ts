/**
 * Words for a hop, in the chosen language: a one-line summary and a short badge for the acting
 * device. Pure wording of the trace's own fields; nothing here decides datapath behaviour.
 */
import type { FlowTuple, HopEvent } from '../../engine/trace/events'
import { dropChain, type FoldSummary, type StoryAside, type StoryLine, type StoryMove, type Rewrite } from '../../store/selectors'
import type { Translate } from '../i18n/useT'
import type { MessageKey } from '../i18n/en'
import { describeDropWhy, describeRstWhy, icmpName } from './describe-why'

export function flowText(f: FlowTuple): string {
  const ep = (ip: string, port?: number) => (port !== undefined ? `${ip}:${port}` : ip)
  return `${f.protocol.toUpperCase()} ${ep(f.src, f.sport)} → ${ep(f.dst, f.dport)}`
}

const dstEp = (f: FlowTuple) => (f.dport !== undefined ? `${f.dst}:${f.dport}` : f.dst)
const srcEp = (f: FlowTuple) => (f.sport !== undefined ? `${f.src}:${f.sport}` : f.src)

export function describeHop(h: HopEvent, t: Translate): string {
  switch (h.kind) {
    case 'app.send':
      return t('hop.app.send', { app: h.app, flow: flowText(h.flow) })
    case 'app.recv':
      return t('hop.app.recv', { app: h.app, flow: flowText(h.flow) })
    case 'link.xmit':
      return t('hop.link.xmit', { dev: h.dev ?? '', to: h.to.map((x) => `${x.netns} ${x.dev}`).join(', ') })
    case 'link.recv':
      return t('hop.link.recv', { dev: h.dev ?? '' })
    case 'route.lookup':
      return t('hop.route.lookup', { dst: h.dst, route: h.route })
    case 'neigh.lookup':
      return h.result === 'found'
        ? t('hop.neigh.found', { ip: h.ip, lladdr: h.lladdr ?? '', state: h.state ?? '' })
        : t(h.result === 'incomplete' ? 'hop.neigh.incomplete' : 'hop.neigh.failed', { ip: h.ip })
    case 'arp.request':
      return t('hop.arp.request', { target: h.targetIp, sender: h.senderIp })
    case 'arp.reply':
      return t('hop.arp.reply', { sender: h.senderIp, mac: h.senderMac })
    case 'neigh.update':
      return t('hop.neigh.update', { ip: h.ip, lladdr: h.lladdr ?? '—', state: h.state })
    case 'fdb.learn':
      return t('hop.fdb.learn', { bridge: h.bridge, mac: h.mac, port: h.port })
    case 'fdb.lookup':
      return t(h.result === 'port' ? 'hop.fdb.port' : h.result === 'flood' ? 'hop.fdb.flood' : 'hop.fdb.local', {
        bridge: h.bridge,
        mac: h.mac,
        port: h.port ?? '',
      })
    case 'bridge.forward':
      return t('hop.bridge.forward', { bridge: h.bridge, port: h.port })
    case 'bridge.flood':
      return t('hop.bridge.flood', { bridge: h.bridge, ports: h.ports.join(', ') })
    case 'sock.deliver':
      return t('hop.sock.deliver', { socket: h.socket, state: h.state })
    case 'nf.hook':
      return t(h.via === 'br_netfilter' ? 'hop.nf.hookBr' : 'hop.nf.hook', { hook: h.hook, tables: h.tables.join(', ') })
    case 'nf.rule':
      return t('hop.nf.rule', { table: h.table, chain: h.chain, rule: h.rule, target: h.target })
    case 'nf.policy':
      return t('hop.nf.policy', { table: h.table, chain: h.chain, policy: h.policy })
    case 'nat.dnat':
      return t('hop.nat.dnat', { before: dstEp(h.before), after: dstEp(h.after) })
    case 'nat.snat':
      return t('hop.nat.snat', { before: srcEp(h.before), after: srcEp(h.after) })
    case 'nat.masquerade':
      return t('hop.nat.masquerade', { before: srcEp(h.before), after: srcEp(h.after) })
    case 'nat.reverse': {
      const ep = h.manip === 'dst' ? dstEp : srcEp
      return t('hop.nat.reverse', { before: ep(h.before), after: ep(h.after) })
    }
    case 'ipvs.schedule':
      return t('hop.ipvs.schedule', { service: h.service, scheduler: h.scheduler, real: h.real })
    case 'ipvs.dnat':
      return t('hop.ipvs.dnat', { before: dstEp(h.before), after: dstEp(h.after) })
    case 'ipvs.snat':
      return t('hop.ipvs.snat', { before: srcEp(h.before), after: srcEp(h.after) })
    case 'ct.new':
      return t('hop.ct.new', { id: h.conntrack, flow: flowText(h.original) })
    case 'ct.established':
      return t('hop.ct.established', { id: h.conntrack })
    case 'ct.reply':
      return t('hop.ct.reply', { id: h.conntrack })
    case 'ct.confirm':
      return t('hop.ct.confirm', { id: h.conntrack })
    case 'ct.related':
      return t('hop.ct.related', { id: h.conntrack })
    case 'ip.forward':
      return t('hop.ip.forward', { before: h.ttlBefore, after: h.ttlAfter })
    case 'ip.local-deliver':
      return t('hop.ip.local', { dst: h.dst })
    case 'vxlan.encap':
      return t('hop.vxlan.encap', { vni: h.vni, remote: h.remote, port: h.port })
    case 'vxlan.decap':
      return t('hop.vxlan.decap', { vni: h.vni, remote: h.remote })
    case 'vxlan.miss':
      return t('hop.vxlan.miss', { miss: h.miss.toUpperCase(), key: h.key })
    case 'icmp.send':
      return t('hop.icmp.send', { type: h.type, code: h.code, name: icmpName(h.type, h.code, t) })
    case 'tcp.rst':
      return t('hop.tcp.rst', { reason: describeRstWhy(h.why, t) })
    case 'drop':
      // Each sentence says itself whether the frame was dropped or only ignored.
      return describeDropWhy(h.why, t)
    default: {
      const never: never = h
      return never
    }
  }
}

/** The short badge on the acting device ("DNAT → 10.244.2.2:8080"). */
export function hopBadge(h: HopEvent, t: Translate): string {
  switch (h.kind) {
    case 'nat.dnat':
      return t('badge.dnat', { to: dstEp(h.after) })
    case 'nat.snat':
    case 'nat.masquerade':
      return t('badge.snat', { to: srcEp(h.after) })
    case 'nat.reverse':
      return t('badge.unnat', { to: h.manip === 'dst' ? srcEp(h.after) : dstEp(h.after) })
    case 'ipvs.schedule':
      return t('badge.ipvsSchedule', { real: h.real })
    case 'ipvs.dnat':
      return t('badge.dnat', { to: dstEp(h.after) })
    case 'ipvs.snat':
      return t('badge.unnat', { to: srcEp(h.after) })
    case 'arp.request':
      return t('badge.arpRequest', { ip: h.targetIp })
    case 'arp.reply':
      return t('badge.arpReply', { ip: h.senderIp, mac: h.senderMac })
    case 'vxlan.encap':
      return t('badge.encap', { vni: h.vni })
    case 'vxlan.decap':
      return t('badge.decap', { vni: h.vni })
    case 'fdb.learn':
      return t('badge.learn', { mac: h.mac })
    case 'bridge.flood':
      return t('badge.flood')
    case 'bridge.forward':
      return t('badge.forward', { port: h.port })
    case 'fdb.lookup':
      return h.result === 'flood' ? t('badge.flood') : t('badge.forward', { port: h.port ?? h.bridge })
    case 'route.lookup':
      return t('badge.route', { to: h.gateway ?? h.oif ?? h.result })
    case 'nf.rule':
      return t('badge.rule', { chain: h.chain, target: h.target })
    case 'nf.policy':
      return t('badge.rule', { chain: h.chain, target: h.policy })
    case 'nf.hook':
      return h.hook
    case 'ct.new':
    case 'ct.established':
    case 'ct.reply':
    case 'ct.confirm':
    case 'ct.related':
      return t('badge.ct', { id: h.conntrack })
    case 'ip.forward':
      return `TTL ${h.ttlBefore} → ${h.ttlAfter}`
    case 'ip.local-deliver':
      return t('badge.deliver')
    case 'drop':
      return h.code === 'not-for-us' ? t('badge.ignored') : t('badge.drop')
    case 'tcp.rst':
      return t('badge.drop')
    case 'icmp.send':
      return t('badge.icmp', { name: icmpName(h.type, h.code, t) })
    case 'neigh.lookup':
      return `${h.ip} ${h.state ?? h.result}`
    case 'neigh.update':
      return `${h.ip} ${h.state}`
    case 'vxlan.miss':
      return `${h.miss.toUpperCase()} miss`
    case 'app.send':
      return t('badge.send')
    case 'app.recv':
    case 'sock.deliver':
      return t('badge.recv')
    case 'link.xmit':
    case 'link.recv':
      // The moving packet already says it; a badge would only repeat it.
      return ''
    default: {
      const never: never = h
      return never
    }
  }
}

type DropHop = Extract<HopEvent, { kind: 'drop' }>

/** The short reason on a drop marker ("REJECT in KUBE-SERVICES", "no route"). */
export function dropLabel(h: DropHop, hops: HopEvent[], t: Translate): string {
  return t(`drop.${h.code}`, { chain: dropChain(h, hops) })
}

export function describeFold(f: FoldSummary, t: Translate): string {
  switch (f.kind) {
    case 'dnat':
      return t('fold.dnat', { to: f.to })
    case 'snat':
      return t('fold.snat', { to: f.to })
    case 'unnat':
      return t('fold.unnat', { to: f.to })
    case 'drop':
      return t('fold.drop', { chain: f.chain })
    case 'pass':
      return t('fold.pass', { rules: f.rules })
    case 'tracked':
      return t('fold.tracked', { id: f.conntrack })
  }
}

/** A namespace as people name it: the pod's name (`node1/pod-a` → `pod-a`), a node's own name. */
const who = (netns: string, app?: string) => {
  const pod = netns.includes('/') ? netns.slice(netns.indexOf('/') + 1) : netns
  return app ? `${pod} (${app})` : pod
}

/**
 * An app's note without the system-call names a beginner does not need in this view
 * (`write(): GET /` → `GET /`); the kernel view keeps them.
 */
export function plainNote(note: string): string {
  return note
    .replace(/^getaddrinfo\([^)]*\):\s*/, '')
    .replace(/\bconnect\(\) to\b/g, 'connect to')
    .replace(/\b[A-Za-z_]+\(\):?\s*/g, '')
}

function describeRewrite(r: Rewrite, t: Translate): string {
  const p = { host: r.host, before: r.before, after: r.after }
  const a = r.actor
  switch (a.kind) {
    case 'kube-proxy':
      return t('story.kubeProxy', { ...p, chain: a.chain, service: a.service ?? 'KUBE-SERVICES' })
    case 'kube-proxy-masquerade':
      return t('story.kubeProxyMasq', p)
    case 'userspace-portal':
      return t('story.portal', { ...p, chain: a.chain })
    case 'ipvs':
      return t('story.ipvs', { ...p, scheduler: a.scheduler, service: a.service })
    case 'cloud-lb':
      return t('story.cloudLb', p)
    case 'gateway':
      return t('story.gateway', p)
    case 'flannel-masquerade':
      return t('story.flannelMasq', p)
    case 'docker-masquerade':
      return t('story.dockerMasq', p)
    case 'rule':
      return t('story.rule', { ...p, chain: a.chain })
    case 'conntrack':
      return t('story.conntrack', { ...p, id: a.conntrack })
    case 'conntrack-reverse':
      return t('story.conntrackReverse', { ...p, id: a.conntrack })
  }
}

function describeMove(m: StoryMove, t: Translate): string {
  switch (m.kind) {
    case 'send':
      return m.flow ? t('story.send', { who: who(m.netns, m.app), flow: flowText(m.flow) }) : t('story.sendCall', { who: who(m.netns, m.app), what: plainNote(m.what) })
    case 'rewrite':
      return describeRewrite(m.rewrite, t)
    case 'tunnel':
      return t('story.tunnel', { from: m.fromHost, to: m.toHost, vni: m.vni, outer: m.outer, inner: m.inner })
    case 'forward':
      return t('story.forward', { host: m.host, dev: m.dev })
    case 'deliver':
      return m.app ? t('story.deliverApp', { who: who(m.netns, m.app), what: plainNote(m.what) }) : t('story.deliverSocket', { who: who(m.netns), what: m.what })
    case 'exchange':
      return m.received
        ? t('story.exchangeAnswered', { who: who(m.netns, m.app), what: plainNote(m.what), received: plainNote(m.received) })
        : t('story.exchange', { who: who(m.netns, m.app), what: plainNote(m.what) })
    case 'drop':
      return t('story.drop', { host: m.host, why: t(`drop.${m.code}` as MessageKey, { chain: m.chain }) })
    case 'reset':
      return t('story.reset', { host: m.host })
    case 'icmp':
      return t('story.icmp', { host: m.host, type: m.type, code: m.code, name: icmpName(m.type, m.code, t) })
    case 'other':
      return t('story.other', { host: m.host })
  }
}

function describeAside(a: StoryAside, t: Translate): string {
  switch (a.kind) {
    case 'arp':
      return t('story.aside.arp', { ip: a.ip })
    case 'handshake':
      return t('story.aside.handshake')
    case 'conntrack-new':
      return t('story.aside.conntrack', { id: a.conntrack, host: a.host })
    case 'repeats':
      return t('story.aside.repeats', { n: a.packets })
    case 'rewrite':
      return describeRewrite(a.rewrite, t)
  }
}

/** The Kubernetes view's title for a step: the move it is about. */
export function describeStory(s: StoryLine, t: Translate): string {
  return describeMove(s.move, t)
}

/** For a drop or a reset: the full sentence saying what decided it and why, else ''. */
export function describeStoryWhy(s: StoryLine, t: Translate): string {
  const m = s.move
  return m.kind === 'drop' ? describeDropWhy(m.why, t) : m.kind === 'reset' ? describeRstWhy(m.why, t) : ''
}

/** What else the step did on the way, as one sentence, or '' when nothing. */
export function describeAsides(s: StoryLine, t: Translate): string {
  return s.asides.length ? t('story.also', { list: s.asides.map((a) => describeAside(a, t)).join(t('story.listSep')) }) : ''
}
