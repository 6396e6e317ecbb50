/** The README's lab and scenario examples load and run: the documentation cannot rot. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runLab } from './engine'
import { loadScenarioSource } from './scenario'

const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8')
const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!)

describe('README examples', () => {
  it('has a lab example and a scenario example', () => {
    expect(examples.some((e) => e.startsWith('lab:'))).toBe(true)
    expect(examples.some((e) => e.includes('resources:'))).toBe(true)
  })

  it.each(examples.map((e, i) => [i + 1, e] as const))('example %i loads and its journey completes', (_i, source) => {
    const { spec, diagnostics } = loadScenarioSource(source, 'readme-example.yaml')
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(runLab(spec!).trace!.outcome.kind).toBe('completed')
  })
})
