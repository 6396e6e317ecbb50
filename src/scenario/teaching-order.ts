/**
 * The order the picker lists scenarios in: by group, in the order a course teaches them
 * (SCENARIO_GROUPS: inside a pod, one node, across nodes, Services, from outside, history), then
 * by each file's `meta.order`, then by English title. Scenarios without a group come last.
 */
import { SCENARIO_GROUPS, type ScenarioGroup } from './schema'

export interface Orderable {
  title: { en: string }
  group?: ScenarioGroup
  order?: number
}

/** Past any `order` a file may give (the reader allows 1–999). */
const UNORDERED = 1000

const rank = (g: ScenarioGroup | undefined): number =>
  g === undefined ? SCENARIO_GROUPS.length : SCENARIO_GROUPS.indexOf(g)

/** Compares two scenarios' metas for the picker; for `Array.prototype.sort`. */
export function compareTeachingOrder(a: Orderable, b: Orderable): number {
  return (
    rank(a.group) - rank(b.group) ||
    (a.order ?? UNORDERED) - (b.order ?? UNORDERED) ||
    a.title.en.localeCompare(b.title.en)
  )
}

/** A sorted copy; `metaOf` picks the meta out of each item (items without one go last). */
export function sortTeachingOrder<T>(items: readonly T[], metaOf: (item: T) => Orderable | null | undefined): T[] {
  return [...items].sort((x, y) => {
    const a = metaOf(x)
    const b = metaOf(y)
    if (!a || !b) return a ? -1 : b ? 1 : 0
    return compareTeachingOrder(a, b)
  })
}
