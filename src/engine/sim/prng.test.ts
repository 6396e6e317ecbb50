import { describe, expect, it } from 'vitest'
import { createPrng } from './prng'

describe('createPrng', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createPrng(42)
    const b = createPrng(42)
    expect([a.next(), a.next(), a.int(1, 6)]).toEqual([b.next(), b.next(), b.int(1, 6)])
  })

  it('gives different sequences for different seeds', () => {
    expect(createPrng(1).next()).not.toEqual(createPrng(2).next())
  })

  it('keeps int() within its bounds', () => {
    const p = createPrng(7)
    for (let i = 0; i < 1000; i++) {
      const v = p.int(32768, 60999)
      expect(v).toBeGreaterThanOrEqual(32768)
      expect(v).toBeLessThanOrEqual(60999)
    }
  })
})
