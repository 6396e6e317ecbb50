/**
 * Targets: the standard verdicts and jumps, REJECT (libipt_REJECT.c), DNAT/SNAT/MASQUERADE/
 * REDIRECT (libxt_DNAT.c, libxt_SNAT.c, libxt_MASQUERADE.c, libxt_REDIRECT.c), MARK
 * (libxt_MARK.c revision 2: every form is stored and printed as --set-xmark value/mask),
 * LOG (libxt_LOG.c), NOTRACK and CT --notrack. Option parsing and the iptables-save text.
 */
import { IPPROTO, type ExtError, type OptionTable, type RuleProto } from './ext'
import { formatIpv4, hex, parseIpv4, parseU32, parseValueMask, saveString } from './inet'
import type { IptTableName, NatRange, Target } from './model'

export interface TargetExt {
  options: OptionTable
  /** Tables the kernel accepts the target in; absent = any. */
  tables?: IptTableName[]
  init(): Target
  parse(t: Target, opt: string, args: string[]): ExtError | undefined
  check?(t: Target, proto: RuleProto): ExtError | undefined
  save(t: Target): string
}

/** libipt_REJECT reject_table: saved name and accepted alias. */
const REJECT_WITH: [string, string][] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
]

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug']

const tcpOrUdp = (p: RuleProto) =>
  p.num !== undefined && !p.invert && (p.num === IPPROTO.tcp || p.num === IPPROTO.udp)

const PORT_NEEDS_PROTO: ExtError = {
  message: 'a port in the NAT range needs -p tcp or -p udp',
  hint: "add '-p tcp' (or udp) to the rule",
}

function parsePorts(s: string): { portMin: number; portMax: number } | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(s)
  if (!m) return undefined
  const portMin = Number(m[1])
  const portMax = m[2] === undefined ? portMin : Number(m[2])
  return portMin <= portMax && portMax <= 65535 ? { portMin, portMax } : undefined
}

/** `ip[-ip][:port[-port]]` as DNAT/SNAT take it. */
function parseNatRange(s: string): NatRange | undefined {
  const [addrs = '', ports] = s.split(':', 2)
  const [a = '', b] = addrs.split('-', 2)
  const addrMin = parseIpv4(a)
  const addrMax = b === undefined ? addrMin : parseIpv4(b)
  if (addrMin === undefined || addrMax === undefined || addrMax < addrMin) return undefined
  if (ports === undefined) return { addrMin, addrMax }
  const p = parsePorts(ports)
  return p && { addrMin, addrMax, ...p }
}

function formatNatRange(r: NatRange): string {
  let s = ''
  if (r.addrMin !== undefined) {
    s = formatIpv4(r.addrMin)
    if (r.addrMax !== undefined && r.addrMax !== r.addrMin) s += `-${formatIpv4(r.addrMax)}`
  }
  if (r.portMin !== undefined) {
    s += `:${r.portMin}`
    if (r.portMax !== undefined && r.portMax !== r.portMin) s += `-${r.portMax}`
  }
  return s
}

const formatPorts = (r: NatRange) =>
  r.portMin === undefined ? '' : r.portMax !== r.portMin ? `${r.portMin}-${r.portMax}` : `${r.portMin}`

const simple = (kind: 'ACCEPT' | 'DROP' | 'RETURN'): TargetExt => ({
  options: {},
  init: () => ({ kind }),
  parse: () => undefined,
  save: () => '',
})

function natExt(kind: 'DNAT' | 'SNAT'): TargetExt {
  const opt = kind === 'DNAT' ? 'to-destination' : 'to-source'
  return {
    options: { [opt]: 1, random: 0, persistent: 0, ...(kind === 'SNAT' ? { 'random-fully': 0 } : {}) },
    tables: ['nat'],
    init: () =>
      kind === 'DNAT'
        ? { kind, range: {}, random: false, persistent: false }
        : { kind, range: {}, random: false, randomFully: false, persistent: false },
    parse(t, o, [arg = '']) {
      if (t.kind !== 'DNAT' && t.kind !== 'SNAT') return undefined
      if (o === 'random') t.random = true
      else if (o === 'persistent') t.persistent = true
      else if (o === 'random-fully' && t.kind === 'SNAT') t.randomFully = true
      else {
        if (t.range.addrMin !== undefined) return { message: `${kind} takes one --${opt}`, atOption: true }
        const r = parseNatRange(arg)
        if (!r) return { message: `'${arg}' is not a NAT range`, hint: 'write ip[-ip][:port[-port]], e.g. 10.244.1.5:8080' }
        t.range = r
      }
      return undefined
    },
    check(t, proto) {
      if (t.kind !== 'DNAT' && t.kind !== 'SNAT') return undefined
      if (t.range.addrMin === undefined) return { message: `${kind} needs --${opt}` }
      return t.range.portMin !== undefined && !tcpOrUdp(proto) ? PORT_NEEDS_PROTO : undefined
    },
    save(t) {
      if (t.kind !== 'DNAT' && t.kind !== 'SNAT') return ''
      let s = ` --${opt} ${formatNatRange(t.range)}`
      if (t.random) s += ' --random'
      if (t.kind === 'SNAT' && t.randomFully) s += ' --random-fully'
      if (t.persistent) s += ' --persistent'
      return s
    },
  }
}

