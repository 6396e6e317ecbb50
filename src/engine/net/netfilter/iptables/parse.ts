/**
 * Reads `iptables-save [-c]` output and iptables-restore input (kube-proxy's, flannel's) into a
 * Ruleset: `*table`, `:CHAIN POLICY [p:b]`, `-N CHAIN`, `[p:b] -A CHAIN …`, `COMMIT`, `#`
 * comments. Like iptables-restore, a chain must be declared before a rule uses or jumps to it.
 * It never throws: each problem becomes a Diagnostic at the offending word, and the bad rule is
 * skipped.
 */
import type { Diagnostic } from '../../../diagnostics'
import type { SourceOrigin } from '../../../lab/spec'
import { ruleText } from './format'
import { own } from './ext'
import { closest } from './inet'
import { BUILTIN_CHAINS, emptyRuleset, type IptChain, type IptRule, type IptTable, type IptTableName, type Ruleset } from './model'
import { parseRuleArgs } from './parse-rule'
import { TARGETS } from './target'
import { tokenizeLine, type Token } from './tokenize'

const TABLES = Object.keys(BUILTIN_CHAINS) as IptTableName[]

/**
 * The most rules one table may hold. kube-proxy's nat table for 5,000 Services is about 30,000
 * rules; a packet walks at most every rule of a table once per jump into it, and traversal stops
 * after MAX_EVALUATIONS (traverse.ts), so a longer table is refused here, at its first rule too
 * many, instead of turning into an unexplained DROP when a packet walks it.
 */
export const MAX_TABLE_RULES = 100_000
const COUNTERS = /^\[(\d+):(\d+)\]$/

interface OpenTable {
  name: IptTableName
  line: number
  table: IptTable
  /** Chains declared so far (built-ins always exist), with the line that declared them. */
  declared: Map<string, number>
  /** Rules accepted so far, for MAX_TABLE_RULES. */
  rules: number
  /** Rules and jumps naming chains not declared at that point: resolved at COMMIT. */
  pending: { chain: string; line: number; col: number; kind: 'rule' | 'jump' }[]
}

