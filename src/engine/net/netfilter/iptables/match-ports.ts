/**
 * Protocol matches: tcp and udp ports (libxt_tcp.c/libxt_udp.c, xt_tcpudp.c), icmp type/code
 * (libxt_icmp.c, ip_tables.c icmp_match) and multiport (libxt_multiport.c v1, xt_multiport.c).
 */
import { defineMatch, needsProto, own, IPPROTO, type ExtError } from './ext'
import { formatPortRange, parsePort, parsePortRange } from './inet'
import type { Match, NfPacket, PortRange } from './model'

type PortMatch = Extract<Match, { kind: 'tcp' | 'udp' }>

const inRange = (p: number | undefined, r: PortRange | undefined) =>
  r === undefined || ((p ?? 0) >= r.min && (p ?? 0) <= r.max)

function portsExt(kind: 'tcp' | 'udp') {
  return defineMatch<'tcp' | 'udp'>({
    name: kind,
    options: { sport: 1, 'source-port': 1, dport: 1, 'destination-port': 1 },
    invertible: ['sport', 'source-port', 'dport', 'destination-port'],
    init: (): PortMatch => ({ kind, invSport: false, invDport: false }),
    parse(m, opt, [arg = ''], invert): ExtError | undefined {
      const r = parsePortRange(arg)
      if (!r) return { message: `'${arg}' is not a port or port range`, hint: 'use a number 0-65535 or a range like 1000:2000' }
      if (opt === 'sport' || opt === 'source-port') {
        m.sport = r
        m.invSport = invert
      } else {
        m.dport = r
        m.invDport = invert
      }
      return undefined
    },
    check: (_m, proto) => needsProto(kind, proto, [IPPROTO[kind] ?? 6]),
    save(m) {
      let s = ''
      if (m.sport && (m.sport.min !== 0 || m.sport.max !== 65535))
        s += `${m.invSport ? ' !' : ''} --sport ${formatPortRange(m.sport)}`
      if (m.dport && (m.dport.min !== 0 || m.dport.max !== 65535))
        s += `${m.invDport ? ' !' : ''} --dport ${formatPortRange(m.dport)}`
      return s
    },
    evaluate(m, { pkt }) {
      if (pkt.protocol !== kind) return false
      return inRange(pkt.sport, m.sport) !== m.invSport && inRange(pkt.dport, m.dport) !== m.invDport
    },
  })
}

export const tcpMatch = portsExt('tcp')
export const udpMatch = portsExt('udp')

/** libxt_icmp's icmp_codes table: name → type, code range. */
const ICMP_NAMES: Record<string, [number, number, number]> = {
  any: [0xff, 0, 0xff],
  'echo-reply': [0, 0, 0xff],
  'destination-unreachable': [3, 0, 0xff],
  'network-unreachable': [3, 0, 0],
  'host-unreachable': [3, 1, 1],
  'protocol-unreachable': [3, 2, 2],
  'port-unreachable': [3, 3, 3],
  'fragmentation-needed': [3, 4, 4],
  'source-route-failed': [3, 5, 5],
  'network-unknown': [3, 6, 6],
  'host-unknown': [3, 7, 7],
  'network-prohibited': [3, 9, 9],
  'host-prohibited': [3, 10, 10],
  'TOS-network-unreachable': [3, 11, 11],
  'TOS-host-unreachable': [3, 12, 12],
  'communication-prohibited': [3, 13, 13],
  'host-precedence-violation': [3, 14, 14],
  'precedence-cutoff': [3, 15, 15],
  'source-quench': [4, 0, 0xff],
  redirect: [5, 0, 0xff],
  'network-redirect': [5, 0, 0],
  'host-redirect': [5, 1, 1],
  'TOS-network-redirect': [5, 2, 2],
  'TOS-host-redirect': [5, 3, 3],
  'echo-request': [8, 0, 0xff],
  'router-advertisement': [9, 0, 0xff],
  'router-solicitation': [10, 0, 0xff],
  'time-exceeded': [11, 0, 0xff],
  'ttl-zero-during-transit': [11, 0, 0],
  'ttl-zero-during-reassembly': [11, 1, 1],
  'parameter-problem': [12, 0, 0xff],
  'ip-header-bad': [12, 0, 0],
  'required-option-missing': [12, 1, 1],
  'timestamp-request': [13, 0, 0xff],
  'timestamp-reply': [14, 0, 0xff],
  'address-mask-request': [17, 0, 0xff],
  'address-mask-reply': [18, 0, 0xff],
}

