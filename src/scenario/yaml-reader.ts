/**
 * Reading YAML with positions. Files are parsed with eemeli/yaml into a Document whose nodes keep
 * their source ranges; validators walk the nodes (not the converted JS), so every diagnostic can
 * name the file, line and column of the exact key or value at fault, and the path to it.
 *
 * Contract: nothing here throws on user input. Readers report into `ctx.diags` and return
 * undefined for a value they could not accept, so validation carries on and reports every problem.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml'
import type { Diagnostic } from '../engine/diagnostics'
import { didYouMean } from './suggest'

export interface Ctx {
  file: string
  lc: LineCounter
  doc: Document
  diags: Diagnostic[]
  /** For a document parsed out of a text block: file position of the block's first line. */
  shift?: { line: number; column: number }
  /** Each `*alias` and the node it names, found once by checkAliases (resolving is O(file)). */
  aliases?: Map<Node, Node | undefined>
}

/** A value in the document: its node (null for `key:` with nothing after it) and where it is. */
export interface Val {
  node: Node | null
  /** What a diagnostic points at: the node, or the key when there is no value. */
  at: Node | null
  path: string
}

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a mapping; remove or merge the repeated one',
  TAB_AS_INDENT: 'YAML indents with spaces only; replace the tab with spaces',
  BAD_INDENT: 'check the indentation and that every [ or { is closed',
  BLOCK_AS_IMPLICIT_KEY:
    'check the indentation: a nested key must be indented under its parent, and `a: b: c` needs a line break',
  MISSING_CHAR:
    'a quote, bracket or `:` is missing; a string opened with a quote must close on the same value',
  MULTILINE_IMPLICIT_KEY: 'check the indentation of this line against the one above',
  MULTIPLE_DOCS:
    'this file is one document; put pasted manifests (with their ---) under `resources: |`',
  UNEXPECTED_TOKEN: 'a list item (`- x`) and a key (`x: 1`) cannot be mixed at the same level',
}

export function parseYaml(source: string, file: string, shift?: Ctx['shift']): Ctx {
  const lc = new LineCounter()
  const doc = parseDocument(source, {
    keepSourceTokens: true,
    lineCounter: lc,
    prettyErrors: false,
    // The parser's own check compares each key with every earlier one: 150,000 keys took minutes.
    // checkAliases finds duplicates with a Set instead.
    uniqueKeys: false,
  })
  const ctx: Ctx = { file, lc, doc, diags: [], shift }
  const seenLines = new Set<number>()
  for (const e of doc.errors) {
    const p = position(ctx, e.pos[0])
    if (seenLines.has(p.line)) continue
    seenLines.add(p.line)
    ctx.diags.push({
      severity: 'error',
      file,
      ...p,
      message: `YAML syntax: ${e.message.replace(/; please use YAML\.parseAllDocuments\(\)/, '')}`,
      hint: YAML_HINTS[e.code] ?? 'fix the YAML syntax at this point',
    })
  }
  checkAliases(ctx)
  return ctx
}

/**
 * How many values aliases may add to a document. An alias repeats a whole subtree, so ten nested
 * lists of ten aliases each ("billion laughs") make a 1 KB file read as 10⁹ values. Real files
 * alias a few small mappings; 100,000 repeated values read in well under a second.
 */
export const MAX_ALIASED_VALUES = 100_000

/**
 * Reports keys repeated in a mapping (parse with `uniqueKeys: false`; this is linear where the
 * parser's check is quadratic), resolves every alias once (anchors in document order, as YAML
 * defines them) and refuses a
 * document whose aliases contain themselves (the readers would follow them forever) or add more
 * than MAX_ALIASED_VALUES values. Both walks use explicit stacks and memoise each node's expanded
 * size, so the check is linear in the file and cannot overflow the call stack.
 */
