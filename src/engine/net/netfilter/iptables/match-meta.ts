/**
 * Matches on packet metadata: comment (libxt_comment.c), mark (libxt_mark.c, xt_mark.c),
 * addrtype (libxt_addrtype.c v1, xt_addrtype.c), conntrack (libxt_conntrack.c v3,
 * xt_conntrack.c), physdev (libxt_physdev.c, xt_physdev.c), nfacct (libxt_nfacct.c) and set
 * (libxt_set.c, xt_set.c; set contents come from Ruleset.sets).
 */
import { defineMatch } from './ext'
import { hex, parseCidr, parseIpv4, parseValueMask, prefixMask, saveString } from './inet'
import type { AddrType, Iface, NfPacket } from './model'

export const commentMatch = defineMatch<'comment'>({
  name: 'comment',
  options: { comment: 1 },
  invertible: [],
  init: () => ({ kind: 'comment', comment: '' }),
  parse(m, _opt, [arg = '']) {
    if (arg.length > 255) return { message: 'comment may not exceed 255 characters' }
    m.comment = arg
    return undefined
  },
  save: (m) => ` --comment ${saveString(m.comment)}`,
  evaluate: () => true,
})

export const markMatch = defineMatch<'mark'>({
  name: 'mark',
  options: { mark: 1 },
  invertible: ['mark'],
  init: () => ({ kind: 'mark', mark: 0, mask: 0xffffffff, invert: false }),
  parse(m, _opt, [arg = ''], invert) {
    const vm = parseValueMask(arg)
    if (!vm) return { message: `'${arg}' is not a mark value`, hint: 'write value[/mask], e.g. 0x4000/0x4000' }
    m.mark = vm.value
    m.mask = vm.mask ?? 0xffffffff
    m.invert = invert
    return undefined
  },
  save: (m) =>
    `${m.invert ? ' !' : ''} --mark ${m.mask === 0xffffffff ? hex(m.mark) : `${hex(m.mark)}/${hex(m.mask)}`}`,
  evaluate: (m, { mark }) => ((mark & m.mask) >>> 0 === m.mark) !== m.invert,
})

/** RTN_* route types in bit order (libxt_addrtype rtn_names). */
const ADDR_TYPES = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE']

function parseNames(arg: string, names: string[], first = 0): number | string {
  let mask = 0
  for (const n of arg.split(',')) {
    const i = names.indexOf(n)
    if (i < 0) return n
    mask |= 1 << (i + first)
  }
  return mask
}

function formatNames(mask: number, names: string[], first = 0): string {
  return names.filter((_, i) => mask & (1 << (i + first))).join(',')
}

const typeBit = (t: AddrType) => 1 << ADDR_TYPES.indexOf(t)

export const addrtypeMatch = defineMatch<'addrtype'>({
  name: 'addrtype',
  options: { 'src-type': 1, 'dst-type': 1, 'limit-iface-in': 0, 'limit-iface-out': 0 },
  invertible: ['src-type', 'dst-type'],
  init: () => ({ kind: 'addrtype', src: 0, dst: 0, invSrc: false, invDst: false, limitIn: false, limitOut: false }),
  parse(m, opt, [arg = ''], invert) {
    if (opt === 'limit-iface-in') m.limitIn = true
    else if (opt === 'limit-iface-out') m.limitOut = true
    else {
      const mask = parseNames(arg, ADDR_TYPES)
      if (typeof mask === 'string')
        return { message: `'${mask}' is not an address type`, hint: `use ${ADDR_TYPES.join(', ')}` }
      if (opt === 'src-type') [m.src, m.invSrc] = [mask, invert]
      else [m.dst, m.invDst] = [mask, invert]
    }
    return undefined
  },
  check: (m) =>
    m.src === 0 && m.dst === 0 ? { message: 'addrtype needs --src-type or --dst-type' } : undefined,
  save(m) {
    let s = ''
    if (m.src) s += `${m.invSrc ? ' !' : ''} --src-type ${formatNames(m.src, ADDR_TYPES)}`
    if (m.dst) s += `${m.invDst ? ' !' : ''} --dst-type ${formatNames(m.dst, ADDR_TYPES)}`
    if (m.limitIn) s += ' --limit-iface-in'
    if (m.limitOut) s += ' --limit-iface-out'
    return s
  },
  evaluate(m, { pkt, env }) {
    if (m.src && ((m.src & typeBit(env.addrType(pkt.src))) !== 0) === m.invSrc) return false
    if (m.dst && ((m.dst & typeBit(env.addrType(pkt.dst))) !== 0) === m.invDst) return false
    return true
  },
})

/** XT_CONNTRACK_STATE_* bits: INVALID 1<<0, ESTABLISHED/RELATED/NEW 1<<(ctinfo+1), SNAT 1<<8, DNAT 1<<9, UNTRACKED 1<<10. */
const CT_STATE_BITS: [string, number][] = [
  ['INVALID', 1],
  ['NEW', 1 << 3],
  ['RELATED', 1 << 2],
  ['ESTABLISHED', 1 << 1],
  ['UNTRACKED', 1 << 10],
  ['SNAT', 1 << 8],
  ['DNAT', 1 << 9],
]
const CT_STATUS_BITS: [string, number][] = [
  ['EXPECTED', 1],
  ['SEEN_REPLY', 2],
  ['ASSURED', 4],
  ['CONFIRMED', 8],
]

