import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getAppStore } from './store'
import { createEngineBridge, type WorkerLike } from './worker/bridge'
import { App } from './ui/app/App'
import { builtInScenarios, DEFAULT_SCENARIO } from './ui/app/scenarios'
import { readDeepLink, syncUrl } from './ui/app/deep-link'
import './ui/theme.css'
import './ui/app.css'

const store = getAppStore()
const bridge = createEngineBridge(
  store,
  () => new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
)
const scenarios = builtInScenarios()
store.getState().setScenarios(scenarios)
const link = readDeepLink(location.search)
const start =
  scenarios.find((s) => s.id === link.scenario) ??
  scenarios.find((s) => s.id === DEFAULT_SCENARIO) ??
  scenarios[0]
syncUrl(store)
if (start)
  store.getState().selectScenario(start.id, link.step && start.id === link.scenario ? { step: link.step } : {})
// After the first scenario's load is queued, so it is answered first.
bridge.describeAll()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App bridge={bridge} />
  </StrictMode>,
)