export function checkAliases(ctx: Ctx): void {
  const aliases = new Map<Node, Node | undefined>()
  ctx.aliases = aliases
  const root = (ctx.doc.contents as Node | null) ?? null
  if (!root) return
  const anchors = new Map<string, Node>()
  const order: Node[] = [root]
  let own = 0
  while (order.length) {
    const node = order.pop() as Node
    own++
    if (isAlias(node)) {
      aliases.set(node, anchors.get(node.source))
      continue
    }
    if (node.anchor) anchors.set(node.anchor, node)
    if (isMap(node)) {
      const keys = new Set<unknown>()
      for (const p of node.items) {
        if (!isScalar(p.key)) continue
        if (keys.has(p.key.value))
          report(ctx, { at: p.key, path: '' }, 'YAML syntax: Map keys must be unique', YAML_HINTS.DUPLICATE_KEY)
        keys.add(p.key.value)
      }
    }
    const kids = childrenOf(node)
    for (let i = kids.length - 1; i >= 0; i--) order.push(kids[i] as Node)
  }
  if (aliases.size === 0 || ctx.diags.length > 0) return
  // Post-order walk over the alias graph: size(alias) = size(its target), memoised per node.
  const size = new Map<Node, number>()
  const open = new Set<Node>()
  const stack: { node: Node; via?: Node }[] = [{ node: root }]
  let worst: { alias: Node; size: number } | undefined
  while (stack.length) {
    const top = stack[stack.length - 1] as { node: Node; via?: Node }
    const { node } = top
    if (size.has(node)) {
      stack.pop()
      continue
    }
    const next = isAlias(node) ? aliases.get(node) : undefined
    const kids = isAlias(node) ? (next ? [next] : []) : childrenOf(node)
    if (!open.has(node)) {
      open.add(node)
      for (const k of kids) {
        if (open.has(k)) {
          report(
            ctx,
            { at: node, path: '' },
            `alias *${isAlias(node) ? node.source : ''} repeats a value that contains the alias itself, so it never ends`,
            'an alias may only repeat a value that is complete before it; copy the items instead of aliasing the list they are in',
          )
          return
        }
        if (!size.has(k)) stack.push({ node: k })
      }
      continue
    }
    let n = isAlias(node) ? 0 : 1
    for (const k of kids) n += size.get(k) ?? 0
    size.set(node, n)
    open.delete(node)
    stack.pop()
    if (isAlias(node) && (!worst || n > worst.size)) worst = { alias: node, size: n }
  }
  const added = (size.get(root) ?? 0) - (own - aliases.size)
  if (added > MAX_ALIASED_VALUES && worst) {
    const src = isAlias(worst.alias) ? worst.alias.source : ''
    const count = (n: number) => (n > 1e12 ? 'more than 10¹²' : n.toLocaleString('en-US'))
    report(
      ctx,
      { at: worst.alias, path: '' },
      `aliases add ${count(added)} values to this file (at most ${MAX_ALIASED_VALUES.toLocaleString('en-US')}); *${src} alone stands for ${count(worst.size)}`,
      'aliases that repeat lists of aliases multiply; write the values out, or alias fewer levels',
    )
  }
}

function childrenOf(node: Node): Node[] {
  const out: Node[] = []
  if (isMap(node))
    for (const p of node.items) {
      if (p.key && typeof p.key === 'object') out.push(p.key as Node)
      if (p.value && typeof p.value === 'object') out.push(p.value as Node)
    }
  else if (isSeq(node)) for (const it of node.items) if (it && typeof it === 'object') out.push(it as Node)
  return out
}

function position(ctx: Ctx, offset: number): { line: number; column: number } {
  const { line, col } = ctx.lc.linePos(offset)
  if (!ctx.shift) return { line, column: col }
  return { line: ctx.shift.line + line - 1, column: ctx.shift.column + col - 1 }
}

export function posOf(ctx: Ctx, node: Node | null): { line: number; column: number } {
  const offset = node?.range?.[0]
  return offset === undefined ? { line: 1, column: 1 } : position(ctx, offset)
}

export function report(
  ctx: Ctx,
  v: Pick<Val, 'at' | 'path'>,
  message: string,
  hint?: string,
  severity: Diagnostic['severity'] = 'error',
): void {
  ctx.diags.push({
    severity,
    file: ctx.file,
    ...posOf(ctx, v.at),
    path: v.path || undefined,
    message,
    hint,
  })
}

export const rootVal = (ctx: Ctx): Val => {
  const node = (ctx.doc.contents as Node | null) ?? null
  return { node, at: node, path: '' }
}

export const joinPath = (path: string, key: string): string => (path ? `${path}.${key}` : key)

/** Follows `*alias` to its anchor; undefined anchors are reported once and read as null. */
function deref(ctx: Ctx, v: Val): Node | null {
  if (v.node && isAlias(v.node)) {
    const target = ctx.aliases
      ? ctx.aliases.get(v.node)
      : (v.node.resolve(ctx.doc) as Node | undefined)
    if (!target)
      report(ctx, v, `unknown alias *${v.node.source}`, 'define the anchor (&name) before using it')
    return target ?? null
  }
  return v.node
}

