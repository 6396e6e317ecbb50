/**
 * The built-in scenarios, bundled as raw text (the worker parses them).
 */
import type { ScenarioEntry } from '../../store/slices/scenario'

const files = import.meta.glob<string>('../../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true })

/** The scenario a bare URL opens. */
export const DEFAULT_SCENARIO = 'pod-to-pod-same-node'

export function builtInScenarios(): ScenarioEntry[] {
  const entries = Object.entries(files)
    .map(([path, source]) => {
      const fileName = path.split('/').pop()!
      return { id: fileName.replace(/\.yaml$/, ''), fileName, source }
    })
    .sort((a, b) => a.id.localeCompare(b.id))
  return entries
}
