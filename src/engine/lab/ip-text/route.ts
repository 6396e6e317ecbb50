/**
 * Parses `ip route` / `ip route show table local|all` output (iproute2) into RouteSpec[].
 * Accepts everything format/ip-route.ts prints and the usual noise of real nodes (`proto dhcp`,
 * `metric 100`, `linkdown`, `pref medium`, `expires 86391sec`, route metrics such as `mtu`);
 * IPv6 routes and tables other than main/local are skipped with a warning.
 */
import type { RouteSpec, RouteType, SourceOrigin } from '../spec'
import { intToIp, parseCidr } from '../../net/addr'
import {
  Reporter,
  didYouMean,
  isIpv4,
  isIpv6Token,
  tokenizeLines,
  type Line,
  type ParseResult,
  type Token,
} from './tokens'

const TYPES: readonly RouteType[] = [
  'unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit',
]
const UNMODELLED_TYPES = ['throw', 'multicast', 'anycast', 'nat']
/** Keywords followed by a value we do not model (route metrics, IPv6 preference, timers). */
const IGNORED_WITH_VALUE = [
  'pref', 'expires', 'mtu', 'advmss', 'hoplimit', 'initcwnd', 'initrwnd', 'rtt', 'rttvar', 'cwnd',
  'realm', 'realms', 'tos', 'dsfield', 'error', 'features', 'congctl', 'nhid', 'quickack',
  'ssthresh', 'reordering', 'window', 'rto_min', 'fastopen_no_cookie', 'ttl-propagate', 'weight',
]
const IGNORED_FLAGS = [
  'linkdown', 'dead', 'pervasive', 'offload', 'trap', 'offload_failed', 'rt_offload', 'rt_trap',
  'lock',
]
const KEYWORDS = [
  'via', 'dev', 'table', 'proto', 'scope', 'src', 'metric', 'onlink', ...IGNORED_WITH_VALUE,
  ...IGNORED_FLAGS,
]

export interface ParseRoutesOptions {
  /** Table of lines that do not say `table …` (`local` for `ip route show table local`). */
  table?: 'main' | 'local'
  origin?: SourceOrigin
}

const NO_DEV: readonly RouteType[] = ['blackhole', 'unreachable', 'prohibit']

function parseLine(l: Line, rep: Reporter, defTable: 'main' | 'local'): RouteSpec | null {
  const toks = l.tokens
  let i = 0
  let type: RouteType = 'unicast'
  const first = toks[0]!
  if ((TYPES as readonly string[]).includes(first.text)) {
    type = first.text as RouteType
    i++
  } else if (UNMODELLED_TYPES.includes(first.text)) {
    rep.warn(l, first, `'${first.text}' routes are not modelled; line skipped`)
    return null
  }
  const dstTok = toks[i++]
  if (!dstTok) {
    rep.error(
      l,
      undefined,
      'missing destination',
      "a route starts with 'default' or a prefix like 10.244.1.0/24",
    )
    return null
  }
  if (isIpv6Token(dstTok.text)) {
    rep.warn(l, dstTok, 'IPv6 route skipped (only IPv4 is modelled)')
    return null
  }
  let dst: string
  if (dstTok.text === 'default') dst = 'default'
  else {
    const c = parseCidr(dstTok.text)
    if (!c) {
      const hint =
        didYouMean(dstTok.text, ['default', ...TYPES]) ??
        'write a prefix like 10.244.1.0/24, an address, or default'
      rep.error(l, dstTok, `'${dstTok.text}' is not a valid destination`, hint)
      return null
    }
    const [addr, len] = dstTok.text.split('/')
    const net = intToIp(c.net)
    if (addr !== net) {
      rep.error(l, dstTok, `'${dstTok.text}' has host bits set`, `the network is ${net}/${c.len}`)
      return null
    }
    dst = `${net}/${len ?? 32}`
  }
  const spec: RouteSpec = { dst }
  if (type !== 'unicast') spec.type = type
  let table: 'main' | 'local' = defTable
  const value = (kw: Token): Token | undefined => {
    const v = toks[i++]
    if (!v) rep.error(l, undefined, `'${kw.text}' needs a value`)
    return v
  }
  while (i < toks.length) {
    const kw = toks[i++]!
    switch (kw.text) {
      case 'via': {
        const v = value(kw)
        if (!v) return null
        const addr = v.text === 'inet' ? toks[i++] : v
        if (!addr || !isIpv4(addr.text)) {
          rep.error(l, addr ?? v, `'${addr?.text ?? ''}' is not an IPv4 gateway address`)
          return null
        }
        spec.via = addr.text
        break
      }
      case 'dev': {
        const v = value(kw)
        if (!v) return null
        spec.dev = v.text
        break
      }
      case 'src': {
        const v = value(kw)
        if (!v) return null
        if (!isIpv4(v.text)) {
          rep.error(l, v, `'${v.text}' is not an IPv4 source address`)
          return null
        }
        spec.src = v.text
        break
      }
      case 'metric': {
        const v = value(kw)
        if (!v) return null
        if (!/^\d+$/.test(v.text)) {
          rep.error(l, v, `metric '${v.text}' is not a number`)
          return null
        }
        spec.metric = Number(v.text)
        break
      }
      case 'proto': {
        const v = value(kw)
        if (!v) return null
        if (v.text === 'kernel' || v.text === 'boot' || v.text === 'static') spec.proto = v.text
        break
      }
      case 'scope': {
        const v = value(kw)
        if (!v) return null
        const s = v.text === 'universe' || v.text === '0' ? 'global' : v.text
        if (s !== 'global' && s !== 'link' && s !== 'host') {
          rep.error(l, v, `scope '${v.text}' is not modelled`, 'use global, link or host')
          return null
        }
        spec.scope = s
        break
      }
      case 'table': {
        const v = value(kw)
        if (!v) return null
        if (v.text === 'main' || v.text === '254') table = 'main'
        else if (v.text === 'local' || v.text === '255') table = 'local'
        else {
          rep.warn(l, v, `table '${v.text}' is not modelled (only main and local); line skipped`)
          return null
        }
        break
      }
      case 'onlink':
        spec.onlink = true
        break
      case 'nexthop':
        rep.error(l, kw, 'multipath routes (nexthop) are not modelled', 'keep one path per prefix')
        return null
      default:
        if (IGNORED_FLAGS.includes(kw.text)) break
        if (IGNORED_WITH_VALUE.includes(kw.text)) {
          if (kw.text === 'mtu' && toks[i]?.text === 'lock') i++
          if (!value(kw)) return null
          break
        }
        rep.error(l, kw, `'${kw.text}' is not an ip route keyword`, didYouMean(kw.text, KEYWORDS))
        return null
    }
  }
  if (!spec.dev && !NO_DEV.includes(type)) {
    rep.error(
      l,
      undefined,
      `missing 'dev' in route to ${dstTok.text}`,
      "ip route prints 'dev <name>' on every unicast, local and broadcast route",
    )
    return null
  }
  if (table !== 'main') spec.table = table
  return spec
}

export function parseIpRoute(
  text: string,
  opts: ParseRoutesOptions = {},
): ParseResult<RouteSpec[]> {
  const rep = new Reporter('ip route', opts.origin)
  const value: RouteSpec[] = []
  for (const l of tokenizeLines(text)) {
    const r = parseLine(l, rep, opts.table ?? 'main')
    if (r) value.push(r)
  }
  return { value, diagnostics: rep.diagnostics }
}
