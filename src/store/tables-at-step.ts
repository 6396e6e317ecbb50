/**
 * Tables at step N: the load-time snapshot folded with the deltas of hops 1..N. Stepping back is
 * exact because nothing is ever undone: the fold simply starts again from `initial`.
 */
import type { HopEvent } from '../engine/trace/events'
import type { NetnsTables, TableDelta } from '../engine/tables/types'

type KeyedTable = 'neigh' | 'fdb' | 'conntrack' | 'route'
type Row = NonNullable<Extract<TableDelta, { table: KeyedTable }>['after']>

const LIST: Record<KeyedTable, 'neigh' | 'fdb' | 'conntrack' | 'routes'> = {
  neigh: 'neigh',
  fdb: 'fdb',
  conntrack: 'conntrack',
  route: 'routes',
}

/** A row's identity within its table, independent of the engine's delta keys. */
export function naturalKey(table: KeyedTable, row: Row): string {
  const r = row as unknown as Record<string, unknown>
  switch (table) {
    case 'neigh':
      return `${r.ip}|${r.dev}`
    case 'fdb':
      return `${r.mac}|${r.dev}|${r.master ?? ''}|${r.dst ?? ''}`
    case 'conntrack':
      return String(r.id)
    case 'route':
      return `${r.table}|${r.type}|${r.dst}|${r.metric ?? 0}`
  }
}

/** `nat/KUBE-SERVICES/3` or `filter/FORWARD/policy`, the counter delta key. */
export const counterKey = (table: string, chain: string, rule: number | 'policy') =>
  `${table}/${chain}/${rule}`

function clone(t: NetnsTables): NetnsTables {
  return {
    ...t,
    neigh: [...t.neigh],
    fdb: [...t.fdb],
    conntrack: [...t.conntrack],
    routes: [...t.routes],
    iptables: t.iptables.map((tb) => ({
      ...tb,
      chains: tb.chains.map((c) => ({ ...c, rules: [...c.rules] })),
    })),
  }
}

export function applyDelta(t: NetnsTables, d: TableDelta): void {
  if (d.table === 'counter') {
    const [table, chain, which] = d.key.split('/')
    const c = t.iptables.find((x) => x.name === table)?.chains.find((x) => x.name === chain)
    if (!c) return
    if (which === 'policy') {
      c.packets += d.packets
      c.bytes += d.bytes
      return
    }
    const i = Number(which) - 1
    const r = c.rules[i]
    if (r) c.rules[i] = { ...r, packets: r.packets + d.packets, bytes: r.bytes + d.bytes }
    return
  }
  const list = t[LIST[d.table]] as Row[]
  const ref = d.before ?? d.after
  const key = ref ? naturalKey(d.table, ref) : d.key
  const i = list.findIndex((r) => naturalKey(d.table, r) === key)
  if (d.after) {
    if (i >= 0) list[i] = d.after
    else list.push(d.after)
  } else if (i >= 0) list.splice(i, 1)
}

const cache = new WeakMap<HopEvent[], Map<number, NetnsTables[]>>()

export function tablesAtStep(initial: NetnsTables[], hops: HopEvent[], seq: number): NetnsTables[] {
  let bySeq = cache.get(hops)
  if (!bySeq) cache.set(hops, (bySeq = new Map()))
  const hit = bySeq.get(seq)
  if (hit && hit !== undefined) return hit
  const out = initial.map(clone)
  const byName = new Map(out.map((t) => [t.netns, t]))
  for (const h of hops) {
    if (h.seq > seq) break
    for (const d of h.deltas) {
      const t = byName.get(d.netns)
      if (t) applyDelta(t, d)
    }
  }
  if (bySeq.size > 64) bySeq.clear()
  bySeq.set(seq, out)
  return out
}

/** Rows changed by hops first..last, as `<netns>|<table>|<naturalKey or counter key>`. */
export function changedRows(hops: HopEvent[], first: number, last: number): Set<string> {
  const out = new Set<string>()
  for (const h of hops) {
    if (h.seq < first) continue
    if (h.seq > last) break
    for (const d of h.deltas) {
      if (d.table === 'counter') out.add(`${d.netns}|counter|${d.key}`)
      else {
        const row = d.after ?? d.before
        if (row) out.add(`${d.netns}|${d.table}|${naturalKey(d.table, row)}`)
      }
    }
    if (h.kind === 'nf.rule') out.add(`${h.netns}|counter|${counterKey(h.table, h.chain, h.rule)}`)
  }
  return out
}
