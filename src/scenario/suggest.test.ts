import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadScenarioSource } from './index'
import { closest } from './suggest'

describe('closest', () => {
  it('still suggests for an ordinary typo', () => {
    expect(closest('tagretPort', ['port', 'targetPort', 'protocol'])).toBe('targetPort')
  })

  it('does no edit-distance work for a 1 MB word', () => {
    const t = Date.now()
    expect(closest('k'.repeat(1_000_000), ['k'.repeat(1_000_000), 'kind'])).toBeUndefined()
    expect(Date.now() - t).toBeLessThan(100)
  })

  it('reports a 1 MB unknown key at once, with the allowed keys', () => {
    const base = readFileSync(join(import.meta.dirname, '__fixtures__', 'pod-to-service.yaml'), 'utf8')
    const t = Date.now()
    const { diagnostics } = loadScenarioSource(base.replace('journey:\n', `journey:\n  ? ${'k'.repeat(1_000_000)}\n  : 1\n`), 'x.yaml')
    expect(Date.now() - t).toBeLessThan(2000)
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({
      line: 40,
      column: 5,
      message: `unknown key '${'k'.repeat(60)}…' (1,000,000 characters) in the journey`,
      hint: expect.stringMatching(/^allowed keys: from, to/),
    })
  })
})
