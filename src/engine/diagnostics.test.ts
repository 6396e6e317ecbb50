import { describe, expect, it } from 'vitest'
import { capDiagnostics, MAX_DIAGNOSTICS, type Diagnostic } from './diagnostics'

const d = (i: number, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({ severity, message: `m${i}`, file: 'f', line: i + 1, column: 1 })

describe('capDiagnostics', () => {
  it('leaves a short list alone', () => {
    const list = [d(0), d(1)]
    expect(capDiagnostics(list)).toBe(list)
  })

  it('keeps the first hundred and counts the rest at the first one left out', () => {
    const list = Array.from({ length: 250 }, (_, i) => d(i, i % 2 ? 'warning' : 'error'))
    const out = capDiagnostics(list)
    expect(out).toHaveLength(MAX_DIAGNOSTICS + 1)
    expect(out.at(-1)).toEqual({
      severity: 'error',
      message: '… and 150 more (75 of them errors), not listed',
      hint: 'fix the problems above and load again to see the rest',
      omitted: { count: 150, errors: 75 },
      file: 'f',
      line: 101,
      column: 1,
    })
  })
})
