/**
 * Reads an `nft -f` script (the transaction kube-proxy's nftables proxier hands to nft through
 * knftables) and applies it to a ruleset as the kernel would: `add` creates an object unless it
 * exists, `flush` empties a chain, set or map, `delete` removes one. Only the syntax kube-proxy
 * writes is accepted (nft(8) "RULES", "SETS", "MAPS", "ELEMENTS"); anything else is a diagnostic
 * naming the line, never a throw.
 */
import type { Diagnostic } from '../../../diagnostics'
import type { NftBaseChain, NftChain, NftElement, NftHook, NftRule, NftRuleset, NftSelector, NftSet, NftStmt, NftTable, NftValue, NftVerdict } from './model'

interface Tok {
  text: string
  quoted: boolean
}

/** Blank-separated words; `"…"` is one word; `{ } ; ,` stand alone even when glued to a word. */
export function tokenizeNft(line: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < line.length) {
    const c = line[i]!
    if (c === ' ' || c === '\t') {
      i++
      continue
    }
    if (c === '"') {
      const end = line.indexOf('"', i + 1)
      const stop = end < 0 ? line.length : end
      out.push({ text: line.slice(i + 1, stop), quoted: true })
      i = stop + 1
      continue
    }
    if (c === '{' || c === '}' || c === ';' || c === ',') {
      out.push({ text: c, quoted: false })
      i++
      continue
    }
    let j = i
    while (j < line.length && !' \t"{};,'.includes(line[j]!)) j++
    out.push({ text: line.slice(i, j), quoted: false })
    i = j
  }
  return out
}

/** nft's standard priority names (nft(8) "CHAIN PRIORITIES", family ip). */
export const NFT_PRIORITY_NAMES: { name: string; value: number; hooks?: NftHook[] }[] = [
  { name: 'raw', value: -300 },
  { name: 'mangle', value: -150 },
  { name: 'dstnat', value: -100, hooks: ['prerouting'] },
  { name: 'filter', value: 0 },
  { name: 'security', value: 50 },
  { name: 'srcnat', value: 100, hooks: ['postrouting'] },
]

function parsePriority(text: string): number | null {
  if (/^-?\d+$/.test(text)) return Number(text)
  const m = /^([a-z]+)\s*([+-])?\s*(\d+)?$/.exec(text)
  const std = m && NFT_PRIORITY_NAMES.find((p) => p.name === m[1])
  if (!m || !std) return null
  return std.value + (m[2] && m[3] ? (m[2] === '-' ? -1 : 1) * Number(m[3]) : 0)
}

const VERDICT_WORDS = ['accept', 'drop', 'return', 'continue'] as const

class Cursor {
  i = 0
  constructor(readonly toks: Tok[]) {}
  peek(k = 0): string | undefined {
    return this.toks[this.i + k]?.text
  }
  next(): string {
    const t = this.toks[this.i++]
    if (!t) throw new NftSyntaxError('unexpected end of line')
    return t.text
  }
  expect(word: string): void {
    const got = this.next()
    if (got !== word) throw new NftSyntaxError(`expected '${word}', found '${got}'`)
  }
  done(): boolean {
    return this.i >= this.toks.length
  }
}

class NftSyntaxError extends Error {}

function parseVerdict(c: Cursor): NftVerdict {
  const w = c.next()
  if (w === 'jump' || w === 'goto') return { kind: w, chain: c.next() }
  if ((VERDICT_WORDS as readonly string[]).includes(w)) return { kind: w as (typeof VERDICT_WORDS)[number] }
  throw new NftSyntaxError(`'${w}' is not a verdict`)
}

/** A selector starting at the cursor, or null when the next word starts no selector. */
function parseSelector(c: Cursor): NftSelector | null {
  const [a, b, d] = [c.peek(), c.peek(1), c.peek(2)]
  const two = `${a} ${b}`
  if (two === 'ip saddr' || two === 'ip daddr' || two === 'meta l4proto' || two === 'th dport' || two === 'tcp dport' || two === 'udp dport' || two === 'ct state' || two === 'meta mark') {
    c.i += 2
    return two
  }
  if (a === 'fib' && (b === 'saddr' || b === 'daddr') && d === 'type') {
    c.i += 3
    return `fib ${b} type`
  }
  // kube-proxy writes the meta key bare: `mark and 0x4000 == 0`.
  if (a === 'mark' && b !== 'set') {
    c.i += 1
    return 'meta mark'
  }
  return null
}