function parseBits(arg: string, table: [string, number][], none?: string): number | string {
  let mask = 0
  for (const n of arg.split(',')) {
    if (n === none) continue
    const bit = table.find(([name]) => name === n)
    if (!bit) return n
    mask |= bit[1]
  }
  return mask
}

const formatBits = (mask: number, table: [string, number][]) =>
  table.filter(([, b]) => mask & b).map(([n]) => n).join(',')

function ctStateBit(p: NfPacket): number {
  if (p.ctState === 'UNTRACKED') return 1 << 10
  if (p.ctState === 'INVALID') return 1
  let bit = CT_STATE_BITS.find(([n]) => n === p.ctState)?.[1] ?? 0
  if (p.ctStatus.snat) bit |= 1 << 8
  if (p.ctStatus.dnat) bit |= 1 << 9
  return bit
}

export const conntrackMatch = defineMatch<'conntrack'>({
  name: 'conntrack',
  options: { ctstate: 1, ctstatus: 1 },
  invertible: ['ctstate', 'ctstatus'],
  init: () => ({ kind: 'conntrack', invState: false, invStatus: false }),
  parse(m, opt, [arg = ''], invert) {
    const table = opt === 'ctstate' ? CT_STATE_BITS : CT_STATUS_BITS
    const mask = parseBits(arg, table, opt === 'ctstatus' ? 'NONE' : undefined)
    if (typeof mask === 'string')
      return { message: `'${mask}' is not a conntrack ${opt === 'ctstate' ? 'state' : 'status'}`, hint: `use ${table.map(([n]) => n).join(', ')}` }
    if (opt === 'ctstate') [m.state, m.invState] = [mask, invert]
    else [m.status, m.invStatus] = [mask, invert]
    return undefined
  },
  check: (m) =>
    m.state === undefined && m.status === undefined ? { message: 'conntrack needs --ctstate or --ctstatus' } : undefined,
  save(m) {
    let s = ''
    if (m.state !== undefined) s += `${m.invState ? ' !' : ''} --ctstate ${formatBits(m.state, CT_STATE_BITS)}`
    if (m.status !== undefined)
      s += `${m.invStatus ? ' !' : ''} --ctstatus ${m.status === 0 ? 'NONE' : formatBits(m.status, CT_STATUS_BITS)}`
    return s
  },
  evaluate(m, { pkt }) {
    if (m.state !== undefined && ((m.state & ctStateBit(pkt)) !== 0) === m.invState) return false
    const tracked = pkt.ctState !== 'INVALID' && pkt.ctState !== 'UNTRACKED'
    if (!tracked) return m.state !== undefined
    if (m.status !== undefined) {
      const s = pkt.ctStatus
      const status = (s.seenReply ? 2 : 0) | (s.assured ? 4 : 0) | (s.confirmed ? 8 : 0)
      if (((m.status & status) !== 0) === m.invStatus) return false
    }
    return true
  },
})

/** The states `--state` accepts (state_parse_states): no SNAT/DNAT, unlike --ctstate. */
const STATE_BITS = CT_STATE_BITS.filter(([n]) => n !== 'SNAT' && n !== 'DNAT')

export const stateMatch = defineMatch<'state'>({
  name: 'state',
  options: { state: 1 },
  invertible: ['state'],
  init: () => ({ kind: 'state', state: 0, invert: false }),
  parse(m, _opt, [arg = ''], invert) {
    const mask = parseBits(arg, STATE_BITS)
    if (typeof mask === 'string') return { message: `'${mask}' is not a connection state`, hint: `use ${STATE_BITS.map(([n]) => n).join(', ')}` }
    ;[m.state, m.invert] = [mask, invert]
    return undefined
  },
  check: (m) => (m.state === 0 ? { message: 'state needs --state' } : undefined),
  save: (m) => `${m.invert ? ' !' : ''} --state ${formatBits(m.state, STATE_BITS)}`,
  evaluate: (m, { pkt }) => ((m.state & ctStateBit(pkt)) !== 0) !== m.invert,
})

/** ifname_compare: `veth+` matches every name starting with `veth`. */
export function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (pattern.endsWith('+')) return (name ?? '').startsWith(pattern.slice(0, -1))
  return name === pattern
}