function parseIcmpType(s: string): [number, number, number] | undefined {
  const named = own(ICMP_NAMES, s)
  if (named) return named
  const m = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(s)
  if (!m) return undefined
  const type = Number(m[1])
  const code = m[2] === undefined ? undefined : Number(m[2])
  if (type > 255 || (code !== undefined && code > 255)) return undefined
  return code === undefined ? [type, 0, 0xff] : [type, code, code]
}

export const icmpMatch = defineMatch<'icmp'>({
  name: 'icmp',
  options: { 'icmp-type': 1 },
  invertible: ['icmp-type'],
  init: () => ({ kind: 'icmp', type: 0xff, codeMin: 0, codeMax: 0xff, invert: false }),
  parse(m, _opt, [arg = ''], invert) {
    const t = parseIcmpType(arg)
    if (!t) return { message: `'${arg}' is not an ICMP type`, hint: "use a number (8, 3/3) or a name such as 'echo-request'" }
    ;[m.type, m.codeMin, m.codeMax] = t
    m.invert = invert
    return undefined
  },
  check: (_m, proto) => needsProto('icmp', proto, [1]),
  save(m) {
    const inv = m.invert ? ' !' : ''
    if (m.type === 0xff) return `${inv} --icmp-type any`
    const code = m.codeMin !== 0 || m.codeMax !== 0xff ? `/${m.codeMin}` : ''
    return `${inv} --icmp-type ${m.type}${code}`
  },
  evaluate(m, { pkt }) {
    if (pkt.protocol !== 'icmp') return false
    const code = pkt.icmpCode ?? 0
    const hit = m.type === 0xff || (pkt.icmpType === m.type && code >= m.codeMin && code <= m.codeMax)
    return hit !== m.invert
  },
})

const MULTIPORT_FLAGS: Record<string, 'src' | 'dst' | 'any'> = {
  sports: 'src',
  'source-ports': 'src',
  dports: 'dst',
  'destination-ports': 'dst',
  ports: 'any',
}

const multiportHit = (p: NfPacket, r: PortRange, flags: 'src' | 'dst' | 'any') =>
  (flags !== 'dst' && inRange(p.sport, r)) || (flags !== 'src' && inRange(p.dport, r))

export const multiportMatch = defineMatch<'multiport'>({
  name: 'multiport',
  options: { sports: 1, 'source-ports': 1, dports: 1, 'destination-ports': 1, ports: 1 },
  invertible: Object.keys(MULTIPORT_FLAGS),
  init: () => ({ kind: 'multiport', flags: 'any', ports: [], invert: false }),
  parse(m, opt, [arg = ''], invert) {
    if (m.ports.length > 0) return { message: 'multiport takes only one of --sports, --dports, --ports', atOption: true }
    const ports: PortRange[] = []
    for (const part of arg.split(',')) {
      const [a = '', b] = part.split(':', 2)
      const min = parsePort(a)
      const max = b === undefined ? min : parsePort(b)
      if (min === undefined || max === undefined || min > max)
        return { message: `'${part}' is not a port or port range`, hint: 'list ports as 80,443,1000:2000' }
      ports.push({ min, max })
    }
    if (ports.reduce((n, r) => n + (r.min === r.max ? 1 : 2), 0) > 15)
      return { message: 'too many ports specified (multiport allows 15, a range counts as 2)' }
    m.flags = own(MULTIPORT_FLAGS, opt) ?? 'any'
    m.ports = ports
    m.invert = invert
    return undefined
  },
  check(m, proto) {
    if (m.ports.length === 0) return { message: 'multiport needs --sports, --dports or --ports' }
    return needsProto('multiport', proto, [6, 17])
  },
  save(m) {
    const opt = m.flags === 'src' ? 'sports' : m.flags === 'dst' ? 'dports' : 'ports'
    return `${m.invert ? ' !' : ''} --${opt} ${m.ports.map((r) => formatPortRange(r)).join(',')}`
  },
  evaluate(m, { pkt }) {
    if (pkt.protocol !== 'tcp' && pkt.protocol !== 'udp') return false
    return m.ports.some((r) => multiportHit(pkt, r, m.flags)) !== m.invert
  },
})
