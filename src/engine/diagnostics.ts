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

/** `file:line:col: error: message (at path) — hint` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file
    ? `${d.file}${d.line !== undefined ? `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}` : ''}: `
    : ''
  const at = d.path ? ` (at ${d.path})` : ''
  const hint = d.hint ? `\n  hint: ${d.hint}` : ''
  return `${where}${d.severity}: ${d.message}${at}${hint}`
}
