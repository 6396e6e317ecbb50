/**
 * Parses `ip addr` / `ip link` (with or without `-d`) and `ip -br addr` / `ip -br link` output
 * into links: name, MAC, MTU, up, IPv4 addresses, master, and the type — printed by `-d`
 * (`vxlan id 1 local … dev eth0 … dstport 8472 nolearning`, `veth`, `bridge`), otherwise
 * inferred: `name@ifN` is a veth, a link other links name as `master` is a bridge,
 * `flannel.<N>` is flannel's VXLAN device with VNI N (warning: paste `ip -d link` for the rest),
 * anything else an `ether` NIC. `lo` is skipped (every namespace has it implicitly).
 * IPv6 addresses are skipped with one warning.
 */
import type { LinkSpec, LinkType, SourceOrigin, VxlanLinkSpec } from '../spec'
import { parseIfAddr } from '../../net/addr'
import {
  Reporter,
  isIpv4,
  isIpv6Token,
  isMac,
  tokenizeLines,
  type Line,
  type ParseResult,
  type Token,
} from './tokens'

export interface ParsedLink extends LinkSpec {
  /** ifindex as printed (`3: veth…`); absent in brief output. */
  index?: number
  /** veth peer from `eth0@if7` (index in the peer's namespace) or `vx@vy` (same namespace). */
  peerIndex?: number
  peerName?: string
}

export interface ParseAddrOptions {
  origin?: SourceOrigin
}

interface Draft {
  link: ParsedLink
  typeFromDetails: boolean
  lo: boolean
  line: Line
}

const HEADER_EXPECTED = 'expected a link header like `2: eth0: <BROADCAST,…> mtu 1500 …`'
const OPERSTATES = ['UP', 'DOWN', 'UNKNOWN', 'LOWERLAYERDOWN', 'DORMANT', 'NOTPRESENT', 'TESTING']

function splitName(text: string): { name: string; peerIndex?: number; peerName?: string } {
  const [name = '', peer] = text.split('@')
  if (peer === undefined) return { name }
  const m = /^if(\d+)$/.exec(peer)
  return m ? { name, peerIndex: Number(m[1]) } : { name, peerName: peer }
}

function parseVxlan(toks: Token[], l: Line, rep: Reporter): VxlanLinkSpec | null {
  const vx: VxlanLinkSpec = { vni: 0, learning: true }
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i]!.text
    const v = toks[i + 1]
    if (t === 'id' && v) {
      if (!/^\d+$/.test(v.text)) {
        rep.error(l, v, `VNI '${v.text}' is not a number`)
        return null
      }
      vx.vni = Number(v.text)
      i++
    } else if (t === 'local' && v) {
      if (isIpv4(v.text)) vx.local = v.text
      i++
    } else if (t === 'dev' && v) {
      vx.dev = v.text
      i++
    } else if (t === 'dstport' && v) {
      vx.port = Number(v.text)
      i++
    } else if (t === 'nolearning') vx.learning = false
    else if (t === 'l2miss') vx.l2miss = true
    else if (t === 'l3miss') vx.l3miss = true
  }
  return vx
}

function inet(toks: Token[], l: Line, rep: Reporter, d: Draft) {
  const a = toks[1]
  if (!a || !parseIfAddr(a.text) || !a.text.includes('/')) {
    rep.error(
      l,
      a ?? toks[0],
      `'${a?.text ?? ''}' is not an IPv4 address with prefix`,
      'write it as 10.244.1.1/24',
    )
    return
  }
  ;(d.link.addrs ??= []).push(a.text)
}

function parseHeader(l: Line, rep: Reporter): Draft | null {
  const [idx, nameTok, flagsTok, ...rest] = l.tokens
  if (!nameTok || !nameTok.text.endsWith(':')) {
    rep.error(l, nameTok ?? idx, HEADER_EXPECTED)
    return null
  }
  const n = splitName(nameTok.text.slice(0, -1))
  const flags = flagsTok?.text.replace(/[<>]/g, '').split(',') ?? []
  const index = Number(idx!.text.slice(0, -1))
  const link: ParsedLink = { name: n.name, type: 'ether', index, up: flags.includes('UP') }
  if (n.peerIndex !== undefined) link.peerIndex = n.peerIndex
  if (n.peerName !== undefined) link.peerName = n.peerName
  for (let i = 0; i < rest.length - 1; i++) {
    const k = rest[i]!.text
    const v = rest[i + 1]!
    if (k === 'mtu') {
      if (!/^\d+$/.test(v.text)) rep.error(l, v, `mtu '${v.text}' is not a number`)
      else link.mtu = Number(v.text)
    } else if (k === 'master') link.master = v.text
  }
  return { link, typeFromDetails: false, lo: n.name === 'lo', line: l }
}