export const physdevMatch = defineMatch<'physdev'>({
  name: 'physdev',
  options: { 'physdev-in': 1, 'physdev-out': 1, 'physdev-is-in': 0, 'physdev-is-out': 0, 'physdev-is-bridged': 0 },
  invertible: ['physdev-in', 'physdev-out', 'physdev-is-in', 'physdev-is-out', 'physdev-is-bridged'],
  init: () => ({ kind: 'physdev', invIsIn: false, invIsOut: false, invIsBridged: false }),
  parse(m, opt, [arg = ''], invert) {
    const iface: Iface = { name: arg, invert }
    if (opt === 'physdev-in') m.in = iface
    else if (opt === 'physdev-out') m.out = iface
    else if (opt === 'physdev-is-in') [m.isIn, m.invIsIn] = [true, invert]
    else if (opt === 'physdev-is-out') [m.isOut, m.invIsOut] = [true, invert]
    else [m.isBridged, m.invIsBridged] = [true, invert]
    return undefined
  },
  save(m) {
    const inv = (b: boolean) => (b ? ' !' : '')
    let s = ''
    if (m.isIn) s += `${inv(m.invIsIn)} --physdev-is-in`
    if (m.in) s += `${inv(m.in.invert)} --physdev-in ${m.in.name}`
    if (m.isOut) s += `${inv(m.invIsOut)} --physdev-is-out`
    if (m.out) s += `${inv(m.out.invert)} --physdev-out ${m.out.name}`
    if (m.isBridged) s += `${inv(m.invIsBridged)} --physdev-is-bridged`
    return s
  },
  evaluate(m, { pkt }) {
    // Not bridged: only the inverted forms of the options used can match (xt_physdev.c).
    if (pkt.physIn === undefined && pkt.physOut === undefined) {
      return !(
        (m.isBridged && !m.invIsBridged) ||
        (m.isIn && !m.invIsIn) ||
        (m.isOut && !m.invIsOut) ||
        (m.in && !m.in.invert) ||
        (m.out && !m.out.invert)
      )
    }
    const outdev = pkt.physOut
    const indev = pkt.physIn
    if (m.isBridged && (outdev !== undefined) === m.invIsBridged) return false
    if (m.isIn && (indev !== undefined) === m.invIsIn) return false
    if (m.isOut && (outdev !== undefined) === m.invIsOut) return false
    if (m.in && indev !== undefined && ifaceMatches(m.in.name, indev) === m.in.invert) return false
    if (!m.out) return true
    if (outdev === undefined) return false
    return ifaceMatches(m.out.name, outdev) !== m.out.invert
  },
})

export const nfacctMatch = defineMatch<'nfacct'>({
  name: 'nfacct',
  options: { 'nfacct-name': 1 },
  invertible: [],
  init: () => ({ kind: 'nfacct', name: '' }),
  parse(m, _opt, [arg = '']) {
    if (arg.length > 31) return { message: 'nfacct name may not exceed 31 characters' }
    m.name = arg
    return undefined
  },
  check: (m) => (m.name === '' ? { message: 'nfacct needs --nfacct-name' } : undefined),
  // libxt_nfacct prints " --nfacct-name " and then xtables_save_string's own leading space.
  save: (m) => ` --nfacct-name  ${saveString(m.name)}`,
  evaluate(m, { ruleset, length }) {
    const c = (ruleset.nfacct[m.name] ??= { packets: 0, bytes: 0 })
    c.packets += 1
    c.bytes += length
    return true
  },
})

/** One member component against one packet side: an address/CIDR or `[proto:]port`. */
function setComponentHit(entry: string, pkt: NfPacket, side: 'src' | 'dst'): boolean {
  if (entry.includes('.')) {
    const c = parseCidr(entry)
    const ip = parseIpv4(side === 'src' ? pkt.src : pkt.dst)
    return typeof c !== 'string' && ip !== undefined && ((ip & prefixMask(c.prefix)) >>> 0) === c.addr
  }
  const [proto, port] = entry.includes(':') ? entry.split(':', 2) : ['tcp', entry]
  return proto === pkt.protocol && Number(port) === (side === 'src' ? pkt.sport : pkt.dport)
}

export const setMatch = defineMatch<'set'>({
  name: 'set',
  options: { 'match-set': 2 },
  invertible: ['match-set'],
  init: () => ({ kind: 'set', name: '', dims: [], invert: false }),
  parse(m, _opt, [name = '', flags = ''], invert) {
    const dims = flags.split(',')
    if (dims.length > 6 || dims.some((d) => d !== 'src' && d !== 'dst'))
      return { message: `'${flags}' is not a list of src/dst flags`, hint: 'write e.g. dst,dst' }
    m.name = name
    m.dims = dims as ('src' | 'dst')[]
    m.invert = invert
    return undefined
  },
  check: (m) => (m.name === '' ? { message: 'set needs --match-set NAME FLAGS' } : undefined),
  save: (m) => `${m.invert ? ' !' : ''} --match-set ${m.name} ${m.dims.join(',')}`,
  evaluate(m, { pkt, ruleset }) {
    const members = ruleset.sets[m.name] ?? []
    const hit = members.some((e) => {
      const parts = e.split(',')
      return parts.length === m.dims.length && parts.every((p, i) => setComponentHit(p, pkt, m.dims[i] ?? 'dst'))
    })
    return hit !== m.invert
  },
})
