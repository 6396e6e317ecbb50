import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getAppStore, type AppStore } from './store'
import { scenarioSource } from './store/slices/scenario'
import type { AppState } from './store/types'
import type { LinkIssue } from './store/slices/link'
import { createEngineBridge, type EngineBridge, type WorkerLike } from './worker/bridge'
import { builtInScenarios, DEFAULT_SCENARIO } from './ui/app/scenarios'
import { readDeepLink, startDeepLinks, type DeepLinkOptions } from './ui/app/deep-link'
import { decodeScenario, scenarioFragment } from './ui/app/scenario-fragment'
import { isEmbed, readEmbedOptions } from './ui/embed/options'
import { startPlayer } from './ui/embed/player'
import './ui/theme.css'
import './ui/app.css'

/** The file name a scenario from a link's fragment is reported under (diagnostics, exports). */
const SHARED_FILE = 'shared-scenario.yaml'

/** Every built-in scenario's title and summary, for the picker (fetching the texts it needs). */
async function describeBuiltIns(store: AppStore, bridge: EngineBridge) {
  const get = store.getState
  const set = (p: Partial<AppState>) => store.setState(p)
  const files = await Promise.all(get().scenarios.map(async (e) => ({ fileName: e.fileName, source: await scenarioSource(get, set, e.id) })))
  bridge.describeScenarios(files)
}

async function boot() {
  const store = getAppStore()
  const bridge = createEngineBridge(
    store,
    () => new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
  )
  store.getState().setScenarios(builtInScenarios())

  const embed = isEmbed(location.search)
  const { options, issues } = readEmbedOptions(embed ? location.search : '', location.origin)
  const link: DeepLinkOptions = { issues: [...issues] }
  const fragment = scenarioFragment(location.hash)
  if (fragment !== null) {
    const decoded = await decodeScenario(fragment)
    if (decoded.ok) link.custom = { source: decoded.source, fileName: SHARED_FILE }
    else {
      const e = decoded.error
      const detail = e.code === 'too-long' ? e.chars : e.code === 'too-large' ? e.max : e.code === 'not-base64url' ? `“${e.char}”` : ''
      link.issues!.push({ param: 's', value: e.code, valid: String(detail) } satisfies LinkIssue)
    }
  }
  // Opens the scenario, position and view the URL names (or the default journey), and keeps the
  // URL in step with what is shown.
  startDeepLinks(store, DEFAULT_SCENARIO, link)
  // After the first scenario's load is queued, so it is answered first.
  void describeBuiltIns(store, bridge)

  const at = readDeepLink(location.search)
  const root = createRoot(document.getElementById('root')!)
  // Each page loads only its own UI: the embed player does not pay for the full page, nor the
  // reverse.
  if (embed) {
    const player = startPlayer(store, options, window, at.step !== undefined || at.hop !== undefined)
    const { EmbedApp } = await import('./ui/embed/EmbedApp')
    root.render(
      <StrictMode>
        <EmbedApp bridge={bridge} player={player} options={options} />
      </StrictMode>,
    )
  } else {
    const { App } = await import('./ui/app/App')
    root.render(
      <StrictMode>
        <App bridge={bridge} />
      </StrictMode>,
    )
  }
}

void boot()
