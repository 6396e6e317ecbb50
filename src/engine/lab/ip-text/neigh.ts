/**
 * Parses `ip neigh` output into NeighSpec[]: `10.244.1.3 dev cni0 lladdr 0a:58:… REACHABLE`.
 * Accepts the flags real tables show (`router`, `proxy`, `extern_learn`, …); transient states
 * DELAY and PROBE (the address is still known) load as STALE with a warning; NONE lines and
 * IPv6 entries are skipped with a warning.
 */
import type { NeighSpec, NeighState, SourceOrigin } from '../spec'
import {
  Reporter,
  didYouMean,
  isIpv4,
  isIpv6Token,
  isMac,
  tokenizeLines,
  type Line,
  type ParseResult,
} from './tokens'

const STATES: readonly NeighState[] = [
  'PERMANENT', 'REACHABLE', 'STALE', 'INCOMPLETE', 'FAILED', 'NOARP',
]
const FLAGS = ['router', 'proxy', 'extern_learn', 'offload', 'managed', 'use']
const KEYWORDS = ['dev', 'lladdr', ...FLAGS, ...STATES]

export interface ParseNeighOptions {
  origin?: SourceOrigin
}

function parseLine(l: Line, rep: Reporter): NeighSpec | null {
  const [ipTok, ...rest] = l.tokens
  if (!ipTok) return null
  if (isIpv6Token(ipTok.text)) {
    rep.warn(l, ipTok, 'IPv6 neighbour skipped (only IPv4 is modelled)')
    return null
  }
  if (!isIpv4(ipTok.text)) {
    rep.error(
      l,
      ipTok,
      `'${ipTok.text}' is not an IPv4 address`,
      'each line starts with the neighbour address',
    )
    return null
  }
  let dev: string | undefined
  let lladdr: string | undefined
  let state: NeighState | undefined
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!
    if (t.text === 'dev' || t.text === 'lladdr') {
      const v = rest[++i]
      if (!v) {
        rep.error(l, undefined, `'${t.text}' needs a value`)
        return null
      }
      if (t.text === 'dev') dev = v.text
      else if (!isMac(v.text)) {
        rep.error(
          l,
          v,
          `'${v.text}' is not a MAC address`,
          'write six hex pairs: 0a:58:0a:f4:01:03',
        )
        return null
      } else lladdr = v.text.toLowerCase()
    } else if ((STATES as readonly string[]).includes(t.text)) {
      state = t.text as NeighState
    } else if (t.text === 'DELAY' || t.text === 'PROBE') {
      rep.warn(l, t, `${t.text} is transient and not modelled; loaded as STALE`)
      state = 'STALE'
    } else if (t.text === 'NONE') {
      rep.warn(l, t, 'NONE entries carry no address; line skipped')
      return null
    } else if (!FLAGS.includes(t.text)) {
      rep.error(
        l,
        t,
        `'${t.text}' is not an ip neigh keyword or state`,
        didYouMean(t.text, KEYWORDS),
      )
      return null
    }
  }
  if (!dev) {
    rep.error(
      l,
      undefined,
      `missing 'dev' for ${ipTok.text}`,
      "ip neigh prints 'dev <name>' on every line",
    )
    return null
  }
  if (!state) {
    rep.error(
      l,
      undefined,
      `missing state for ${ipTok.text}`,
      `end the line with one of ${STATES.join(', ')}`,
    )
    return null
  }
  if (!lladdr && (state === 'PERMANENT' || state === 'REACHABLE' || state === 'STALE')) {
    rep.error(l, undefined, `${state} entry for ${ipTok.text} needs 'lladdr'`)
    return null
  }
  const spec: NeighSpec = { ip: ipTok.text, dev, state }
  if (lladdr) spec.lladdr = lladdr
  return spec
}

export function parseIpNeigh(text: string, opts: ParseNeighOptions = {}): ParseResult<NeighSpec[]> {
  const rep = new Reporter('ip neigh', opts.origin)
  const value: NeighSpec[] = []
  for (const l of tokenizeLines(text)) {
    const n = parseLine(l, rep)
    if (n) value.push(n)
  }
  return { value, diagnostics: rep.diagnostics }
}