function parseValue(c: Cursor): NftValue {
  const w = c.next()
  if (w === '@') return { kind: 'ref', set: c.next() }
  if (w.startsWith('@')) return { kind: 'ref', set: w.slice(1) }
  if (w !== '{') return { kind: 'value', text: w }
  const items: string[] = []
  while (c.peek() !== '}') {
    const item = c.next()
    if (item !== ',') items.push(item)
  }
  c.next()
  return { kind: 'anon', items }
}

function parseAnonVmap(c: Cursor): { key: string; verdict: NftVerdict }[] {
  c.expect('{')
  const entries: { key: string; verdict: NftVerdict }[] = []
  while (c.peek() !== '}') {
    if (c.peek() === ',') {
      c.next()
      continue
    }
    const key = c.next()
    c.expect(':')
    entries.push({ key, verdict: parseVerdict(c) })
  }
  c.next()
  return entries
}

const num = (s: string): number => {
  const n = Number(s)
  if (!Number.isFinite(n)) throw new NftSyntaxError(`'${s}' is not a number`)
  return n
}

/** One rule's words after the chain name, as `add rule ip T CHAIN …` gives them. */
export function parseNftRule(toks: Tok[]): NftRule {
  const c = new Cursor(toks)
  const stmts: NftStmt[] = []
  let comment: string | undefined
  while (!c.done()) {
    const w = c.peek()!
    if (w === 'comment') {
      c.next()
      comment = c.next()
      continue
    }
    if (w === 'jump' || w === 'goto' || (VERDICT_WORDS as readonly string[]).includes(w)) {
      stmts.push({ kind: 'verdict', verdict: parseVerdict(c) })
      continue
    }
    if (w === 'reject') {
      c.next()
      stmts.push({ kind: 'reject' })
      continue
    }
    if (w === 'masquerade') {
      c.next()
      const fullyRandom = c.peek() === 'fully-random'
      if (fullyRandom) c.next()
      stmts.push({ kind: 'masquerade', fullyRandom })
      continue
    }
    if (w === 'dnat') {
      c.next()
      c.expect('to')
      const [addr, port] = c.next().split(':')
      stmts.push({ kind: 'dnat', addr: addr!, ...(port ? { port: num(port) } : {}) })
      continue
    }
    if (w === 'counter') {
      c.next()
      let packets = 0
      let bytes = 0
      if (c.peek() === 'packets') {
        c.next()
        packets = num(c.next())
        c.expect('bytes')
        bytes = num(c.next())
      }
      stmts.push({ kind: 'counter', packets, bytes })
      continue
    }
    if (w === 'update') {
      c.next()
      const v = parseValue(c)
      if (v.kind !== 'ref') throw new NftSyntaxError('update needs @set')
      c.expect('{')
      const sel = parseSelector(c)
      if (!sel) throw new NftSyntaxError(`'${c.peek()}' is no key for update`)
      c.expect('}')
      stmts.push({ kind: 'update', set: v.set, sel })
      continue
    }
    if (w === 'mark' && c.peek(1) === 'set') {
      c.i += 2
      const m = parseSelector(c)
      const op = c.next()
      if (m !== 'meta mark' || (op !== 'or' && op !== 'xor')) throw new NftSyntaxError('only `mark set mark or|xor VALUE` is modelled')
      stmts.push({ kind: 'mark-set', op, value: num(c.next()) })
      continue
    }
    if (w === 'numgen') {
      c.next()
      c.expect('random')
      c.expect('mod')
      const mod = num(c.next())
      c.expect('vmap')
      stmts.push({ kind: 'vmap', key: { numgen: mod }, map: { kind: 'anon', entries: parseAnonVmap(c) } })
      continue
    }
    const sel = parseSelector(c)
    if (!sel) throw new NftSyntaxError(`'${w}' is not modelled`)
    if (c.peek() === '.' || c.peek() === 'vmap') {
      const key: NftSelector[] = [sel]
      while (c.peek() === '.') {
        c.next()
        const s = parseSelector(c)
        if (!s) throw new NftSyntaxError(`'${c.peek()}' cannot be concatenated`)
        key.push(s)
      }
      c.expect('vmap')
      const v = parseValue(c)
      if (v.kind !== 'ref') throw new NftSyntaxError('only `vmap @map` is modelled for a concatenation')
      stmts.push({ kind: 'vmap', key, map: v })
      continue
    }
    let mask: number | undefined
    if (sel === 'meta mark' && (c.peek() === 'and' || c.peek() === '&')) {
      c.next()
      mask = num(c.next())
    }
    let op: '==' | '!=' = '=='
    if (c.peek() === '!=' || c.peek() === '==') op = c.next() as '==' | '!='
    const value = parseValue(c)
    stmts.push({ kind: 'match', sel, op, value, ...(mask !== undefined ? { mask } : {}) })
  }
  return { stmts, ...(comment !== undefined ? { comment } : {}) }
}

