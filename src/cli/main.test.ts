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

  it('builds a 100-node, 5,000-Service cluster from a scenario file without error (--build; timed in npm run bench)', { timeout: 120_000 }, () => {
    const nodes = Array.from({ length: 100 }, (_, i) => `    - { name: node${i}, ip: 192.168.${Math.floor(i / 200)}.${10 + (i % 200)} }`).join('\n')
    const pods = Array.from({ length: 200 }, (_, i) => `  - { kind: Pod, metadata: { name: web-${i}, labels: { app: web${i % 50} } }, spec: { nodeName: node${i % 100}, containers: [{ name: app, ports: [{ containerPort: 8080 }] }] } }`).join('\n')
    const services = Array.from({ length: 5000 }, (_, i) => `  - { kind: Service, metadata: { name: svc${i} }, spec: { selector: { app: web${i % 50} }, ports: [{ port: 80, targetPort: 8080 }] } }`).join('\n')
    const file = `meta: { title: { en: big, zh: 大 } }\ncluster:\n  nodeNetwork: { cidr: 192.168.0.0/16 }\n  nodes:\n${nodes}\nresources:\n${pods}\n${services}\njourney: { from: { pod: web-0 }, to: { pod: web-1, port: 8080 } }\n`
    const { out, err, code } = runCli(['big.yaml', '--build'], () => file)
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(out).toMatch(/^lab big: 100 hosts, 300 namespaces \(200 pods\)/)
    expect(out).toMatch(/at most \d{5} in one namespace/)
  })
})
