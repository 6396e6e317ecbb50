/**
 * Shared pieces of the `ip`/`bridge` text parsers: whitespace tokens with 1-based columns,
 * diagnostics positioned in the original file (SourceOrigin), and "did you mean" hints.
 */
import type { Diagnostic } from '../../diagnostics'
import type { SourceOrigin } from '../spec'
import { isIpv4 } from '../../net/addr'

export interface Token {
  text: string
  /** 1-based column in the block's line. */
  col: number
}

export interface Line {
  /** 1-based line in the block. */
  line: number
  tokens: Token[]
  raw: string
}

export interface ParseResult<T> {
  value: T
  diagnostics: Diagnostic[]
}

export function tokenizeLines(text: string): Line[] {
  const out: Line[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const tokens: Token[] = []
    const re = /\S+/g
    for (let m = re.exec(raw); m; m = re.exec(raw)) tokens.push({ text: m[0], col: m.index + 1 })
    if (tokens.length > 0) out.push({ line: i + 1, tokens, raw })
  })
  return out
}

/** Collects diagnostics for one command's text, shifting positions by `origin`. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = []
  constructor(
    private readonly command: string,
    private readonly origin?: SourceOrigin,
  ) {}

  private push(
    severity: Diagnostic['severity'],
    line: number,
    col: number,
    message: string,
    hint?: string,
  ) {
    // With an origin, formatDiagnostic prints `file:line:col:` itself; without one the
    // position goes into the message so it is never lost.
    const where = this.origin ? '' : ` line ${line} col ${col}`
    const d: Diagnostic = {
      severity,
      message: `${this.command}${where}: ${message}`,
      line: this.origin ? this.origin.line + line - 1 : line,
      column: this.origin ? this.origin.column + col - 1 : col,
    }
    if (this.origin) d.file = this.origin.file
    if (hint) d.hint = hint
    this.diagnostics.push(d)
  }

  error(line: Line, at: Token | undefined, message: string, hint?: string) {
    this.push('error', line.line, at?.col ?? line.raw.length + 1, message, hint)
  }

  warn(line: Line, at: Token | undefined, message: string, hint?: string) {
    this.push('warning', line.line, at?.col ?? 1, message, hint)
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1)
      }
    }
  }
  return d[a.length]![b.length]!
}

/** `did you mean 'via'?` when a candidate is within two edits, else undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestD = 3
  for (const c of candidates) {
    const dist = editDistance(word.toLowerCase(), c.toLowerCase())
    if (dist < bestD) {
      best = c
      bestD = dist
    }
  }
  return best !== undefined ? `did you mean '${best}'?` : undefined
}

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i

export function isMac(s: string): boolean {
  return MAC_RE.test(s)
}

export function isIpv6Token(s: string): boolean {
  return s.includes(':') && !isMac(s) && /^[0-9a-f:.]+(\/\d+)?$/i.test(s)
}

export { isIpv4 }
