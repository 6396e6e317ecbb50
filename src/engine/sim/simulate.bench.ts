/**
 * How fast the engine runs the golden journeys (the page re-runs a journey on every seed change
 * and what-if edit). Numbers only; never a timed assertion (DEVELOPERS.md).
 */
import { bench, describe } from 'vitest'
import { runLab } from './simulate'
import { ENGINE_LABS } from '../testing/engine-labs'

describe('runLab', () => {
  for (const [name, lab] of Object.entries(ENGINE_LABS)) {
    bench(name, () => {
      runLab(lab)
    })
  }
})
