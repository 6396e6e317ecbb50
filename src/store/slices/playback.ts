import type { StateCreator } from 'zustand/vanilla'
import { selectSteps, stepIndexAt } from '../selectors'
import type { AppState } from '../types'

export const SPEEDS = [0.5, 1, 2, 4] as const

export interface PlaybackSlice {
  /** Position in the journey as a hop seq: 0 is before the first hop. Same in both levels. */
  step: number
  /** A step asked for (deep link) before the trace has streamed that far. */
  pendingStep: number | null
  playing: boolean
  speed: number
  setStep(seq: number): void
  stepBy(delta: 1 | -1): void
  toStart(): void
  toEnd(): void
  setPlaying(playing: boolean): void
  togglePlaying(): void
  setSpeed(speed: number): void
}

export const createPlaybackSlice: StateCreator<AppState, [], [], PlaybackSlice> = (set, get) => ({
  step: 0,
  pendingStep: null,
  playing: false,
  speed: 1,
  setStep: (seq) => set({ step: Math.max(0, Math.min(seq, get().hops.length)) }),
  stepBy: (delta) => {
    const s = get()
    const steps = selectSteps(s)
    const i = stepIndexAt(steps, s.step)
    if (delta > 0) {
      const next = steps[i + 1]
      if (next) set({ step: next.last })
      else set({ playing: false })
    } else {
      const cur = steps[i]
      // Mid-way through a folded step (after a level switch): back goes to its start.
      if (cur && s.step > cur.last) set({ step: cur.last })
      else set({ step: i > 0 ? steps[i - 1]!.last : 0 })
    }
  },
  toStart: () => set({ step: 0, playing: false }),
  toEnd: () => {
    const steps = selectSteps(get())
    set({ step: steps[steps.length - 1]?.last ?? 0, playing: false })
  },
  setPlaying: (playing) => set({ playing }),
  togglePlaying: () => {
    const s = get()
    const steps = selectSteps(s)
    const atEnd = stepIndexAt(steps, s.step) >= steps.length - 1
    // Play at the end starts over, as a media player does.
    if (!s.playing && atEnd) set({ step: 0, playing: true })
    else set({ playing: !s.playing })
  },
  setSpeed: (speed) => set({ speed }),
})
