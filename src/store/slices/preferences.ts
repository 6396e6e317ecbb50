import type { StateCreator } from 'zustand/vanilla'
import type { AppState, Level, Locale, Theme } from '../types'

export interface Preferences {
  locale: Locale
  theme: Theme
  level: Level
  /** Tables shown as the command prints them instead of as a grid. */
  rawTables: boolean
}

export interface PreferencesSlice extends Preferences {
  setLocale(locale: Locale): void
  setTheme(theme: Theme): void
  setLevel(level: Level): void
  setRawTables(raw: boolean): void
}

export const DEFAULT_PREFERENCES: Preferences = {
  locale: 'en',
  theme: 'light',
  level: 'kubernetes',
  rawTables: false,
}

export const createPreferencesSlice =
  (initial: Preferences): StateCreator<AppState, [], [], PreferencesSlice> =>
  (set) => ({
    ...initial,
    setLocale: (locale) => set({ locale }),
    setTheme: (theme) => set({ theme }),
    // The position (a hop seq) is shared by both levels, so switching keeps the place.
    setLevel: (level) => set({ level }),
    setRawTables: (rawTables) => set({ rawTables }),
  })

const KEY = 'packet-journeys.preferences'

export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export function readPreferences(storage: KeyValueStorage | undefined): Preferences {
  try {
    const raw = storage?.getItem(KEY)
    const p = raw ? (JSON.parse(raw) as Partial<Preferences>) : {}
    return {
      locale: p.locale === 'zh' ? 'zh' : 'en',
      theme: p.theme === 'dark' ? 'dark' : 'light',
      level: p.level === 'kernel' ? 'kernel' : 'kubernetes',
      rawTables: p.rawTables === true,
    }
  } catch {
    return DEFAULT_PREFERENCES
  }
}

export function writePreferences(storage: KeyValueStorage | undefined, p: Preferences): void {
  try {
    storage?.setItem(KEY, JSON.stringify(p))
  } catch {
    // Private mode or a full quota: preferences just are not remembered.
  }
}
