import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { runLab } from '../engine/sim/simulate'
import { ENGINE_LABS } from '../engine/testing/engine-labs'
import { twoNodeLab } from '../engine/testing/labs'
import { generateTraceSchema } from './trace-schema'

const file = join(import.meta.dirname, '../../scenarios/schema/trace.schema.json')
const committed = readFileSync(file, 'utf8')
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(committed))

const labs = {
  ...ENGINE_LABS,
  'closed port (tcp.rst)': twoNodeLab({ name: 'rst', pods: ['pod-a', 'pod-b'], journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.244.1.3', dport: 9, sport: 41000 } }),
  'closed UDP port (icmp.send)': twoNodeLab({ name: 'udp', pods: ['pod-a', 'pod-b'], journey: { from: 'node1/pod-a', protocol: 'udp', dst: '10.244.1.3', dport: 9, request: 'x' } }),
  'TTL expiry': twoNodeLab({ name: 'ttl', pods: ['pod-a', 'pod-c'], journey: { from: 'node1/pod-a', protocol: 'icmp', dst: '10.244.2.2', ttl: 1 } }),
}

describe('trace JSON Schema', () => {
  it('is the schema generated from the trace types (run `npm run schema` after changing them)', { timeout: 60_000 }, () => {
    expect(committed).toBe(generateTraceSchema())
  })

  it.each(Object.entries(labs))('validates the trace of %s', (_name, lab) => {
    const trace = JSON.parse(JSON.stringify(runLab(lab).trace))
    const ok = validate(trace)
    expect(ok ? [] : validate.errors!.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
  })

  it('rejects an unknown event kind and an unknown field', () => {
    const trace = JSON.parse(JSON.stringify(runLab(ENGINE_LABS['same-node-cold-arp']!).trace))
    expect(validate({ ...trace, hops: [{ ...trace.hops[0], kind: 'teleport' }] })).toBe(false)
    expect(validate({ ...trace, surprise: 1 })).toBe(false)
  })
})
