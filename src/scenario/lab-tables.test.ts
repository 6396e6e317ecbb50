import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadScenarioSource } from './index'

const lab = readFileSync(join(import.meta.dirname, '__fixtures__', 'two-pods-one-node.lab.yaml'), 'utf8')

describe('route lines naming a device', () => {
  it('positions a device name with regex characters without building a regex', () => {
    const { diagnostics } = loadScenarioSource(lab.replace('dev eth0', 'dev eth('), 'x.yaml')
    expect(diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[24, 35, "device 'eth(' does not exist in netns 'node1'"]])
  })

  it('answers at once for a name crafted to backtrack', () => {
    const t = Date.now()
    const { diagnostics } = loadScenarioSource(lab.replace('dev eth0', `dev ${'(a+)+'.repeat(20)}b`), 'x.yaml')
    expect(Date.now() - t).toBeLessThan(1000)
    expect(diagnostics[0]).toMatchObject({ line: 24, column: 35 })
  })
})
