/**
 * One vanilla zustand store in six slices. React subscribes through useAppStore; the worker
 * bridge and the URL sync call setState from outside React.
 */
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import { createScenarioSlice } from './slices/scenario'
import { createTraceSlice } from './slices/trace'
import { createPlaybackSlice } from './slices/playback'
import { createSelectionSlice } from './slices/selection'
import { createLinkSlice } from './slices/link'
import {
  createPreferencesSlice,
  readPreferences,
  writePreferences,
  type KeyValueStorage,
} from './slices/preferences'
import type { AppState } from './types'

export type AppStore = ReturnType<typeof createAppStore>

export function createAppStore(opts: { storage?: KeyValueStorage } = {}) {
  const store = createStore<AppState>()((...a) => ({
    ...createScenarioSlice(...a),
    ...createTraceSlice(...a),
    ...createPlaybackSlice(...a),
    ...createSelectionSlice(...a),
    ...createLinkSlice(...a),
    ...createPreferencesSlice(readPreferences(opts.storage))(...a),
  }))
  store.subscribe((s, prev) => {
    if (
      s.locale !== prev.locale ||
      s.theme !== prev.theme ||
      s.level !== prev.level ||
      s.rawTables !== prev.rawTables
    )
      writePreferences(opts.storage, {
        locale: s.locale,
        theme: s.theme,
        level: s.level,
        rawTables: s.rawTables,
      })
  })
  return store
}

let appStore: AppStore | null = null

/** The page's single store (created on first use with localStorage). */
export function getAppStore(): AppStore {
  appStore ??= createAppStore({
    storage: typeof localStorage === 'undefined' ? undefined : localStorage,
  })
  return appStore
}

export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(getAppStore(), selector)
}

export type { AppState } from './types'