export function parseIptablesSave(text: string, origin?: SourceOrigin): { ruleset: Ruleset; diagnostics: Diagnostic[] } {
  const ruleset = emptyRuleset()
  const diagnostics: Diagnostic[] = []
  const lines = text.split('\n')
  const report = (li: number, col: number, message: string, hint?: string, severity: Diagnostic['severity'] = 'error') => {
    const d: Diagnostic = {
      severity,
      message,
      line: origin ? origin.line + li : li + 1,
      column: origin ? origin.column + col - 1 : col,
    }
    if (origin) d.file = origin.file
    if (hint) d.hint = hint
    diagnostics.push(d)
  }
  let open: OpenTable | undefined
  let skipping = false

  const closeTable = (o: OpenTable) => {
    dropLoops(o)
    for (const p of o.pending) {
      const later = o.declared.get(p.chain)
      const decl = `':${p.chain} - [0:0]'`
      if (p.kind === 'rule') {
        if (later !== undefined) report(p.line, p.col, `rule for chain '${p.chain}' before ${decl} declares it`, `move ${decl} (line ${later + 1}) above line ${p.line + 1}`)
        else report(p.line, p.col, `rule for chain '${p.chain}', which is not declared in table ${o.name}`, `declare it with ${decl} after '*${o.name}'`)
      } else {
        if (later !== undefined) report(p.line, p.col, `jump to chain '${p.chain}' before ${decl} declares it`, `move ${decl} (line ${later + 1}) above line ${p.line + 1}`)
        else {
          const guess = closest(p.chain, [...o.declared.keys(), ...Object.keys(TARGETS)])
          report(p.line, p.col, `jump to chain '${p.chain}' which is not declared in table ${o.name}`, guess ? `did you mean ${guess}?` : `declare it with ${decl}`)
        }
      }
    }
  }

  /**
   * The kernel refuses a table whose jumps loop (ELOOP from mark_source_chains in ip_tables.c,
   * nft's loop check). Report the rule that closes each loop and drop it, so traversal ends.
   */
  const dropLoops = (o: OpenTable) => {
    // Depth-first over the jumps with an explicit stack: 2,000 chains each jumping to the next
    // overflowed the call stack when this recursed.
    const state = new Map<string, 'open' | 'done'>()
    const chains = o.table.chains
    for (const start of Object.values(chains)) {
      if (state.has(start.name)) continue
      state.set(start.name, 'open')
      const stack: { chain: IptChain; next: number; kept: IptRule[] }[] = [{ chain: start, next: 0, kept: [] }]
      while (stack.length) {
        const f = stack[stack.length - 1]!
        const r = f.chain.rules[f.next++]
        if (!r) {
          f.chain.rules = f.kept
          state.set(f.chain.name, 'done')
          stack.pop()
          continue
        }
        const t = r.target
        const to = t && (t.kind === 'jump' || t.kind === 'goto') && Object.hasOwn(chains, t.chain) ? chains[t.chain] : undefined
        if (to && state.get(to.name) === 'open') {
          const names = stack.map((s) => s.chain.name)
          const loop = [...names.slice(names.indexOf(to.name)), to.name].join(' -> ')
          const li = (r.source?.line ?? 1) - (origin ? origin.line : 1)
          const col = (r.source?.column ?? 1) - (origin ? origin.column - 1 : 0)
          report(li, col, `jumps loop: ${loop}`, 'the kernel rejects a table whose chains jump in a circle; remove one of the jumps')
          continue
        }
        f.kept.push(r)
        if (to && !state.has(to.name)) {
          state.set(to.name, 'open')
          stack.push({ chain: to, next: 0, kept: [] })
        }
      }
    }
  }

  const use = (o: OpenTable) => {
    ruleset.tables[o.name] = o.table
    if (o.name === 'nat') ruleset.needsConntrack = true
  }

  lines.forEach((raw, li) => {
    const { tokens, unclosedQuoteCol } = tokenizeLine(raw)
    const first = tokens[0]
    if (!first || first.text.startsWith('#')) return
    if (unclosedQuoteCol !== undefined) {
      report(li, unclosedQuoteCol, 'unterminated quote', 'close the quoted string with "')
      return
    }
    const w = first.text
    if (w.startsWith('*')) {
      if (open) {
        report(li, 1, `COMMIT missing at end of table ${open.name}`, `add a line 'COMMIT' before line ${li + 1}`)
        closeTable(open)
      }
      open = undefined
      skipping = false
      const name = w.slice(1) as IptTableName
      if (!TABLES.includes(name)) {
        const guess = closest(name, TABLES)
        report(li, first.col + 1, `unknown table '${w.slice(1)}'`, guess ? `did you mean *${guess}?` : `tables are ${TABLES.join(', ')}`)
        skipping = true
        return
      }
      // iptables-restore (without --noflush) flushes the table it opens.
      const chains = BUILTIN_CHAINS[name].map((n): [string, IptChain] => [n, { name: n, builtin: true, policy: 'ACCEPT', packets: 0, bytes: 0, rules: [] }])
      // Chain names come from the input: no prototype, so `:__proto__ - [0:0]` is just a name.
      const table: IptTable = { name, chains: Object.assign(Object.create(null) as IptTable['chains'], Object.fromEntries(chains)) }
      if (ruleset.tables[name]) ruleset.tables[name] = table
      open = { name, line: li, table, declared: new Map(BUILTIN_CHAINS[name].map((n) => [n, -1])), rules: 0, pending: [] }
      return
    }
    if (w === 'COMMIT') {
      if (open) closeTable(open)
      else if (!skipping) report(li, first.col, 'COMMIT without a table', "start the table with a line like '*filter'")
      open = undefined
      skipping = false
      return
    }
    if (skipping) return
    if (!open) {
      report(li, first.col, 'line outside a table', "start the table with a line like '*filter' and end it with 'COMMIT'")
      return
    }
    const o = open
    if (w.startsWith(':')) return declareChain(o, li, tokens, first)
    let rest = tokens
    let counters: { packets: number; bytes: number } = { packets: 0, bytes: 0 }
    const cm = COUNTERS.exec(w)
    if (cm) {
      counters = { packets: Number(cm[1]), bytes: Number(cm[2]) }
      rest = tokens.slice(1)
    }
    const cmd = rest[0]
    if (!cmd) return report(li, first.col, 'counters without a rule', 'follow [packets:bytes] with -A CHAIN …')
    if (cmd.text === '-N' || cmd.text === '--new-chain') {
      const name = rest[1]
      if (!name) return report(li, cmd.col, '-N needs a chain name')
      return addChain(o, li, name, '-', counters)
    }
    if (cmd.text === '-P' || cmd.text === '--policy') {
      const chain = o.table.chains[rest[1]?.text ?? '']
      const pol = rest[2]?.text
      if (!chain?.builtin) return report(li, rest[1]?.col ?? cmd.col, `-P needs a built-in chain of table ${o.name}`)
      if (pol !== 'ACCEPT' && pol !== 'DROP') return report(li, rest[2]?.col ?? cmd.col, 'policy must be ACCEPT or DROP')
      chain.policy = pol
      return use(o)
    }
    if (cmd.text !== '-A' && cmd.text !== '--append') {
      const hint = cmd.text === '-I' || cmd.text === '--insert' ? 'write the rules in order with -A' : 'rules start with -A CHAIN'
      return report(li, cmd.col, `unsupported command '${cmd.text}'`, hint)
    }
    const chainTok = rest[1]
    if (!chainTok) return report(li, cmd.col, '-A needs a chain name')
    const chain = Object.hasOwn(o.table.chains, chainTok.text) ? o.table.chains[chainTok.text] : undefined
    if (!chain) {
      o.pending.push({ chain: chainTok.text, line: li, col: chainTok.col, kind: 'rule' })
      return
    }
    const parsed = parseRuleArgs(rest.slice(2), chain.name, o.name, raw.length + 1)
    for (const e of parsed.errors) report(li, e.col, e.message, e.hint)
    if (!parsed.rule) return
    if (parsed.jump) {
      const target = parsed.jump.chain
      if (BUILTIN_CHAINS[o.name].includes(target as never))
        return report(li, parsed.jump.col, `cannot jump to built-in chain '${target}'`, 'jump to a user chain instead')
      if (!Object.hasOwn(o.table.chains, target)) {
        o.pending.push({ chain: target, line: li, col: parsed.jump.col, kind: 'jump' })
        return
      }
    }
    if (o.rules === MAX_TABLE_RULES)
      report(li, first.col, `table ${o.name} has more than ${MAX_TABLE_RULES.toLocaleString('en-US')} rules; this rule and the ones after it are not loaded`, 'trim the ruleset to the chains the journey uses')
    if (o.rules++ >= MAX_TABLE_RULES) return
    const source = { line: origin ? origin.line + li : li + 1, column: origin ? origin.column + first.col - 1 : first.col, ...(origin ? { file: origin.file } : {}) }
    chain.rules.push({ ...parsed.rule, text: ruleText(chain.name, parsed.rule), ...counters, source })
    if (parsed.rule.matches.some((m) => m.kind === 'conntrack' || m.kind === 'state') || ['NOTRACK', 'CT'].includes(parsed.rule.target?.kind ?? ''))
      ruleset.needsConntrack = true
    use(o)
  })
  if (open) {
    const o: OpenTable = open
    report(lines.length - 1, 1, `COMMIT missing at end of table ${o.name}`, `add a line 'COMMIT' after the last rule of *${o.name}`)
    closeTable(o)
  }
  // Problems found at COMMIT (undeclared chains) are reported in line order with the rest.
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  return { ruleset, diagnostics }

  function declareChain(o: OpenTable, li: number, tokens: Token[], first: Token) {
    const nameTok: Token = { ...first, text: first.text.slice(1), col: first.col + 1 }
    const pol = tokens[1]
    if (!pol) return report(li, first.col, `chain '${nameTok.text}' needs a policy`, `write ':${nameTok.text} - [0:0]' for a user chain`)
    const cm = tokens[2] ? COUNTERS.exec(tokens[2].text) : null
    if (tokens[2] && !cm) return report(li, tokens[2].col, `'${tokens[2].text}' is not a counter pair`, 'write [packets:bytes], e.g. [0:0]')
    addChain(o, li, nameTok, pol.text, { packets: Number(cm?.[1] ?? 0), bytes: Number(cm?.[2] ?? 0) }, pol)
  }

  function addChain(o: OpenTable, li: number, nameTok: Token, policy: string, counters: { packets: number; bytes: number }, polTok?: Token) {
    const name = nameTok.text
    const existing = Object.hasOwn(o.table.chains, name) ? o.table.chains[name] : undefined
    const builtin = existing?.builtin ? existing : undefined
    if (builtin) {
      if (policy !== 'ACCEPT' && policy !== 'DROP')
        return report(li, polTok?.col ?? nameTok.col, `built-in chain '${name}' needs the policy ACCEPT or DROP`, `write ':${name} ACCEPT [0:0]'`)
      Object.assign(builtin, { policy, ...counters })
      return use(o)
    }
    if (name === '' || name.length > 28 || /^[-!]/.test(name) || /\s/.test(name))
      return report(li, nameTok.col, `invalid chain name '${name}'`, 'chain names have 1-28 characters and do not start with - or !')
    if (own(TARGETS, name)) return report(li, nameTok.col, `chain name '${name}' is a target name`, 'choose another name')
    if (policy !== '-')
      return report(li, polTok?.col ?? nameTok.col, `'${name}' is not a built-in chain of table ${o.name}, so it cannot have a policy`, `write ':${name} - [0:0]' for a user chain`)
    if (o.declared.has(name)) return report(li, nameTok.col, `chain '${name}' is declared twice`, 'remove the second declaration', 'warning')
    o.declared.set(name, li)
    // iptables-nft keeps no counters on user chains: `:X - [5:6]` loads and saves as [0:0].
    const chain: IptChain = { name, builtin: false, packets: 0, bytes: 0, rules: [] }
    o.table.chains[name] = chain
    use(o)
  }
}
