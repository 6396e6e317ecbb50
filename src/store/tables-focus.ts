/**
 * Which table row the Tables tab opens on at a step: the row whose rule decided what happened to
 * the packet (the iptables rule that DNATed it, the conntrack entry that un-NATed a reply), else
 * the row the step added, else one it changed. Read from the step's events and their table
 * deltas only; nothing here decides datapath behaviour.
 *
 * Contract: pure. Data in (hops, a step's seq range), a plan out; no DOM, no store.
 */
import type { HopEvent } from '../engine/trace/events'
import type { TableDelta } from '../engine/tables/types'
import { counterKey } from '../engine/tables/fold'

/** Why the row is the one to look at, worded by the UI. */
export type FocusReason = 'nat' | 'unnat' | 'drop' | 'added' | 'changed' | 'matched'

export interface TablesFocus {
  netns: string
  /** `iptables` rows are keyed by counterKey (`nat/KUBE-SEP-…/2`); the others by rowKey. */
  table: 'iptables' | Exclude<TableDelta['table'], 'counter'>
  key: string
  reason: FocusReason
  /** The event that makes it the row to look at. */
  seq: number
}

/** Lower is stronger: a decision beats a new row, a new row beats an update or a plain match. */
const RANK: Record<FocusReason, number> = { nat: 0, unnat: 0, drop: 0, added: 1, changed: 2, matched: 3 }

/** The nf.rule event whose target made the NAT event `h` (the last one before it in its netns). */
function natRule(hops: HopEvent[], h: HopEvent & { rule: string }): HopEvent | undefined {
  for (let i = h.seq - 2; i >= 0; i--) {
    const r = hops[i]
    if (!r || r.packet !== h.packet) continue
    if (r.netns !== h.netns) return undefined
    if (r.kind === 'nf.rule' && r.text === h.rule) return r
  }
  return undefined
}

function candidates(hops: HopEvent[], h: HopEvent): TablesFocus[] {
  const out: TablesFocus[] = []
  const at = (f: Omit<TablesFocus, 'seq'>) => out.push({ ...f, seq: h.seq })
  switch (h.kind) {
    case 'nat.dnat':
    case 'nat.snat':
    case 'nat.masquerade': {
      const r = natRule(hops, h)
      if (r?.kind === 'nf.rule') at({ netns: r.netns, table: 'iptables', key: counterKey(r.table, r.chain, r.rule), reason: 'nat' })
      break
    }
    case 'nat.reverse':
      at({ netns: h.netns, table: 'conntrack', key: String(h.conntrack), reason: 'unnat' })
      break
    case 'ipvs.dnat':
    case 'ipvs.snat':
      at({ netns: h.netns, table: 'ipvs', key: String(h.conn), reason: h.kind === 'ipvs.dnat' ? 'nat' : 'unnat' })
      break
    case 'nf.rule':
      at({
        netns: h.netns,
        table: 'iptables',
        key: counterKey(h.table, h.chain, h.rule),
        reason: h.target === 'DROP' || h.target === 'REJECT' ? 'drop' : 'matched',
      })
      break
    case 'nf.policy':
      if (h.policy === 'DROP') at({ netns: h.netns, table: 'iptables', key: counterKey(h.table, h.chain, 'policy'), reason: 'drop' })
      break
    default:
      break
  }
  for (const d of h.deltas) {
    if (d.table === 'counter') continue
    at({ netns: d.netns, table: d.table, key: d.key, reason: d.before ? 'changed' : 'added' })
  }
  return out
}

/**
 * The row to open on for the step made of hops `first..last` (1-based seqs, inclusive): the
 * strongest reason wins, the earliest event among equals (for a plain match, the last rule
 * walked, which is the verdict). Null when the step touched no table.
 */
export function tablesFocus(hops: HopEvent[], first: number, last: number): TablesFocus | null {
  let best: TablesFocus | null = null
  for (let seq = first; seq <= last; seq++) {
    const h = hops[seq - 1]
    if (!h) break
    for (const c of candidates(hops, h)) {
      if (!best || RANK[c.reason] < RANK[best.reason] || (c.reason === 'matched' && best.reason === 'matched')) best = c
    }
  }
  return best
}
