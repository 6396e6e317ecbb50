import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseScenario } from './parse'
import { SCENARIO_GROUPS } from './schema'
import { compareTeachingOrder, sortTeachingOrder, type Orderable } from './teaching-order'
import { loadScenarioSource } from '.'

const m = (en: string, group?: Orderable['group'], order?: number): Orderable => ({
  title: { en },
  ...(group ? { group } : {}),
  ...(order !== undefined ? { order } : {}),
})
const titles = (xs: Orderable[]) => [...xs].sort(compareTeachingOrder).map((x) => x.title.en)

const withMeta = (meta: string) => `meta:\n${meta}\ncluster: { nodes: [n1] }\njourney: { from: { node: n1 }, to: { ip: 1.2.3.4 } }\n`
const diags = (meta: string) =>
  parseScenario(withMeta(meta), 's.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)

describe('compareTeachingOrder', () => {
  it('lists groups in teaching order, whatever the titles say', () => {
    expect(titles([m('a', 'history'), m('b', 'services'), m('c', 'inside-a-pod'), m('d', 'from-outside'), m('e', 'one-node'), m('f', 'across-nodes')])).toEqual(['c', 'e', 'f', 'b', 'd', 'a'])
  })

  it('orders a group by meta.order, not by title', () => {
    expect(titles([m('DNS lookup', 'services', 2), m('Pod to Service', 'services', 1)])).toEqual(['Pod to Service', 'DNS lookup'])
  })

  it('puts scenarios without an order after the ordered ones, by title', () => {
    expect(titles([m('z', 'services'), m('b', 'services'), m('y', 'services', 9), m('x', 'services', 3)])).toEqual(['x', 'y', 'b', 'z'])
  })

  it('puts scenarios without a group last', () => {
    expect(titles([m('mine'), m('a', 'history', 5)])).toEqual(['a', 'mine'])
  })
})

describe('sortTeachingOrder', () => {
  it('keeps items without a meta at the end and does not change its input', () => {
    const items = [{ id: 'broken' }, { id: 'svc', meta: m('svc', 'services') }, { id: 'pod', meta: m('pod', 'inside-a-pod') }]
    expect(sortTeachingOrder(items, (i) => i.meta).map((i) => i.id)).toEqual(['pod', 'svc', 'broken'])
    expect(items[0]!.id).toBe('broken')
  })

  it('lists the built-in scenarios group by group, each group in its files’ order', () => {
    const dir = join(import.meta.dirname, '../../scenarios')
    const metas = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => loadScenarioSource(readFileSync(join(dir, f), 'utf8'), f).meta)
    for (const meta of metas) {
      expect(meta.group, meta.id).toBeDefined()
      expect(meta.order, meta.id).toBeDefined()
    }
    const sorted = sortTeachingOrder(metas, (x) => x)
    expect([...new Set(sorted.map((x) => x.group))]).toEqual([...SCENARIO_GROUPS])
    const ids = sorted.map((x) => x.id)
    expect(ids.indexOf('pod-to-service')).toBeLessThan(ids.indexOf('dns-then-service'))
    expect(ids.slice(0, 3)).toEqual(['container-to-container', 'pod-to-pod-same-node', 'pod-to-pod-cross-node-vxlan'])
    // No two scenarios of one group share a place.
    const places = sorted.map((x) => `${x.group}:${x.order}`)
    expect(new Set(places).size).toBe(places.length)
  })
})

describe('meta.order', () => {
  it('is read as the place in the group', () => {
    expect(parseScenario(withMeta('  title: T\n  group: services\n  order: 2'), 's.yaml').doc?.meta).toMatchObject({ group: 'services', order: 2 })
  })

  it('must be a whole number from 1, reported at its line and column', () => {
    expect(diags('  title: T\n  order: two')).toEqual(["3:10 expected the place in its group, got the string 'two'"])
    expect(diags('  title: T\n  order: 0')).toEqual(['3:10 0 is out of range for the place in its group'])
    expect(diags('  title: T\n  order: 1.5')).toEqual(['3:10 expected the place in its group, got the number 1.5'])
  })
})