function portsExt(kind: 'MASQUERADE' | 'REDIRECT'): TargetExt {
  return {
    options: { 'to-ports': 1, random: 0, ...(kind === 'MASQUERADE' ? { 'random-fully': 0 } : {}) },
    tables: ['nat'],
    init: () => ({ kind, range: {}, random: false, randomFully: false }),
    parse(t, o, [arg = '']) {
      if (t.kind !== 'MASQUERADE' && t.kind !== 'REDIRECT') return undefined
      if (o === 'random') t.random = true
      else if (o === 'random-fully') t.randomFully = true
      else {
        const p = parsePorts(arg)
        if (!p) return { message: `'${arg}' is not a port or port range`, hint: 'write port[-port], e.g. 8080 or 1000-2000' }
        t.range = p
      }
      return undefined
    },
    check: (t, proto) =>
      t.kind === kind && t.range.portMin !== undefined && !tcpOrUdp(proto) ? PORT_NEEDS_PROTO : undefined,
    save(t) {
      if (t.kind !== 'MASQUERADE' && t.kind !== 'REDIRECT') return ''
      let s = t.range.portMin !== undefined ? ` --to-ports ${formatPorts(t.range)}` : ''
      if (t.random) s += ' --random'
      if (t.randomFully) s += ' --random-fully'
      return s
    },
  }
}

const MARK_OPTS = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark']

export const TARGETS: Record<string, TargetExt> = {
  ACCEPT: simple('ACCEPT'),
  DROP: simple('DROP'),
  RETURN: simple('RETURN'),
  REJECT: {
    options: { 'reject-with': 1 },
    tables: ['filter', 'mangle', 'raw', 'security'],
    init: () => ({ kind: 'REJECT', with: 'icmp-port-unreachable' }),
    parse(t, _o, [arg = '']) {
      const w = REJECT_WITH.find(([name, alias]) => arg === name || arg === alias)
      if (!w) return { message: `'${arg}' is not a reject type`, hint: `use ${REJECT_WITH.map(([n]) => n).join(', ')}` }
      if (t.kind === 'REJECT') t.with = w[0]
      return undefined
    },
    check: (t, proto) =>
      t.kind === 'REJECT' && t.with === 'tcp-reset' && (proto.num !== IPPROTO.tcp || proto.invert)
        ? { message: 'REJECT --reject-with tcp-reset can only be used with -p tcp', hint: "add '-p tcp'" }
        : undefined,
    save: (t) => (t.kind === 'REJECT' ? ` --reject-with ${t.with}` : ''),
  },
  DNAT: natExt('DNAT'),
  SNAT: natExt('SNAT'),
  MASQUERADE: portsExt('MASQUERADE'),
  REDIRECT: portsExt('REDIRECT'),
  MARK: {
    options: Object.fromEntries(MARK_OPTS.map((o) => [o, 1 as const])),
    init: () => ({ kind: 'MARK', mark: -1, mask: 0 }),
    parse(t, o, [arg = '']) {
      if (t.kind !== 'MARK') return undefined
      if (t.mark >= 0) return { message: 'MARK takes only one of --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark', atOption: true }
      const vm = o === 'set-xmark' || o === 'set-mark' ? parseValueMask(arg) : { value: parseU32(arg) }
      if (!vm || vm.value === undefined) return { message: `'${arg}' is not a mark value`, hint: 'write a number such as 0x4000' }
      const v = vm.value
      const m = 'mask' in vm && vm.mask !== undefined ? vm.mask : 0xffffffff
      const [mark, mask] =
        o === 'set-xmark' ? [v, m]
        : o === 'set-mark' ? [v, (v | m) >>> 0]
        : o === 'and-mark' ? [0, ~v >>> 0]
        : o === 'or-mark' ? [v, v]
        : [v, 0]
      t.mark = mark
      t.mask = mask
      return undefined
    },
    check: (t) => (t.kind === 'MARK' && t.mark < 0 ? { message: 'MARK needs --set-xmark, --set-mark, --and-mark, --or-mark or --xor-mark' } : undefined),
    save: (t) => (t.kind === 'MARK' ? ` --set-xmark ${hex(t.mark)}/${hex(t.mask)}` : ''),
  },
  LOG: {
    options: { 'log-prefix': 1, 'log-level': 1 },
    init: () => ({ kind: 'LOG', level: 4 }),
    parse(t, o, [arg = '']) {
      if (t.kind !== 'LOG') return undefined
      if (o === 'log-prefix') {
        if (arg.length > 29) return { message: 'LOG --log-prefix may not exceed 29 characters' }
        t.prefix = arg
        return undefined
      }
      const named = LOG_LEVELS.indexOf(arg === 'err' ? 'error' : arg === 'warn' ? 'warning' : arg)
      const level = named >= 0 ? named : /^[0-7]$/.test(arg) ? Number(arg) : -1
      if (level < 0) return { message: `'${arg}' is not a log level`, hint: `use 0-7 or ${LOG_LEVELS.join(', ')}` }
      t.level = level
      return undefined
    },
    save: (t) =>
      t.kind !== 'LOG' ? '' : `${t.prefix ? ` --log-prefix ${saveString(t.prefix)}` : ''}${t.level !== 4 ? ` --log-level ${t.level}` : ''}`,
  },
  NOTRACK: { options: {}, tables: ['raw'], init: () => ({ kind: 'NOTRACK' }), parse: () => undefined, save: () => '' },
  CT: {
    options: { notrack: 0 },
    tables: ['raw'],
    init: () => ({ kind: 'CT', notrack: false }),
    parse(t) {
      if (t.kind === 'CT') t.notrack = true
      return undefined
    },
    check: (t) => (t.kind === 'CT' && !t.notrack ? { message: 'only CT --notrack is modelled', hint: 'use -j CT --notrack' } : undefined),
    save: (t) => (t.kind === 'CT' && t.notrack ? ' --notrack' : ''),
  },
}

/** The name printed after -j/-g. */
export function targetName(t: Target): string {
  return t.kind === 'jump' || t.kind === 'goto' ? t.chain : t.kind
}
