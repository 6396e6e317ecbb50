/**
 * Narration: captions attached to hops by what happens and where (event kind, host, netns,
 * device, hook, chain…), never by sequence number, so a caption survives changes to the rest of
 * the trace. Field names are the trace's own (engine/trace/events.ts); the table below is
 * type-checked against HopEvent, so a renamed event field fails to compile here.
 */
import type { HopEvent, HopKind } from '../engine/trace/events'
import type { NarrationEntry, NarrationMatcher } from './schema'
import { didYouMean } from './suggest'
import {
  readList,
  readMap,
  readStr,
  report,
  type Ctx,
  type MapReader,
  type Val,
} from './yaml-reader'
import { isScalar } from 'yaml'

type FieldsOf<K extends HopKind> = readonly Exclude<
  keyof Extract<HopEvent, { kind: K }>,
  'kind' | 'seq' | 'time' | 'frame' | 'deltas'
>[]

/** Matchable fields per kind: the hop base plus the kind's scalar fields. */
export const MATCH_FIELDS: { [K in HopKind]: FieldsOf<K> } = {
  'app.send': ['app', 'note'],
  'app.recv': ['app', 'note'],
  'sock.deliver': ['socket', 'state', 'note'],
  'link.xmit': ['via'],
  'link.recv': [],
  'route.lookup': ['table', 'dst', 'route', 'result', 'oif', 'gateway', 'src'],
  'neigh.lookup': ['ip', 'result', 'lladdr', 'state'],
  'arp.request': ['targetIp', 'senderIp'],
  'arp.reply': ['targetIp', 'senderIp', 'senderMac'],
  'neigh.update': ['ip', 'lladdr', 'state', 'by'],
  'fdb.learn': ['mac', 'port', 'bridge'],
  'fdb.lookup': ['mac', 'bridge', 'result', 'port'],
  'bridge.forward': ['bridge', 'port'],
  'bridge.flood': ['bridge'],
  'nf.hook': ['hook', 'via', 'in', 'out'],
  'nf.rule': ['hook', 'table', 'chain', 'rule', 'text', 'target'],
  'nf.policy': ['hook', 'table', 'chain', 'policy'],
  'nat.dnat': ['hook', 'rule'],
  'nat.snat': ['hook', 'rule'],
  'nat.masquerade': ['hook', 'rule'],
  'nat.reverse': ['hook', 'manip', 'conntrack'],
  'ipvs.schedule': ['hook', 'service', 'scheduler', 'real', 'conn'],
  'ipvs.dnat': ['hook', 'service', 'conn'],
  'ipvs.snat': ['hook', 'service', 'conn'],
  'ct.new': ['conntrack'],
  'ct.established': ['conntrack'],
  'ct.reply': ['conntrack'],
  'ct.confirm': ['conntrack'],
  'ct.related': ['conntrack'],
  'ip.forward': ['ttlBefore', 'ttlAfter'],
  'ip.local-deliver': ['dst'],
  'vxlan.encap': ['vni', 'remote', 'port', 'innerDst'],
  'vxlan.decap': ['vni', 'remote'],
  'vxlan.miss': ['miss', 'key', 'answeredBy'],
  'icmp.send': ['type', 'code', 'reason'],
  'tcp.rst': ['reason'],
  drop: ['code', 'reason', 'rule'],
}

const BASE_FIELDS = ['host', 'netns', 'dev', 'packet'] as const
export const HOP_KINDS = Object.keys(MATCH_FIELDS) as HopKind[]

function kindsMatching(pattern: string): HopKind[] {
  return HOP_KINDS.filter((k) => matchValue(pattern, k))
}

function matchValue(want: string | number | boolean, got: unknown): boolean {
  if (typeof want === 'string' && want.endsWith('*') && typeof got === 'string')
    return got.startsWith(want.slice(0, -1))
  return want === got
}

