/**
 * Seeded pseudo-random numbers (mulberry32). Every random choice the kernel or kube-proxy makes
 * (statistic match, ephemeral ports, IP ids, VXLAN source ports' hash salt) draws from one Prng
 * passed in, so the same lab and seed always give a byte-identical trace.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number
}

export function createPrng(seed: number): Prng {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  }
}
