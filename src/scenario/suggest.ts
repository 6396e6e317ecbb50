/**
 * "Did you mean …?" for misspelt keys, kinds and names: the closest candidate by Damerau–
 * Levenshtein distance (an adjacent swap counts as one edit, as `targetPrt`/`tagretPort` do),
 * accepted only when it is close relative to the word's length.
 */

/** Optimal string alignment distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  const rows: number[][] = []
  for (let i = 0; i <= s.length; i++) {
    const row: number[] = [i]
    for (let j = 1; j <= t.length; j++) row.push(i === 0 ? j : 0)
    rows.push(row)
  }
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY
  for (let i = 1; i <= s.length; i++) {
    const row = rows[i] as number[]
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d = Math.min(d, at(i - 2, j - 2) + 1)
      row[j] = d
    }
  }
  return at(s.length, t.length)
}

const MAX_SUGGEST_LENGTH = 64

/** The closest candidate, or undefined when none is plausibly what was meant. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  // The distance costs length × length in time and memory: a 1 MB unknown key took 22 s and
  // 1 GB. Nobody misspells a 64-character word into something we can guess, so skip those.
  if (word.length > MAX_SUGGEST_LENGTH) return undefined
  const budget = Math.max(1, Math.min(3, Math.floor(word.length / 3)))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > budget || c.length > MAX_SUGGEST_LENGTH) continue
    const d = editDistance(word, c)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return bestDistance <= budget ? best : undefined
}

/** ` Did you mean 'x'?` or '' — ready to append to a message or hint. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates)
  return c === undefined ? '' : `did you mean '${c}'?`
}
