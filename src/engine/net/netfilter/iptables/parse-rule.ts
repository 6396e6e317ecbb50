/**
 * One rule's options (everything after `-A CHAIN`), parsed the way iptables' command parser
 * does (iptables/xshared.c do_parse + command_default): `!` inverts the next option; unknown
 * `--options` go to the loaded target, then the loaded matches, and finally load the `-p`
 * protocol's match implicitly (so `-p tcp --dport 80` is saved as `-p tcp -m tcp --dport 80`,
 * with the tcp match placed where --dport appeared).
 */
import { IPPROTO, own, type ExtError, type MatchExt, type RuleProto } from './ext'
import { closest, parseCidr } from './inet'
import { MATCHES } from './match'
import type { Addr, IptRule, IptTableName, Match, Target } from './model'
import type { Token } from './tokenize'
import { TARGETS, type TargetExt } from './target'

export interface RuleError extends ExtError {
  col: number
}

export type ParsedRule = Omit<IptRule, 'text' | 'packets' | 'bytes'>

export interface RuleParse {
  rule?: ParsedRule
  errors: RuleError[]
  /** The chain a -j/-g names, for the caller to check it is declared. */
  jump?: { chain: string; col: number }
}

const BUILTIN_IN_FORBIDDEN = ['OUTPUT', 'POSTROUTING']
const BUILTIN_OUT_FORBIDDEN = ['PREROUTING', 'INPUT']

const err = (tok: Token | undefined, e: ExtError, fallbackCol = 1): RuleError => ({ ...e, col: tok?.col ?? fallbackCol })

