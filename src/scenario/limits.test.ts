import { describe, expect, it } from 'vitest'
import { loadScenarioSource, MAX_SOURCE_BYTES } from './index'

describe('loadScenarioSource limits', () => {
  it('refuses a file over 5 MB up front, at 1:1', () => {
    const t = Date.now()
    const { spec, diagnostics } = loadScenarioSource('#'.repeat(MAX_SOURCE_BYTES + 1), 'big.yaml')
    expect(Date.now() - t).toBeLessThan(200)
    expect(spec).toBeNull()
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        file: 'big.yaml',
        line: 1,
        column: 1,
        message: 'the file is 5.0 MB; files over 5 MB are not loaded',
        hint: 'split it, or remove what the journey does not need',
      },
    ])
  })

  it('returns at most 100 diagnostics and a count for binary input', () => {
    const binary = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('')
    const { diagnostics } = loadScenarioSource(binary, 'bin.yaml')
    expect(diagnostics.length).toBeLessThanOrEqual(101)
    for (const x of diagnostics) expect(x).toMatchObject({ line: expect.any(Number), column: expect.any(Number) })
  })

  it('caps a flood of 20,000 unknown keys at 100 and says how many more', () => {
    const src = `lab: x\n${Array.from({ length: 20_000 }, (_, i) => `bogus${i}: 1`).join('\n')}\n`
    const { diagnostics } = loadScenarioSource(src, 'many.yaml')
    expect(diagnostics).toHaveLength(101)
    expect(diagnostics.at(-1)).toMatchObject({ line: expect.any(Number), column: 1, message: expect.stringMatching(/^… and [\d,]+ more/) })
  })
})
