import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs, runCli } from './main'

const fixtures = join(import.meta.dirname, '../scenario/__fixtures__')
const read = (f: string) => readFileSync(f, 'utf8')
const lab = join(fixtures, 'two-pods-one-node.lab.yaml')

describe('parseArgs', () => {
  it('reads the file, seed, json and tables options', () => {
    expect(parseArgs(['x.yaml', '--seed', '3', '--json'])).toEqual({ file: 'x.yaml', seed: 3, json: true })
    expect(parseArgs(['x.yaml', '--tables', 'node1', '--step', '5'])).toMatchObject({ tables: 'node1', step: 5 })
  })

  it('explains what is wrong with bad options', () => {
    expect(parseArgs(['x.yaml', '--seed', 'two'])).toMatch(/--seed expects a whole number, got 'two'/)
    expect(parseArgs(['x.yaml', '--frobnicate'])).toMatch(/unknown option '--frobnicate'/)
    expect(parseArgs([])).toMatch(/^usage:/)
  })
})

describe('runCli', () => {
  it('prints one line per hop and the outcome', () => {
    const { out, code } = runCli([lab], read)
    expect(code).toBe(0)
    const lines = out.trim().split('\n')
    expect(lines[0]).toMatch(/^\s*1\s+0\.000ms\s+node1\/pod-a\s+app\.send/)
    expect(lines.at(-1)).toMatch(/^# completed: The client received the answer/)
  })

  it('prints a namespace’s tables in real command formats', () => {
    const { out, code } = runCli([lab, '--tables', 'node1'], read)
    expect(code).toBe(0)
    expect(out).toContain('$ ip route\n')
    expect(out).toContain('10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n')
    expect(out).toContain('$ bridge fdb show\n')
  })

  it('prints the whole trace as JSON', () => {
    const { out } = runCli([lab, '--json'], read)
    const trace = JSON.parse(out)
    expect(trace.version).toBe(1)
    expect(trace.hops.length).toBeGreaterThan(10)
  })

  it('names an unknown namespace and lists the real ones', () => {
    const { err, code } = runCli([lab, '--tables', 'node9'], read)
    expect(code).toBe(2)
    expect(err).toMatch(/no namespace 'node9'; the lab has: node1, /)
  })

  it('reports file errors with line and column and exits 1', () => {
    const bad = join(fixtures, 'bad')
    const { readdirSync } = require('node:fs') as typeof import('node:fs')
    const file = readdirSync(bad).find((f) => f.endsWith('.lab.yaml'))!
    const { err, code } = runCli([join(bad, file)], read)
    expect(code).toBe(1)
    expect(err).toMatch(/\.lab\.yaml:\d+:\d+: error: /)
  })

  it('says when the file cannot be read', () => {
    const { err, code } = runCli(['/nonexistent.yaml'], read)
    expect(code).toBe(2)
    expect(err).toMatch(/cannot read '\/nonexistent.yaml'/)
  })
})
