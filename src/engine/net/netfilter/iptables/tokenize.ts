/**
 * Splits one iptables-restore line into words the way iptables-restore's add_param_to_argv does
 * (iptables/xshared.c): blanks separate words, `"` opens and closes quoting anywhere in a word,
 * and inside quotes a backslash takes the next character literally. Single quotes are ordinary
 * characters (iptables-restore rejects `'a b'` as two words).
 */

export interface Token {
  text: string
  /** 1-based column of the word's first character in its line. */
  col: number
  /** The word was (partly) quoted, so `"!"` or `"-j"` are data, not syntax. */
  quoted: boolean
}

export function tokenizeLine(line: string): { tokens: Token[]; unclosedQuoteCol?: number } {
  const tokens: Token[] = []
  let cur: Token | undefined
  let inQuote = false
  let quoteCol = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? ''
    if (inQuote) {
      if (c === '\\' && i + 1 < line.length) {
        i++
        cur!.text += line[i]
      } else if (c === '"') inQuote = false
      else cur!.text += c
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      if (cur) tokens.push(cur)
      cur = undefined
      continue
    }
    cur ??= { text: '', col: i + 1, quoted: false }
    if (c === '"') {
      inQuote = true
      quoteCol = i + 1
      cur.quoted = true
    } else cur.text += c
  }
  if (cur) tokens.push(cur)
  return inQuote ? { tokens, unclosedQuoteCol: quoteCol } : { tokens }
}
