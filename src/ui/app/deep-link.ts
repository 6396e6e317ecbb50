/**
 * `?scenario=<id>&step=<n>`: read once at start, then kept in step with the store through
 * history.replaceState (no history entry per step). `step` is the hop seq, the same in both levels.
 */
import type { AppStore } from '../../store'

export function readDeepLink(search: string): { scenario: string | null; step: number | null } {
  const q = new URLSearchParams(search)
  const step = Number(q.get('step'))
  return { scenario: q.get('scenario'), step: Number.isInteger(step) && step > 0 ? step : null }
}

export function syncUrl(store: AppStore): () => void {
  let last = ''
  return store.subscribe((s) => {
    if (!s.scenarioId || s.pendingStep !== null) return
    const url = new URL(location.href)
    url.searchParams.set('scenario', s.scenarioId)
    if (s.step > 0) url.searchParams.set('step', String(s.step))
    else url.searchParams.delete('step')
    const next = url.search
    if (next !== last) {
      last = next
      history.replaceState(null, '', url)
    }
  })
}