export function parseRuleArgs(toks: Token[], chain: string, table: IptTableName, endCol: number): RuleParse {
  const rule: ParsedRule = { matches: [] }
  const matchExts: { ext: MatchExt; m: Match; tok: Token }[] = []
  let target: { ext?: TargetExt; t: Target; tok: Token } | undefined
  let proto: RuleProto = { invert: false }
  let invert: Token | undefined
  const errors: RuleError[] = []
  const fail = (tok: Token | undefined, e: ExtError): RuleParse => ({ errors: [...errors, err(tok, e, endCol)] })

  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!
    const w = tok.quoted ? '' : tok.text
    if (w === '!') {
      if (invert) return fail(tok, { message: "two '!' in a row", hint: "remove one '!'" })
      invert = tok
      continue
    }
    const takeArg = (): Token | undefined => {
      const a = toks[i + 1]
      if (a) i++
      return a
    }
    const invTok = invert
    const inv = invTok !== undefined
    invert = undefined
    if (w === '-s' || w === '--source' || w === '-d' || w === '--destination') {
      const a = takeArg()
      if (!a) return fail(tok, { message: `option '${w}' needs an address` })
      if (a.text.includes(','))
        return fail(a, { message: 'a list of addresses is not modelled', hint: 'write one rule per address' })
      const c = parseCidr(a.text)
      if (typeof c === 'string') return fail(a, { message: c, hint: 'write an address with an optional prefix, e.g. 10.244.0.0/16' })
      const v: Addr = { ...c, invert: inv }
      if (w === '-s' || w === '--source') rule.src = v
      else rule.dst = v
    } else if (w === '-i' || w === '--in-interface' || w === '-o' || w === '--out-interface') {
      const a = takeArg()
      if (!a) return fail(tok, { message: `option '${w}' needs an interface name` })
      if (a.text.length > 15) return fail(a, { message: `interface name '${a.text}' is longer than 15 characters` })
      const isIn = w === '-i' || w === '--in-interface'
      if ((isIn ? BUILTIN_IN_FORBIDDEN : BUILTIN_OUT_FORBIDDEN).includes(chain))
        return fail(tok, { message: `can't use ${isIn ? '-i' : '-o'} with ${chain}`, hint: `packets in ${chain} have no ${isIn ? 'input' : 'output'} interface` })
      if (isIn) rule.in = { name: a.text, invert: inv }
      else rule.out = { name: a.text, invert: inv }
    } else if (w === '-p' || w === '--protocol') {
      const a = takeArg()
      const name = a?.text.toLowerCase() ?? ''
      const num = own(IPPROTO, name) ?? (/^(0|1|6|17)$/.test(name) ? Number(name) : undefined)
      if (num === undefined) {
        const guess = a && closest(name, Object.keys(IPPROTO))
        return fail(a ?? tok, { message: "'-p' expects tcp, udp, icmp or all", hint: guess ? `did you mean ${guess}?` : `'${a?.text ?? ''}' is not one of them` })
      }
      proto = { num: num === 0 ? undefined : num, invert: inv }
      if (num !== 0) rule.proto = { num, invert: inv }
    } else if (w === '-m' || w === '--match') {
      const a = takeArg()
      if (inv) return fail(tok, { message: "'!' cannot be used before -m", hint: "put '!' before the match's option" })
      const ext = a ? own(MATCHES, a.text) : undefined
      if (!a || !ext) {
        const guess = a && closest(a.text, Object.keys(MATCHES))
        return fail(a ?? tok, {
          message: a ? `unknown match '-m ${a.text}'` : "'-m' needs a match name",
          hint: guess ? `did you mean -m ${guess}?` : `supported matches: ${Object.keys(MATCHES).join(', ')}`,
        })
      }
      const m = ext.init()
      matchExts.push({ ext, m, tok: a })
      rule.matches.push(m)
    } else if (w === '-j' || w === '--jump' || w === '-g' || w === '--goto') {
      const a = takeArg()
      if (!a) return fail(tok, { message: `option '${w}' needs a target` })
      if (inv) return fail(tok, { message: `'!' cannot be used before ${w}` })
      if (target) return fail(tok, { message: 'a rule can have only one target', hint: 'split it into two rules' })
      const isGoto = w === '-g' || w === '--goto'
      const ext = isGoto ? undefined : own(TARGETS, a.text)
      if (ext) {
        if (ext.tables && !ext.tables.includes(table))
          return fail(a, { message: `${a.text} is not valid in the ${table} table`, hint: `${a.text} works in the ${ext.tables.join(', ')} table${ext.tables.length > 1 ? 's' : ''}` })
        target = { ext, t: ext.init(), tok: a }
      } else target = { t: { kind: isGoto ? 'goto' : 'jump', chain: a.text }, tok: a }
      rule.target = target.t
    } else if (w.startsWith('-') && w.length > 1) {
      const opt = w.replace(/^--?/, '')
      let owner: { ext: Pick<MatchExt, 'options' | 'invertible'>; apply: (args: string[]) => ExtError | undefined; label: string } | undefined
      if (target?.ext && Object.hasOwn(target.ext.options, opt)) {
        const t = target
        owner = { ext: { options: t.ext!.options, invertible: [] }, apply: (args) => t.ext!.parse(t.t, opt, args), label: `-j ${t.tok.text}` }
      }
      for (let k = matchExts.length - 1; !owner && k >= 0; k--) {
        const me = matchExts[k]!
        if (Object.hasOwn(me.ext.options, opt)) owner = { ext: me.ext, apply: (args) => me.ext.parse(me.m, opt, args, inv), label: `-m ${me.ext.name}` }
      }
      const implicit = proto.num !== undefined ? MATCHES[{ 1: 'icmp', 6: 'tcp', 17: 'udp' }[proto.num] ?? ''] : undefined
      if (!owner && implicit && Object.hasOwn(implicit.options, opt) && !matchExts.some((me) => me.ext === implicit)) {
        const m = implicit.init()
        matchExts.push({ ext: implicit, m, tok })
        rule.matches.push(m)
        owner = { ext: implicit, apply: (args) => implicit.parse(m, opt, args, inv), label: `-m ${implicit.name}` }
      }
      if (!owner) return fail(tok, unknownOption(w, matchExts.map((me) => me.ext), implicit, target))
      if (inv && !owner.ext.invertible.includes(opt))
        return fail(invTok ?? tok, { message: `'!' is not allowed before ${w}`, hint: `remove the '!' before ${w}` })
      const n = owner.ext.options[opt] ?? 0
      const args = toks.slice(i + 1, i + 1 + n)
      if (args.length < n) return fail(tok, { message: `option '${w}' of ${owner.label} needs ${n === 1 ? 'an argument' : `${n} arguments`}` })
      i += n
      const e = owner.apply(args.map((t) => t.text))
      if (e) return fail(e.atOption ? tok : (args[0] ?? tok), e)
    } else {
      return fail(tok, { message: `unexpected word '${tok.text}'`, hint: 'quote values that contain spaces, e.g. --comment "a b"' })
    }
  }
  if (invert) return fail(invert, { message: "'!' at the end of the rule", hint: "'!' must come before an option" })
  for (const { ext, m, tok } of matchExts) {
    const e = ext.check?.(m, proto)
    if (e) return fail(tok, e)
  }
  if (target?.ext?.check) {
    const e = target.ext.check(target.t, proto)
    if (e) return fail(target.tok, e)
  }
  const t = target?.t
  const jump = t && (t.kind === 'jump' || t.kind === 'goto') ? { chain: t.chain, col: target!.tok.col } : undefined
  return { rule, errors, ...(jump ? { jump } : {}) }
}

function unknownOption(
  w: string,
  loaded: MatchExt[],
  implicit: MatchExt | undefined,
  target: { ext?: TargetExt; tok: Token } | undefined,
): ExtError {
  const owners: { label: string; opts: string[] }[] = loaded.map((e) => ({ label: `match option '${w}' for -m ${e.name}`, opts: Object.keys(e.options) }))
  if (implicit && !loaded.includes(implicit)) owners.push({ label: `match option '${w}' for -m ${implicit.name}`, opts: Object.keys(implicit.options) })
  if (target?.ext) owners.push({ label: `option '${w}' for -j ${target.tok.text}`, opts: Object.keys(target.ext.options) })
  const bare = w.replace(/^--?/, '')
  for (const o of owners) {
    const guess = closest(bare, o.opts)
    if (guess) return { message: `unknown ${o.label}`, hint: `did you mean --${guess}?` }
  }
  const last = owners[owners.length - 1]
  if (last) return { message: `unknown ${last.label}`, hint: `-m/-j options here: ${owners.flatMap((o) => o.opts.map((x) => `--${x}`)).join(', ')}` }
  return { message: `unknown option '${w}'`, hint: 'load the match that owns it first, e.g. -p tcp -m tcp --dport 80' }
}