/** `{ type … ; hook … ; }` declarations: the words between the braces, split at `;`. */
function declarations(c: Cursor): string[][] {
  if (c.peek() !== '{') return []
  c.next()
  const out: string[][] = [[]]
  while (c.peek() !== '}') {
    const w = c.next()
    if (w === ';') out.push([])
    else out[out.length - 1]!.push(w)
  }
  c.next()
  return out.filter((d) => d.length)
}

function parseDuration(s: string): number {
  let total = 0
  const re = /(\d+)(d|h|m|s|ms)/g
  let m: RegExpExecArray | null
  let seen = 0
  while ((m = re.exec(s))) {
    seen += m[0].length
    total += Number(m[1]) * ({ d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 } as const)[m[2] as 'd' | 'h' | 'm' | 's' | 'ms']
  }
  if (seen !== s.length) throw new NftSyntaxError(`'${s}' is not a time`)
  return total
}

function parseElements(c: Cursor, map: boolean): NftElement[] {
  c.expect('{')
  const out: NftElement[] = []
  let cur: NftElement = { key: [] }
  const flush = () => {
    if (cur.key.length) out.push(cur)
    cur = { key: [] }
  }
  while (c.peek() !== '}') {
    const w = c.next()
    if (w === ',') flush()
    else if (w === '.') continue
    else if (w === 'comment') cur.comment = c.next()
    else if (w === ':' && map) cur.verdict = parseVerdict(c)
    else cur.key.push(w)
  }
  c.next()
  flush()
  return out
}

const sameKey = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** Applies an `nft -f` script to `ruleset` (a fresh one by default). Lines starting `#` and blank lines are skipped. */
export function applyNftScript(text: string, ruleset: NftRuleset = { tables: [] }): { ruleset: NftRuleset; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  text.split('\n').forEach((raw, n) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    try {
      applyLine(ruleset, tokenizeNft(line))
    } catch (e) {
      if (!(e instanceof NftSyntaxError)) throw e
      diagnostics.push({ severity: 'error', message: `nft line ${n + 1}: ${e.message}`, path: `nftables line ${n + 1}`, hint: 'only the nft syntax kube-proxy writes is modelled' })
    }
  })
  return { ruleset, diagnostics }
}

