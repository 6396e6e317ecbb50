import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadScenarioSource } from './index'
import { MAX_ALIASED_VALUES } from './yaml-reader'

const base = readFileSync(join(import.meta.dirname, '__fixtures__', 'pod-to-service.yaml'), 'utf8')
const withResources = (extra: string) => base.replace('resources:\n', `resources:\n${extra}`)

function errors(source: string) {
  const { spec, diagnostics } = loadScenarioSource(source, 'x.yaml')
  expect(spec).toBeNull()
  return diagnostics.filter((d) => d.severity === 'error')
}

describe('checkAliases', () => {
  it('refuses a List whose items alias the List itself, at the alias', () => {
    const [d, ...rest] = errors(withResources('  - &l { apiVersion: v1, kind: List, items: [*l] }\n'))
    expect(rest).toEqual([])
    expect(d).toMatchObject({ file: 'x.yaml', line: 13, column: 46 })
    expect(d?.message).toBe('alias *l repeats a value that contains the alias itself, so it never ends')
    expect(d?.hint).toMatch(/copy the items/)
  })

  it('refuses a plain list that contains an alias of itself', () => {
    const src = base.replace('  nodes:\n    - node1', '  nodes: &n\n    - node1\n    - *n')
    expect(errors(src)[0]).toMatchObject({ line: 11, column: 7, message: expect.stringMatching(/^alias \*n repeats/) })
  })

  it('bounds nested Lists of aliases (billion laughs) by the values they add', () => {
    let lists = '  - &a0 { apiVersion: v1, kind: List, items: [{ apiVersion: v1, kind: Pod }] }\n'
    for (let i = 1; i < 30; i++) lists += `  - &a${i} { apiVersion: v1, kind: List, items: [*a${i - 1}, *a${i - 1}] }\n`
    const t = Date.now()
    const [d] = errors(withResources(lists))
    expect(Date.now() - t).toBeLessThan(2000)
    expect(d).toMatchObject({ line: 42, column: 54 })
    expect(d?.message).toMatch(/^aliases add 20,401,094,212 values to this file \(at most 100,000\); \*a28 alone/)
    expect(d?.hint).toMatch(/write the values out/)
  })

  it('bounds unread keys of aliases too: the whole document counts', () => {
    let s = 'k: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n'
    for (let i = 1; i < 10; i++) s += `k${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`
    expect(errors(s + base)[0]?.message).toMatch(/^aliases add 12,345,678,990 values/)
  })

  it('accepts ordinary aliases well under the cap', () => {
    const src = base
      .replace('selector: { matchLabels: { app: web } }', 'selector: { matchLabels: &web { app: web } }')
      .replace('metadata: { labels: { app: web } }', 'metadata: { labels: *web }')
    expect(src).toContain('*web')
    expect(loadScenarioSource(src, 'x.yaml').diagnostics).toEqual([])
    expect(MAX_ALIASED_VALUES).toBe(100_000)
  })
})
