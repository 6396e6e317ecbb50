/** The store's shape: six slices joined into one AppState (see slices/). */
import type { ScenarioSlice } from './slices/scenario'
import type { TraceSlice } from './slices/trace'
import type { PlaybackSlice } from './slices/playback'
import type { SelectionSlice } from './slices/selection'
import type { PreferencesSlice } from './slices/preferences'
import type { LinkSlice } from './slices/link'

export type AppState = ScenarioSlice & TraceSlice & PlaybackSlice & SelectionSlice & PreferencesSlice & LinkSlice

export type Category =
  | 'arp'
  | 'bridge'
  | 'routing'
  | 'netfilter'
  | 'nat'
  | 'conntrack'
  | 'vxlan'
  | 'sockets'
  | 'link'
  | 'drop'

/** The categories a user can filter on; `link` and `drop` are always shown. */
export const FILTERABLE: Category[] = [
  'arp',
  'bridge',
  'routing',
  'netfilter',
  'nat',
  'conntrack',
  'vxlan',
  'sockets',
]

export type Level = 'kubernetes' | 'kernel'
export type Locale = 'en' | 'zh'
export type Theme = 'light' | 'dark'
export type PanelTab = 'step' | 'packet' | 'tables'
