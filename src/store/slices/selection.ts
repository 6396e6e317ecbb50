import type { StateCreator } from 'zustand/vanilla'
import { FILTERABLE, type AppState, type Category, type PanelTab } from '../types'

export interface SelectionSlice {
  /** Namespace whose tables are open; null follows the acting namespace of the current hop. */
  selectedNetns: string | null
  /** Event categories shown in the step list; `link` and `drop` are always shown. */
  filter: Category[]
  tab: PanelTab
  sequenceOpen: boolean
  helpOpen: boolean
  /** Presenter mode: bigger type, the narration large under the canvas, no side panel. */
  presenter: boolean
  selectNetns(netns: string | null): void
  toggleFilter(c: Category): void
  setTab(tab: PanelTab): void
  setSequenceOpen(open: boolean): void
  setHelpOpen(open: boolean): void
  setPresenter(on: boolean): void
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set) => ({
  selectedNetns: null,
  filter: [...FILTERABLE],
  tab: 'step',
  sequenceOpen: true,
  helpOpen: false,
  presenter: false,
  selectNetns: (selectedNetns) => set(selectedNetns ? { selectedNetns, tab: 'tables' } : { selectedNetns }),
  toggleFilter: (c) =>
    set((s) => ({ filter: s.filter.includes(c) ? s.filter.filter((x) => x !== c) : [...s.filter, c] })),
  setTab: (tab) => set({ tab }),
  setSequenceOpen: (sequenceOpen) => set({ sequenceOpen }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setPresenter: (presenter) => set({ presenter }),
})
