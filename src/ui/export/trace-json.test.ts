import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { createAppStore } from '../../store'
import { builtInScenario } from '../../worker/testing/built-in-scenario'
import { traceJson, traceJsonText } from './trace-json'

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../../scenarios/schema/trace.schema.json'), 'utf8'))
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)

/** A store fed the way the worker bridge feeds it: `loaded`, then the hops in batches. */
function loadedStore(id: string, batch = 40) {
  const run = builtInScenario(id)
  const store = createAppStore()
  store.getState().setScenarios([{ id: run.id, fileName: run.fileName, source: run.source }])
  store.getState().selectScenario(run.id)
  store.setState({ loadId: 1, traceId: 2 })
  const receive = store.getState().receive
  receive({ type: 'loaded', id: 1, topology: run.trace.topology, diagnostics: [], meta: run.meta })
  const { trace } = run
  for (let i = 0; i < trace.hops.length; i += batch) {
    const final = i + batch >= trace.hops.length
    receive({
      type: 'hops',
      id: 2,
      hops: trace.hops.slice(i, i + batch),
      final,
      ...(i === 0 ? { initial: trace.initial, seed: trace.seed } : {}),
      ...(final ? { outcome: trace.outcome } : {}),
    })
  }
  return { store, trace }
}

describe('traceJson', () => {
  it.each(['pod-to-service', 'pod-to-pod-cross-node-vxlan', 'service-without-endpoints'])(
    'rebuilds exactly what the CLI prints with --json for %s',
    (id) => {
      const { store, trace } = loadedStore(id)
      const built = traceJson(store.getState())
      expect(built.ok).toBe(true)
      if (!built.ok) return
      // The CLI prints JSON.stringify(runLab(spec).trace, null, 2): compare the text itself.
      expect(traceJsonText(built.trace)).toBe(JSON.stringify(trace, null, 2) + '\n')
    },
  )

  it('validates against the published trace schema', () => {
    const { store } = loadedStore('pod-to-service')
    const built = traceJson(store.getState())
    const data = built.ok ? JSON.parse(traceJsonText(built.trace)) : null
    const ok = validate(data)
    expect(ok ? [] : validate.errors!.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
  })

  it('names what is missing while the trace is still streaming', () => {
    const run = builtInScenario('pod-to-service')
    const store = createAppStore()
    store.getState().setScenarios([{ id: run.id, fileName: run.fileName, source: run.source }])
    store.getState().selectScenario(run.id)
    store.setState({ loadId: 1, traceId: 2 })
    store.getState().receive({ type: 'loaded', id: 1, topology: run.trace.topology, diagnostics: [], meta: run.meta })
    store.getState().receive({ type: 'hops', id: 2, hops: run.trace.hops.slice(0, 5), final: false, initial: run.trace.initial, seed: run.trace.seed })
    expect(traceJson(store.getState())).toEqual({ ok: false, missing: ['hops', 'outcome'] })
  })
})
