/**
 * The discrete-event queue and virtual clock. Items run in time order, ties in insertion order,
 * so the simulation is deterministic. Nothing here reads a real clock.
 */
export interface EventQueue {
  readonly now: number
  schedule(delayUs: number, run: () => void): void
  /** Runs the next item; false when the queue is empty or the step budget is spent. */
  step(): boolean
  readonly pending: number
}

export function createQueue(maxSteps = 100_000): EventQueue {
  const items: { at: number; order: number; run: () => void }[] = []
  let now = 0
  let order = 0
  let steps = 0
  return {
    get now() {
      return now
    },
    get pending() {
      return items.length
    },
    schedule(delayUs, run) {
      const item = { at: now + delayUs, order: order++, run }
      // Insertion sort from the back: items are nearly always scheduled in time order.
      let i = items.length
      while (i > 0 && (items[i - 1]!.at > item.at || (items[i - 1]!.at === item.at && items[i - 1]!.order > item.order))) i--
      items.splice(i, 0, item)
    },
    step() {
      const item = items.shift()
      if (!item || steps++ >= maxSteps) return false
      now = item.at
      item.run()
      return true
    },
  }
}
