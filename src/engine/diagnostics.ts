/**
 * Diagnostics: every problem with user input, with where it is and how to fix it. The engine
 * never throws an untyped error at its callers: bad input comes back as diagnostics.
 */
export interface Diagnostic {
  severity: 'error' | 'warning'
  /** What is wrong, in one sentence. */
  message: string
  /** File the problem is in, when it came from one. */
  file?: string
  /** 1-based line and column. */
  line?: number
  column?: number
  /** Path inside the document, `netns[2].links[0].master`. */
  path?: string
  /** How to fix it. */
  hint?: string
  /** Only on the summary capDiagnostics adds: how many were left out, and how many were errors. */
  omitted?: { count: number; errors: number }
}

/** Thrown inside the engine only to unwind; public entry points catch it and return diagnostics. */
export class LabError extends Error {
  readonly diagnostics: Diagnostic[]
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'))
    this.name = 'LabError'
    this.diagnostics = diagnostics
  }
}

/**
 * The most diagnostics a load returns. Binary or badly broken input yields one per line (124 MB
 * of text for one file); past the first hundred nobody reads them, and the rest only cost memory
 * and messages to the page.
 */
export const MAX_DIAGNOSTICS = 100

/**
 * The first MAX_DIAGNOSTICS, then one line that says how many more there are (and how many of
 * them are errors), at the position of the first one left out.
 */
export function capDiagnostics(diags: Diagnostic[], max = MAX_DIAGNOSTICS): Diagnostic[] {
  if (diags.length <= max) return diags
  const rest = diags.slice(max)
  const first = rest[0] as Diagnostic
  const errors = rest.filter((d) => d.severity === 'error').length
  const summary: Diagnostic = {
    severity: errors > 0 ? 'error' : 'warning',
    message: `… and ${rest.length.toLocaleString('en-US')} more (${errors.toLocaleString('en-US')} of them errors), not listed`,
    hint: 'fix the problems above and load again to see the rest',
    omitted: { count: rest.length, errors },
  }
  for (const k of ['file', 'line', 'column', 'path'] as const) if (first[k] !== undefined) Object.assign(summary, { [k]: first[k] })
  return [...diags.slice(0, max), summary]
}

/** `file:line:col: error: message (at path) — hint` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file
    ? `${d.file}${d.line !== undefined ? `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}` : ''}: `
    : ''
  const at = d.path ? ` (at ${d.path})` : ''
  const hint = d.hint ? `\n  hint: ${d.hint}` : ''
  return `${where}${d.severity}: ${d.message}${at}${hint}`
}
