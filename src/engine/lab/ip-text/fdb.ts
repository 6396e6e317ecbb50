/**
 * Parses `bridge fdb show` output into FdbSpec[]:
 * `0a:58:… dev veth1 master cni0 permanent`, `aa:… dev flannel.1 dst 192.168.0.3 self permanent`.
 * `vlan`, `port`, `vni`, `via`, `src_vni` and flags such as `extern_learn` are accepted and
 * ignored; `static` entries load as non-permanent (bridge "permanent" means a local address)
 * with a warning; IPv6 `dst` lines are skipped with a warning.
 */
import type { FdbSpec, SourceOrigin } from '../spec'
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

const WITH_VALUE = ['vlan', 'port', 'vni', 'via', 'src_vni', 'nhid']
const FLAGS = [
  'self', 'master', 'permanent', 'static', 'router', 'extern_learn', 'offload', 'sticky',
  'dynamic', 'use', 'locked',
]
const KEYWORDS = ['dev', 'dst', ...WITH_VALUE, ...FLAGS]

export interface ParseFdbOptions {
  origin?: SourceOrigin
}

function parseLine(l: Line, rep: Reporter): FdbSpec | null {
  const [macTok, ...rest] = l.tokens
  if (!macTok) return null
  if (!isMac(macTok.text)) {
    rep.error(
      l,
      macTok,
      `'${macTok.text}' is not a MAC address`,
      'each line starts with the MAC: 0a:58:0a:f4:01:03',
    )
    return null
  }
  const spec: Partial<FdbSpec> & { mac: string } = { mac: macTok.text.toLowerCase() }
  let master = false
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!
    const needValue = t.text === 'dev' || t.text === 'dst' || WITH_VALUE.includes(t.text)
    // `master cni0` names the bridge; as a bare word (older iproute2) it is a flag.
    const masterName = t.text === 'master' && rest[i + 1] && !FLAGS.includes(rest[i + 1]!.text)
    const v = needValue || masterName ? rest[++i] : undefined
    if (needValue && !v) {
      rep.error(l, undefined, `'${t.text}' needs a value`)
      return null
    }
    if (t.text === 'dev') spec.dev = v!.text
    else if (t.text === 'dst') {
      if (isIpv6Token(v!.text)) {
        rep.warn(l, v, 'IPv6 VXLAN remote skipped (only IPv4 is modelled)')
        return null
      }
      if (!isIpv4(v!.text)) {
        rep.error(l, v, `'${v!.text}' is not an IPv4 address`)
        return null
      }
      spec.dst = v!.text
    } else if (t.text === 'master') master = true
    else if (t.text === 'self') spec.self = true
    else if (t.text === 'permanent') spec.permanent = true
    else if (t.text === 'static') {
      rep.warn(l, t, "'static' entries are not modelled; loaded as a learned entry")
    } else if (!needValue && !FLAGS.includes(t.text)) {
      rep.error(l, t, `'${t.text}' is not a bridge fdb keyword`, didYouMean(t.text, KEYWORDS))
      return null
    }
  }
  if (!spec.dev) {
    rep.error(
      l,
      undefined,
      `missing 'dev' for ${macTok.text}`,
      "bridge fdb show prints 'dev <name>' on every line",
    )
    return null
  }
  if (!master && !spec.self) spec.self = true
  return spec as FdbSpec
}

export function parseBridgeFdb(text: string, opts: ParseFdbOptions = {}): ParseResult<FdbSpec[]> {
  const rep = new Reporter('bridge fdb', opts.origin)
  const value: FdbSpec[] = []
  for (const l of tokenizeLines(text)) {
    const f = parseLine(l, rep)
    if (f) value.push(f)
  }
  return { value, diagnostics: rep.diagnostics }
}