function applyLine(rs: NftRuleset, toks: Tok[]): void {
  const c = new Cursor(toks)
  const verb = c.next()
  const obj = c.next()
  if (verb !== 'add' && verb !== 'flush' && verb !== 'delete') throw new NftSyntaxError(`'${verb}' is not modelled`)
  const family = c.next()
  if (family !== 'ip') throw new NftSyntaxError(`family '${family}' is not modelled (only ip)`)
  const tname = c.next()
  let table = rs.tables.find((t) => t.name === tname)
  if (obj === 'table') {
    if (verb === 'delete') rs.tables = rs.tables.filter((t) => t !== table)
    else if (verb === 'flush' && table) for (const ch of table.chains) ch.rules = []
    else if (!table) {
      const comment = declarations(c).find((d) => d[0] === 'comment')?.[1]
      table = { family: 'ip', name: tname, sets: [], chains: [], ...(comment !== undefined ? { comment } : {}) }
      rs.tables.push(table)
    }
    return
  }
  if (!table) throw new NftSyntaxError(`no table ip ${tname}`)
  const name = c.next()
  if (obj === 'chain') return applyChain(table, verb, name, c)
  if (obj === 'set' || obj === 'map') return applySet(table, verb, obj === 'map', name, c)
  if (obj === 'element') {
    const set = table.sets.find((s) => s.name === name)
    if (!set) throw new NftSyntaxError(`no set ${name}`)
    const els = parseElements(c, set.map)
    if (verb === 'add') for (const e of els) if (!set.elements.some((x) => sameKey(x.key, e.key))) set.elements.push(e)
    if (verb === 'delete') set.elements = set.elements.filter((x) => !els.some((e) => sameKey(x.key, e.key)))
    return
  }
  if (obj === 'rule') {
    const chain = table.chains.find((ch) => ch.name === name)
    if (!chain) throw new NftSyntaxError(`no chain ${name}`)
    if (verb !== 'add') throw new NftSyntaxError(`'${verb} rule' is not modelled`)
    chain.rules.push(parseNftRule(toks.slice(c.i)))
    return
  }
  throw new NftSyntaxError(`'${obj}' is not modelled`)
}

function applyChain(table: NftTable, verb: string, name: string, c: Cursor): void {
  const existing = table.chains.find((ch) => ch.name === name)
  if (verb === 'delete') {
    table.chains = table.chains.filter((ch) => ch !== existing)
    return
  }
  if (verb === 'flush') {
    if (!existing) throw new NftSyntaxError(`no chain ${name}`)
    existing.rules = []
    return
  }
  if (existing) return
  const chain: NftChain = { name, rules: [] }
  let base: Partial<NftBaseChain> | undefined
  for (const d of declarations(c)) {
    if (d[0] === 'comment') chain.comment = d[1]!
    else if (d[0] === 'policy') (base ??= {}).policy = d[1] as 'accept' | 'drop'
    else if (d[0] === 'type') {
      const [, type, hookWord, hook, prioWord, ...prio] = d
      if (hookWord !== 'hook' || prioWord !== 'priority') throw new NftSyntaxError('a base chain needs `type T hook H priority P`')
      const priority = parsePriority(prio.join(' '))
      if (priority === null) throw new NftSyntaxError(`'${prio.join(' ')}' is not a priority`)
      base = { ...base, type: type as NftBaseChain['type'], hook: hook as NftHook, priority }
    } else throw new NftSyntaxError(`'${d[0]}' in a chain declaration is not modelled`)
  }
  if (base) chain.base = { policy: 'accept', ...base } as NftBaseChain
  table.chains.push(chain)
}

function applySet(table: NftTable, verb: string, map: boolean, name: string, c: Cursor): void {
  const existing = table.sets.find((s) => s.name === name)
  if (verb === 'delete') {
    table.sets = table.sets.filter((s) => s !== existing)
    return
  }
  if (verb === 'flush') {
    if (!existing) throw new NftSyntaxError(`no ${map ? 'map' : 'set'} ${name}`)
    existing.elements = []
    return
  }
  if (existing) return
  const set: NftSet = { name, map, type: [], elements: [] }
  for (const d of declarations(c)) {
    if (d[0] === 'type') {
      const words = d.slice(1)
      const colon = words.indexOf(':')
      const key = colon < 0 ? words : words.slice(0, colon)
      if (map && words.slice(colon + 1).join(' ') !== 'verdict') throw new NftSyntaxError('only verdict maps are modelled')
      set.type = key.filter((w) => w !== '.')
    } else if (d[0] === 'flags') set.flags = d.slice(1).filter((w) => w !== ',')
    else if (d[0] === 'timeout') set.timeout = parseDuration(d[1]!)
    else if (d[0] === 'comment') set.comment = d[1]!
    else throw new NftSyntaxError(`'${d[0]}' in a set declaration is not modelled`)
  }
  table.sets.push(set)
}