export function matchesHop(m: NarrationMatcher, hop: HopEvent): boolean {
  for (const [key, want] of Object.entries(m)) {
    if (key === 'nth' || want === undefined) continue
    if (!matchValue(want, (hop as unknown as Record<string, unknown>)[key])) return false
  }
  return true
}

export interface AttachedNarration {
  /** Captions by hop `seq`. */
  captions: Map<number, NarrationEntry[]>
  /** Entries that matched no hop: a test fails on these for built-in scenarios. */
  orphans: NarrationEntry[]
}

export function attachNarration(
  entries: NarrationEntry[],
  hops: readonly HopEvent[],
): AttachedNarration {
  const captions = new Map<number, NarrationEntry[]>()
  const orphans: NarrationEntry[] = []
  for (const e of entries) {
    const matched = hops.filter((h) => matchesHop(e.on, h))
    const nth = e.on.nth ?? 1
    const chosen = nth === 'all' ? matched : matched.slice(nth - 1, nth)
    if (chosen.length === 0) orphans.push(e)
    for (const h of chosen) captions.set(h.seq, [...(captions.get(h.seq) ?? []), e])
  }
  return { captions, orphans }
}

function readMatcher(ctx: Ctx, v: Val): NarrationMatcher | undefined {
  const m = readMap(ctx, v, 'a hop matcher like { kind: nat.dnat, netns: node1 }')
  if (!m) return undefined
  const kindVal = m.get('kind')
  if (!kindVal)
    return void report(
      ctx,
      m.self,
      'a narration matcher needs `kind`',
      'add the event kind, e.g. `kind: nat.dnat` or `kind: nat.*`',
    )
  const kind = readStr(ctx, kindVal, 'an event kind')
  if (kind === undefined) return undefined
  const kinds = kind.endsWith('*') ? kindsMatching(kind) : HOP_KINDS.filter((k) => k === kind)
  if (kinds.length === 0)
    return void report(
      ctx,
      kindVal,
      `unknown event kind '${kind}'`,
      didYouMean(kind, HOP_KINDS) || `event kinds: ${HOP_KINDS.join(', ')}`,
    )
  const allowed = new Set<string>([
    'kind',
    'nth',
    ...BASE_FIELDS,
    ...kinds.flatMap((k) => MATCH_FIELDS[k] as readonly string[]),
  ])
  m.check([...allowed], [], `a matcher for ${kind}`)
  const out: NarrationMatcher = { kind }
  for (const [key, fv] of m.entries) {
    if (key === 'kind' || !allowed.has(key) || !fv.node || !isScalar(fv.node)) continue
    const x = fv.node.value
    if (key === 'nth') {
      if (x === 'all' || (typeof x === 'number' && Number.isInteger(x) && x >= 1)) out.nth = x
      else
        report(
          ctx,
          fv,
          `nth must be a positive whole number or 'all', got ${String(x)}`,
          'nth: 1 is the first matching hop',
        )
    } else if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
      out[key] = x
    else report(ctx, fv, `expected a value to compare with the hop's '${key}'`)
  }
  return out
}

export function readNarration(ctx: Ctx, v: Val): NarrationEntry[] {
  const out: NarrationEntry[] = []
  for (const iv of readList(ctx, v, 'a list of captions') ?? []) {
    const m: MapReader | undefined = readMap(ctx, iv, 'a caption')?.check(
      ['on', 'en', 'zh'],
      ['on', 'en'],
      'a caption',
    )
    if (!m) continue
    const on = m.get('on') && readMatcher(ctx, m.get('on') as Val)
    const en = m.get('en') && readStr(ctx, m.get('en') as Val, 'the English caption')
    const zh = m.get('zh') ? readStr(ctx, m.get('zh') as Val, 'the Chinese caption') : undefined
    if (on && en !== undefined) out.push({ on, en, ...(zh !== undefined ? { zh } : {}) })
  }
  return out
}