function parseBrief(l: Line, rep: Reporter): Draft | null {
  const [nameTok, stateTok, ...rest] = l.tokens
  if (!stateTok || !OPERSTATES.includes(stateTok.text)) {
    rep.error(
      l,
      stateTok ?? nameTok,
      `'${stateTok?.text ?? ''}' is not an operstate`,
      `brief lines read: name, state (${OPERSTATES.slice(0, 4).join('/')}), addresses`,
    )
    return null
  }
  const n = splitName(nameTok!.text)
  const link: ParsedLink = { name: n.name, type: 'ether', up: stateTok.text !== 'DOWN' }
  if (n.peerIndex !== undefined) link.peerIndex = n.peerIndex
  if (n.peerName !== undefined) link.peerName = n.peerName
  const d: Draft = { link, typeFromDetails: false, lo: n.name === 'lo', line: l }
  for (const t of rest) {
    if (isMac(t.text)) link.mac = t.text.toLowerCase()
    else if (t.text.startsWith('<')) link.up = t.text.replace(/[<>]/g, '').split(',').includes('UP')
    else if (isIpv6Token(t.text)) continue
    else inet([t, t], l, rep, d)
  }
  return d
}

export function parseIpAddr(text: string, opts: ParseAddrOptions = {}): ParseResult<ParsedLink[]> {
  const rep = new Reporter('ip addr', opts.origin)
  const drafts: Draft[] = []
  let cur: Draft | null = null
  let ipv6Warned = false
  const lines = tokenizeLines(text)
  const brief = !lines.some((l) => /^\d+:$/.test(l.tokens[0]!.text))
  for (const l of lines) {
    const [first] = l.tokens
    const w = first!.text
    if (brief) {
      const d = parseBrief(l, rep)
      if (d) drafts.push(d)
      if (!ipv6Warned && l.tokens.some((t) => isIpv6Token(t.text))) {
        rep.warn(
          l,
          l.tokens.find((t) => isIpv6Token(t.text)),
          'IPv6 addresses skipped (only IPv4 is modelled)',
        )
        ipv6Warned = true
      }
      continue
    }
    if (/^\d+:$/.test(w)) {
      cur = parseHeader(l, rep)
      if (cur) drafts.push(cur)
      continue
    }
    if (!cur) {
      rep.error(l, first, HEADER_EXPECTED)
      continue
    }
    if (w === 'link/ether') {
      const mac = l.tokens[1]
      if (mac && isMac(mac.text)) cur.link.mac = mac.text.toLowerCase()
      else rep.error(l, mac ?? first, `'${mac?.text ?? ''}' is not a MAC address`)
    } else if (w === 'link/loopback') cur.lo = true
    else if (w === 'inet') inet(l.tokens, l, rep, cur)
    else if (w === 'inet6') {
      if (!ipv6Warned) rep.warn(l, first, 'IPv6 addresses skipped (only IPv4 is modelled)')
      ipv6Warned = true
    } else if (w === 'vxlan') {
      const vx = parseVxlan(l.tokens, l, rep)
      if (vx) cur.link.vxlan = vx
      cur.link.type = 'vxlan'
      cur.typeFromDetails = true
    } else if (w === 'veth' || w === 'bridge' || w === 'dummy') {
      cur.link.type = w as LinkType
      cur.typeFromDetails = true
    }
    // valid_lft, altname, bridge_slave and other detail lines carry nothing we model.
  }
  const links = drafts.filter((d) => !d.lo)
  for (const d of links) {
    if (d.typeFromDetails) continue
    const flannel = /^flannel\.(\d+)$/.exec(d.link.name)
    if (d.link.peerIndex !== undefined || d.link.peerName !== undefined) d.link.type = 'veth'
    else if (links.some((o) => o.link.master === d.link.name)) d.link.type = 'bridge'
    else if (flannel) {
      d.link.type = 'vxlan'
      d.link.vxlan = { vni: Number(flannel[1]), learning: false }
      rep.warn(
        d.line,
        d.line.tokens[1] ?? d.line.tokens[0],
        `${d.link.name} taken as flannel's VXLAN device with VNI ${flannel[1]}`,
        `paste 'ip -d link show ${d.link.name}' for its local address, device and port`,
      )
    }
  }
  return { value: links.map((d) => d.link), diagnostics: rep.diagnostics }
}
