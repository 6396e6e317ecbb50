import type { StateCreator } from 'zustand/vanilla'
import type { AppState, Level } from '../types'

/** A URL parameter of a deep link (see ui/app/deep-link.ts). */
export type LinkParam =
  | 'scenario'
  | 'step'
  | 'hop'
  | 'level'
  | 'lang'
  | 'theme'
  | 'tab'
  | 'device'
  | 'hide'
  // The embed player's own (ui/embed/options.ts) and a scenario carried in the fragment.
  | 'from'
  | 'to'
  | 'controls'
  | 'origins'
  | 's'

/**
 * Something a deep link asked for that could not be shown, as data: the page words it in the
 * chosen language, naming the value and what is valid, instead of falling back silently.
 */
export interface LinkIssue {
  param: LinkParam
  /** The value as written in the URL. */
  value: string
  /** The valid values, comma-separated, or the range's upper bound for step/hop. */
  valid: string
  /** The scenario the value was checked against (step, hop, device). */
  scenario?: string
  /** The level whose step list a step number was checked against. */
  level?: Level
}

export interface LinkSlice {
  linkIssues: LinkIssue[]
  setLinkIssues(issues: LinkIssue[]): void
}

export const createLinkSlice: StateCreator<AppState, [], [], LinkSlice> = (set) => ({
  linkIssues: [],
  setLinkIssues: (linkIssues) => set({ linkIssues }),
})
