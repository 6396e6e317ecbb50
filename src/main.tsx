import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getAppStore } from './store'
import { createEngineBridge, type WorkerLike } from './worker/bridge'
import { App } from './ui/app/App'
import { builtInScenarios, DEFAULT_SCENARIO } from './ui/app/scenarios'
import { startDeepLinks } from './ui/app/deep-link'
import './ui/theme.css'
import './ui/app.css'

const store = getAppStore()
const bridge = createEngineBridge(
  store,
  () => new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
)
const scenarios = builtInScenarios()
store.getState().setScenarios(scenarios)
// Opens the scenario, position and view the URL names (or the default journey), and keeps the
// URL in step with what is shown.
startDeepLinks(store, DEFAULT_SCENARIO)
// After the first scenario's load is queued, so it is answered first.
bridge.describeAll()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App bridge={bridge} />
  </StrictMode>,
)
