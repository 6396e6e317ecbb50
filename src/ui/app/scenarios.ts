/**
 * The built-in scenarios, each its own small chunk of raw text fetched when first needed (the
 * worker parses them): the first paint does not wait for fifteen YAML files.
 */
import type { ScenarioEntry } from '../../store/slices/scenario'

const files = import.meta.glob<string>('../../../scenarios/*.yaml', { query: '?raw', import: 'default' })

/** The scenario a bare URL opens. */
export const DEFAULT_SCENARIO = 'pod-to-pod-same-node'

export function builtInScenarios(): ScenarioEntry[] {
  const entries = Object.entries(files)
    .map(([path, fetchSource]) => {
      const fileName = path.split('/').pop()!
      return { id: fileName.replace(/\.yaml$/, ''), fileName, fetchSource }
    })
    .sort((a, b) => a.id.localeCompare(b.id))
  return entries
}
