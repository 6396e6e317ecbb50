/**
 * The picker's sections: the scenario list (already in teaching order, from the worker) cut
 * where the group changes. Entries without a group (not described yet, or a file that does not
 * say) form one "other" section at the end.
 */
import type { ScenarioEntry } from '../../store/slices/scenario'
import type { ScenarioMeta } from '../../worker/protocol'

export type SectionKey = NonNullable<ScenarioMeta['group']> | 'other'

export interface PickerSection {
  key: SectionKey
  entries: ScenarioEntry[]
}

export function pickerSections(entries: readonly ScenarioEntry[]): PickerSection[] {
  const sections = new Map<SectionKey, ScenarioEntry[]>()
  for (const e of entries) {
    const key = e.meta?.group ?? 'other'
    sections.set(key, [...(sections.get(key) ?? []), e])
  }
  const other = sections.get('other')
  sections.delete('other')
  const out = [...sections].map(([key, list]) => ({ key, entries: list }))
  return other ? [...out, { key: 'other', entries: other }] : out
}
