import { describe, expect, it } from 'vitest'
import { pickerSections } from './picker-sections'
import type { ScenarioEntry } from '../../store/slices/scenario'
import type { ScenarioMeta } from '../../worker/protocol'

const entry = (id: string, group?: ScenarioMeta['group']): ScenarioEntry => ({
  id,
  fileName: `${id}.yaml`,
  ...(group ? { meta: { id, title: { en: id, zh: id }, summary: { en: '', zh: '' }, group } } : {}),
})

describe('pickerSections', () => {
  it('keeps the teaching order of the list and cuts it where the group changes', () => {
    const sections = pickerSections([entry('c2c', 'inside-a-pod'), entry('svc', 'services'), entry('dns', 'services'), entry('old', 'history')])
    expect(sections.map((s) => [s.key, s.entries.map((e) => e.id)])).toEqual([
      ['inside-a-pod', ['c2c']],
      ['services', ['svc', 'dns']],
      ['history', ['old']],
    ])
  })

  it('puts entries without a group in one last section', () => {
    const sections = pickerSections([entry('x'), entry('svc', 'services'), entry('y')])
    expect(sections.map((s) => [s.key, s.entries.map((e) => e.id)])).toEqual([
      ['services', ['svc']],
      ['other', ['x', 'y']],
    ])
  })
})