/** How a value reads in a message: "a list", "the number 8080", "the string 'http '". */
export function describe(node: Node | null): string {
  if (node === null) return 'nothing'
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) {
    const x = node.value
    if (x === null) return 'nothing'
    if (typeof x === 'string') return `the string '${x}'`
    if (typeof x === 'number' || typeof x === 'bigint')
      return `the number ${node.source ?? String(x)}`
    if (typeof x === 'boolean') return `${x}`
  }
  return 'an unsupported value'
}

export class MapReader {
  readonly entries = new Map<string, Val>()
  /** Each key's node (the first, if repeated), so a report on a key costs no search. */
  private readonly keyNodes = new Map<string, Node>()
  constructor(
    readonly ctx: Ctx,
    readonly self: Val,
    node: YAMLMap,
  ) {
    for (const pair of node.items) {
      const key = pair.key as Node | null
      const name = key && isScalar(key) && typeof key.value === 'string' ? key.value : undefined
      if (name === undefined) {
        report(
          ctx,
          { at: key, path: self.path },
          `keys must be strings, got ${describe(key)}`,
          'quote the key',
        )
        continue
      }
      const value = (pair.value as Node | null) ?? null
      const isNull = value === null || (isScalar(value) && value.value === null && !value.source)
      const path = joinPath(self.path, name)
      const entry: Val = { node: value, at: isNull ? key : value, path }
      entry.node = deref(ctx, entry)
      this.entries.set(name, entry)
      if (!this.keyNodes.has(name) && key) this.keyNodes.set(name, key)
    }
  }

  get(key: string): Val | undefined {
    const v = this.entries.get(key)
    if (!v || v.node === null || (isScalar(v.node) && v.node.value === null)) return undefined
    return v
  }

  /** Reports keys not in `known` (with a suggestion) and `required` keys that are absent. */
  check(known: readonly string[], required: readonly string[] = [], what = 'this mapping'): this {
    for (const [key, v] of this.entries) {
      if (known.includes(key)) continue
      const suggestion = didYouMean(key, known)
      const keyVal = { at: this.keyNodes.get(key) ?? v.at, path: v.path }
      report(
        this.ctx,
        keyVal,
        `unknown key '${key.length > 64 ? `${key.slice(0, 60)}…' (${key.length.toLocaleString('en-US')} characters)` : `${key}'`} in ${what}`,
        suggestion || `allowed keys: ${known.join(', ')}`,
      )
    }
    for (const key of required)
      if (!this.get(key))
        report(
          this.ctx,
          this.entries.get(key) ?? this.self,
          `missing required key '${key}' in ${what}`,
          `add \`${key}:\``,
        )
    return this
  }
}

export function readMap(ctx: Ctx, v: Val, what: string): MapReader | undefined {
  const node = deref(ctx, v)
  if (node && isMap(node)) return new MapReader(ctx, { ...v, node }, node)
  report(ctx, v, `expected ${what} (a mapping of key: value), got ${describe(node)}`)
  return undefined
}

export function readList(ctx: Ctx, v: Val, what = 'a list'): Val[] | undefined {
  const node = deref(ctx, v)
  if (node && isSeq(node))
    return node.items.map((item, i) => {
      const n = (item as Node | null) ?? null
      const iv: Val = { node: n, at: n ?? node, path: `${v.path}[${i}]` }
      iv.node = deref(ctx, iv)
      return iv
    })
  report(
    ctx,
    v,
    `expected ${what}, got ${describe(node)}`,
    'write one item per line, each starting with `- `',
  )
  return undefined
}

function scalarValue(v: Val): unknown {
  return v.node && isScalar(v.node) ? v.node.value : undefined
}

export function readStr(ctx: Ctx, v: Val, what = 'a string'): string | undefined {
  const x = scalarValue(v)
  if (typeof x === 'string') return x
  const hint =
    typeof x === 'number' || typeof x === 'boolean'
      ? `quote it: "${v.node && isScalar(v.node) ? v.node.source : ''}"`
      : undefined
  report(ctx, v, `expected ${what}, got ${describe(v.node)}`, hint)
  return undefined
}

