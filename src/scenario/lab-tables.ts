/**
 * Tables of a lab-file namespace: routes, neighbours and FDB entries, each either pasted command
 * output (`ip route`, `ip neigh`, `bridge fdb show`, parsed by engine/lab/ip-text with the
 * block's file position) or a YAML list of the LabSpec objects. Devices are checked later.
 */
import { isScalar } from 'yaml'
import type { FdbSpec, NeighSpec, RouteSpec } from '../engine/lab/spec'
import { parseFdbText, parseNeighText, parseRouteText } from './ip-text'
import { readCidr, readIpv4, readMac } from './lab-links'
import {
  readBool,
  readEnum,
  readInt,
  readList,
  readMap,
  readStr,
  readTextBlock,
  type Ctx,
  type Val,
} from './yaml-reader'

/** Where each parsed table entry's `dev` came from, for the cross-reference pass. */
export interface DevRef {
  dev: string
  at: Val
  /** For entries parsed from a text block: the file position of the `dev` word's value. */
  pos?: { line: number; column: number }
}

export const ROUTE_KEYS = [
  'dst',
  'type',
  'via',
  'dev',
  'onlink',
  'scope',
  'src',
  'proto',
  'metric',
  'table',
]
export const NEIGH_KEYS = ['ip', 'dev', 'lladdr', 'state']
export const FDB_KEYS = ['mac', 'dev', 'dst', 'self', 'permanent']

