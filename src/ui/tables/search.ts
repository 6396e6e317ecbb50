/**
 * The Tables tab's search box: which rows of the shown namespace's tables contain the query.
 * A case-insensitive substring, as `grep -iF` would find it in the command's output; iptables
 * keeps each matching rule's own index, since its counter key (`nat/KUBE-SEP-…/2`) names it.
 */
import type { IptablesTableRow } from '../../engine/tables/types'

/** The query as matched: trimmed and lower-cased; '' matches everything. */
export const normalizeQuery = (q: string) => q.trim().toLowerCase()

export const rowMatches = (q: string, cells: readonly string[]) => !q || cells.some((c) => c.toLowerCase().includes(q))

/** The lines of a command's output that contain the query (`| grep -iF`). */
export function grepLines(text: string, q: string): string {
  if (!q) return text
  return text
    .split('\n')
    .filter((l) => l.toLowerCase().includes(q))
    .join('\n')
}

export interface ShownChain {
  name: string
  /** 0-based indices into the chain's rules. */
  rules: number[]
}

/**
 * Per table, the chains to show and their rules: every rule of a chain whose name matches,
 * else the rules that match; a chain with neither is left out, and so is a table with no chain.
 */
export function iptablesMatches(tables: readonly IptablesTableRow[], q: string): { name: string; chains: ShownChain[] }[] {
  return tables
    .map((tb) => ({
      name: tb.name,
      chains: tb.chains
        .map((c) => {
          const all = !q || c.name.toLowerCase().includes(q)
          const rules = c.rules.map((r, i) => (all || r.text.toLowerCase().includes(q) ? i : -1)).filter((i) => i >= 0)
          return { name: c.name, rules, keep: all || rules.length > 0 }
        })
        .filter((c) => c.keep)
        .map(({ name, rules }) => ({ name, rules })),
    }))
    .filter((tb) => tb.chains.length > 0)
}
