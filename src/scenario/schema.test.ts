/**
 * The published JSON Schemas (scenarios/schema/*.schema.json) stay in sync with the parsers:
 * every example file validates against them, and the keys they list are the keys the readers
 * accept. The structural validator below covers the JSON Schema subset those files use.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { LAB_KEYS } from './lab-file'
import {
  FDB_KEYS,
  LINK_KEYS,
  NEIGH_KEYS,
  NETNS_KEYS,
  PEER_KEYS,
  ROUTE_KEYS,
  VXLAN_KEYS,
} from './lab-netns'
import { CLUSTER_KEYS } from './cluster'
import { META_KEYS, SCENARIO_KEYS } from './parse'

type Schema = Record<string, unknown>
const root = join(import.meta.dirname, '..', '..')
const load = (name: string): Schema =>
  JSON.parse(readFileSync(join(root, 'scenarios', 'schema', name), 'utf8')) as Schema
const fixtures = join(import.meta.dirname, '__fixtures__')

function typeOf(x: unknown): string {
  if (Array.isArray(x)) return 'array'
  if (x === null) return 'null'
  if (typeof x === 'number') return Number.isInteger(x) ? 'integer' : 'number'
  return typeof x
}

function validate(
  rootSchema: Schema,
  schema: Schema,
  x: unknown,
  path: string,
  errors: string[],
): void {
  const ref = schema.$ref as string | undefined
  if (ref) {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((s, k) => (s as Schema)[k], rootSchema)
    return validate(rootSchema, target as Schema, x, path, errors)
  }
  const t = typeOf(x)
  if (schema.type !== undefined) {
    const types = ([] as string[]).concat(schema.type as string)
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      errors.push(`${path}: expected ${types.join('|')}, got ${t}`)
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(x))
    errors.push(`${path}: ${String(x)} not in enum`)
  if ('const' in schema && schema.const !== x)
    errors.push(`${path}: expected ${String(schema.const)}`)
  if (typeof x === 'string' && schema.pattern && !new RegExp(schema.pattern as string).test(x))
    errors.push(`${path}: '${x}' does not match ${String(schema.pattern)}`)
  if (typeof x === 'number' && schema.minimum !== undefined && x < (schema.minimum as number))
    errors.push(`${path}: below minimum`)
  if (typeof x === 'number' && schema.maximum !== undefined && x > (schema.maximum as number))
    errors.push(`${path}: above maximum`)
  if (schema.oneOf) {
    const passing = (schema.oneOf as Schema[]).filter((s) => {
      const e: string[] = []
      validate(rootSchema, s, x, path, e)
      return e.length === 0
    })
    if (passing.length !== 1) errors.push(`${path}: matches ${passing.length} of oneOf`)
  }
  if (t === 'array' && schema.items)
    (x as unknown[]).forEach((item, i) =>
      validate(rootSchema, schema.items as Schema, item, `${path}[${i}]`, errors),
    )
  if (t === 'object') {
    const obj = x as Record<string, unknown>
    const props = (schema.properties ?? {}) as Record<string, Schema>
    for (const k of (schema.required ?? []) as string[])
      if (!(k in obj)) errors.push(`${path}: missing ${k}`)
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) validate(rootSchema, props[k], v, `${path}.${k}`, errors)
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected ${k}`)
      else if (typeof schema.additionalProperties === 'object')
        validate(rootSchema, schema.additionalProperties as Schema, v, `${path}.${k}`, errors)
    }
  }
}

function check(schema: Schema, doc: unknown): string[] {
  const errors: string[] = []
  validate(schema, schema, doc, '$', errors)
  return errors
}

const keysOf = (s: unknown) => Object.keys(((s as Schema).properties ?? {}) as Schema).sort()

describe('lab.schema.json', () => {
  const schema = load('lab.schema.json')
  const defs = schema.definitions as Record<string, Schema>
  const labFiles = readdirSync(fixtures).filter((f) => f.endsWith('.lab.yaml'))

  it('has example lab files to check', () => expect(labFiles.length).toBeGreaterThanOrEqual(2))
  for (const f of labFiles)
    it(`accepts the example ${f}`, () =>
      expect(check(schema, parse(readFileSync(join(fixtures, f), 'utf8')))).toEqual([]))

  it('lists exactly the keys the lab-file reader accepts', () => {
    expect(keysOf(schema)).toEqual([...LAB_KEYS].sort())
    expect(keysOf(defs.netns)).toEqual([...NETNS_KEYS].sort())
    expect(keysOf(defs.link)).toEqual([...LINK_KEYS].sort())
    expect(keysOf((defs.link?.properties as Schema).peer)).toEqual([...PEER_KEYS].sort())
    expect(keysOf((defs.link?.properties as Schema).vxlan)).toEqual([...VXLAN_KEYS].sort())
    expect(keysOf(defs.route)).toEqual([...ROUTE_KEYS].sort())
    expect(keysOf(defs.neigh)).toEqual([...NEIGH_KEYS].sort())
    expect(keysOf(defs.fdb)).toEqual([...FDB_KEYS].sort())
  })

  it('rejects a misspelt key, so the check above can fail', () => {
    expect(
      check(schema, {
        lab: 'x',
        netns: [{ name: 'n', links: [{ name: 'a', type: 'bridge', mater: 'b' }] }],
      }),
    ).toEqual(['$.netns[0].links[0]: unexpected mater'])
  })
})

describe('scenario.schema.json', () => {
  const schema = load('scenario.schema.json')
  it('accepts the example scenario', () =>
    expect(
      check(schema, parse(readFileSync(join(fixtures, 'pod-to-service.yaml'), 'utf8'))),
    ).toEqual([]))

  it('lists exactly the top-level sections the parser accepts', () =>
    expect(keysOf(schema)).toEqual([...SCENARIO_KEYS].sort()))

  it('lists exactly the meta keys the parser accepts, in both schemas', () => {
    const defs = schema.definitions as Record<string, Schema>
    expect(keysOf(defs.meta)).toEqual([...META_KEYS].sort())
    const labDefs = load('lab.schema.json').definitions as Record<string, Schema>
    expect(keysOf(labDefs.meta)).toEqual([...META_KEYS].sort())
  })

  it('lists exactly the cluster keys the reader accepts, kube-proxy options included', () => {
    const defs = schema.definitions as Record<string, Schema>
    expect(keysOf(defs.cluster)).toEqual([...CLUSTER_KEYS].sort())
    const withOptions = { ...(parse(readFileSync(join(fixtures, 'pod-to-service.yaml'), 'utf8')) as Schema) }
    withOptions.cluster = { ...(withOptions.cluster as Schema), masqueradeAll: true, nodePortAddresses: ['192.168.0.0/24'], localhostNodePorts: false, kubeProxyClusterCIDR: '' }
    expect(check(schema, withOptions)).toEqual([])
    withOptions.cluster = { ...(withOptions.cluster as Schema), kubeProxyClusterCIDR: 'none' }
    expect(check(schema, withOptions)).not.toEqual([])
  })

  const builtIn = join(root, 'scenarios')
  for (const f of readdirSync(builtIn).filter((n) => n.endsWith('.yaml')))
    it(`accepts the built-in ${f} (lab or scenario schema)`, () => {
      const doc = parse(readFileSync(join(builtIn, f), 'utf8')) as Record<string, unknown>
      const s = 'lab' in doc ? load('lab.schema.json') : schema
      expect(check(s, doc)).toEqual([])
    })

  it('accepts each journey target form once and rejects a journey without a target', () => {
    const base = { from: { node: 'n1' } }
    for (const to of [
      { pod: 'a' },
      { service: 'web', port: 'http' },
      { dns: 'x.svc.cluster.local', port: 80 },
      { url: 'http://a/' },
      { node: 'n1', nodePort: 30062 },
      { ip: '1.2.3.4' },
    ])
      expect(check(schema, { journey: { ...base, to } })).toEqual([])
    expect(check(schema, { journey: { ...base, to: {} } })).toEqual([
      '$.journey.to: matches 0 of oneOf',
    ])
  })
})