/** Lines of a text block that hold an entry (not blank, not a comment), 0-based. */
function entryLines(text: string): { idx: number; text: string }[] {
  return text.split('\n').flatMap((l, idx) => (/^\s*(#|$)/.test(l) ? [] : [{ idx, text: l }]))
}

/**
 * Column of `dev <name>` in a line, or -1. Plain string search: a regex built from the name
 * would throw on `eth(` and backtrack for minutes on a crafted one.
 */
function devColumn(line: string, dev: string): number {
  const word = `dev ${dev}`
  for (let at = line.indexOf(word); at >= 0; at = line.indexOf(word, at + 1)) {
    const before = at === 0 ? ' ' : line[at - 1]
    const after = line[at + word.length]
    if (/\s/.test(before ?? ' ') && (after === undefined || /\s/.test(after))) return at
  }
  return -1
}

function readTable<T extends { dev?: string }>(
  ctx: Ctx,
  v: Val,
  keys: string[],
  required: string[],
  readItem: (m: NonNullable<ReturnType<typeof readMap>>) => T | undefined,
  parseText: (
    text: string,
    origin: { file: string; line: number; column: number },
  ) => { value: T[]; diagnostics: Ctx['diags'] },
  devRefs: DevRef[],
  what: string,
): T[] {
  if (v.node && isScalar(v.node) && typeof v.node.value === 'string') {
    const block = readTextBlock(ctx, v)
    if (!block) return []
    const origin = { file: ctx.file, line: block.line, column: block.column }
    const parsed = parseText(block.text, origin)
    for (const d of parsed.diagnostics) ctx.diags.push({ ...d, path: d.path ?? v.path })
    const lines = entryLines(block.text)
    parsed.value.forEach((e, i) => {
      if (e.dev === undefined) return
      let pos = { line: block.line, column: block.column }
      if (lines.length === parsed.value.length) {
        const { idx, text } = lines[i] as { idx: number; text: string }
        const col = devColumn(text, e.dev)
        pos = { line: block.line + idx, column: block.column + (col < 0 ? 0 : col + 4) }
      }
      devRefs.push({ dev: e.dev, at: v, pos })
    })
    return parsed.value
  }
  const items =
    readList(ctx, v, `${what}: pasted command output after \`|\`, or a list of entries`) ?? []
  return items.flatMap((iv) => {
    const m = readMap(ctx, iv, 'an entry')?.check(keys, required, 'an entry')
    const item = m && readItem(m)
    if (item?.dev !== undefined && m) devRefs.push({ dev: item.dev, at: m.get('dev') as Val })
    return item ? [item] : []
  })
}

function readRoute(ctx: Ctx, m: NonNullable<ReturnType<typeof readMap>>): RouteSpec | undefined {
  const dstVal = m.get('dst')
  if (!dstVal) return undefined
  const dstText = readStr(ctx, dstVal, "'default' or a CIDR")
  const dst =
    dstText === 'default'
      ? dstText
      : dstText !== undefined
        ? readCidr(ctx, dstVal, { network: true })
        : undefined
  const devVal = m.get('dev')
  const dev = devVal ? readStr(ctx, devVal, 'an interface name') : undefined
  if (dst === undefined || (devVal && dev === undefined)) return undefined
  const r: RouteSpec = dev === undefined ? { dst } : { dst, dev }
  const g = (k: string) => m.get(k)
  if (g('type'))
    r.type = readEnum(
      ctx,
      g('type') as Val,
      ['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit'],
      'route type',
    )
  if (g('via')) r.via = readIpv4(ctx, g('via') as Val)
  if (g('onlink')) r.onlink = readBool(ctx, g('onlink') as Val)
  if (g('scope')) r.scope = readEnum(ctx, g('scope') as Val, ['global', 'link', 'host'], 'scope')
  if (g('src')) r.src = readIpv4(ctx, g('src') as Val)
  if (g('proto')) r.proto = readEnum(ctx, g('proto') as Val, ['kernel', 'boot', 'static'], 'proto')
  if (g('metric'))
    r.metric = readInt(ctx, g('metric') as Val, { min: 0, max: 4294967295, what: 'a metric' })
  if (g('table')) r.table = readEnum(ctx, g('table') as Val, ['main', 'local'], 'table')
  return r
}

function readNeigh(ctx: Ctx, m: NonNullable<ReturnType<typeof readMap>>): NeighSpec | undefined {
  const ip = m.get('ip') && readIpv4(ctx, m.get('ip') as Val)
  const dev = m.get('dev') && readStr(ctx, m.get('dev') as Val, 'an interface name')
  const stateVal = m.get('state')
  const state = stateVal
    ? readEnum(
        ctx,
        stateVal,
        ['PERMANENT', 'REACHABLE', 'STALE', 'INCOMPLETE', 'FAILED', 'NOARP'] as const,
        'neighbour state',
      )
    : 'PERMANENT'
  if (ip === undefined || dev === undefined || state === undefined) return undefined
  const n: NeighSpec = { ip, dev, state }
  if (m.get('lladdr')) n.lladdr = readMac(ctx, m.get('lladdr') as Val, false)
  return n
}

function readFdb(ctx: Ctx, m: NonNullable<ReturnType<typeof readMap>>): FdbSpec | undefined {
  const mac = m.get('mac') && readMac(ctx, m.get('mac') as Val, false)
  const dev = m.get('dev') && readStr(ctx, m.get('dev') as Val, 'an interface name')
  if (mac === undefined || dev === undefined) return undefined
  const e: FdbSpec = { mac, dev }
  if (m.get('dst')) e.dst = readIpv4(ctx, m.get('dst') as Val)
  if (m.get('self')) e.self = readBool(ctx, m.get('self') as Val)
  if (m.get('permanent')) e.permanent = readBool(ctx, m.get('permanent') as Val)
  return e
}

type EntryReader = NonNullable<ReturnType<typeof readMap>>

export const readRoutes = (ctx: Ctx, v: Val, devRefs: DevRef[]): RouteSpec[] =>
  readTable(
    ctx,
    v,
    ROUTE_KEYS,
    ['dst'],
    (m: EntryReader) => readRoute(ctx, m),
    parseRouteText,
    devRefs,
    'routes',
  )
export const readNeighs = (ctx: Ctx, v: Val, devRefs: DevRef[]): NeighSpec[] =>
  readTable(
    ctx,
    v,
    NEIGH_KEYS,
    ['ip', 'dev'],
    (m: EntryReader) => readNeigh(ctx, m),
    parseNeighText,
    devRefs,
    'neighbours',
  )
export const readFdbs = (ctx: Ctx, v: Val, devRefs: DevRef[]): FdbSpec[] =>
  readTable(
    ctx,
    v,
    FDB_KEYS,
    ['mac', 'dev'],
    (m: EntryReader) => readFdb(ctx, m),
    parseFdbText,
    devRefs,
    'FDB entries',
  )