export function readInt(
  ctx: Ctx,
  v: Val,
  opts: { min?: number; max?: number; what?: string } = {},
): number | undefined {
  const x = scalarValue(v)
  const what = opts.what ?? 'a whole number'
  if (typeof x !== 'number' || !Number.isInteger(x)) {
    const hint =
      typeof x === 'string' && /^\s*\d+\s*$/.test(x)
        ? `write it without quotes or spaces: ${x.trim()}`
        : undefined
    report(ctx, v, `expected ${what}, got ${describe(v.node)}`, hint)
    return undefined
  }
  if ((opts.min !== undefined && x < opts.min) || (opts.max !== undefined && x > opts.max)) {
    report(
      ctx,
      v,
      `${x} is out of range for ${what}`,
      `use a value from ${opts.min ?? '-∞'} to ${opts.max ?? '∞'}`,
    )
    return undefined
  }
  return x
}

export function readBool(ctx: Ctx, v: Val): boolean | undefined {
  const x = scalarValue(v)
  if (typeof x === 'boolean') return x
  report(ctx, v, `expected true or false, got ${describe(v.node)}`)
  return undefined
}

export function readEnum<T extends string>(
  ctx: Ctx,
  v: Val,
  values: readonly T[],
  what = 'value',
): T | undefined {
  const x = scalarValue(v)
  if (typeof x === 'string' && (values as readonly string[]).includes(x)) return x as T
  const suggestion = typeof x === 'string' ? didYouMean(x, values) : ''
  report(
    ctx,
    v,
    `unknown ${what} ${describe(v.node).replace(/^the (string|number) /, '')}`,
    suggestion || `use one of: ${values.join(', ')}`,
  )
  return undefined
}

/** A mapping of string to string (labels, selectors, annotations). */
export function readStrMap(ctx: Ctx, v: Val, what: string): Record<string, string> | undefined {
  const m = readMap(ctx, v, what)
  if (!m) return undefined
  const out: Record<string, string> = {}
  for (const [key, entry] of m.entries) {
    const s = readStr(ctx, entry, `a string value for '${key}'`)
    if (s !== undefined) out[key] = s
  }
  return out
}

/** Text of a block scalar with its file position: first content line and its indentation. */
export function readTextBlock(
  ctx: Ctx,
  v: Val,
): { text: string; line: number; column: number } | undefined {
  const node = v.node
  const raw = readStr(ctx, v, 'a text block (`|` followed by indented lines)')
  if (raw === undefined || !node || !isScalar(node)) return undefined
  const leading = /^(?:[ \t]*\n)*/.exec(raw)?.[0] ?? ''
  const text = raw.slice(leading.length)
  const skipped = leading.split('\n').length - 1
  const tok = node.srcToken
  if (tok?.type === 'block-scalar') {
    const src = (t: (typeof tok.props)[number] | undefined) => (t && 'source' in t ? t.source : '')
    const header = src(tok.props.find((p) => p.type === 'block-scalar-header')) || '|'
    const last = tok.props[tok.props.length - 1]
    const bodyStart = last ? last.offset + src(last).length : tok.offset
    const body = tok.source
    const lines = body.split('\n')
    let i = 0
    while (i < lines.length - 1 && /^\s*$/.test(lines[i] as string)) i++
    const explicit = /\d/.exec(header)?.[0]
    const indent = explicit
      ? tok.indent + Number(explicit)
      : (/^ */.exec(lines[i] ?? '')?.[0].length ?? 0)
    const offset = bodyStart + lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0)
    const p = position(ctx, offset)
    return { text, line: p.line, column: p.column + indent }
  }
  const p = posOf(ctx, node)
  return { text, line: p.line + skipped, column: p.column }
}

/**
 * The value at a sub-path (`['spec', 'ports', 0, 'targetPort']`) below `v`, for diagnostics found
 * after reading. Where the path ends early, it points at the deepest node that exists.
 */
export function dig(v: Val, sub: readonly (string | number)[]): Val {
  let node = v.node
  let path = v.path
  for (const key of sub) {
    path = typeof key === 'number' ? `${path}[${key}]` : joinPath(path, key)
    const next =
      node && (isMap(node) || isSeq(node)) ? (node.get(key, true) as Node | undefined) : undefined
    if (!next) return { node, at: node ?? v.at, path }
    node = next
  }
  return { node, at: node, path }
}
