/**
 * Lab files: a human-writable YAML form of the engine's LabSpec (src/engine/lab/spec.ts), for
 * people who know `ip`. Tables can be pasted from a real node (`ip route`, `ip neigh`,
 * `bridge fdb show`, `iptables-save`) or written as YAML lists of LabSpec objects; the JSON
 * Schema is scenarios/schema/lab.schema.json. Every problem comes back as a Diagnostic with
 * file, line, column, path and hint; nothing throws.
 */
import type { Diagnostic } from '../engine/diagnostics'
import type { AppSpec, HostKind, HostSpec, JourneySpec, LabSpec } from '../engine/lab/spec'
import { checkLabRefs, type LabRefs } from './lab-refs'
import { readIpv4, readNetns } from './lab-netns'
import { parseListen } from './net-syntax'
import {
  parseYaml,
  readEnum,
  readInt,
  readList,
  readMap,
  readStr,
  readStrMap,
  report,
  rootVal,
  type Ctx,
  type MapReader,
  type Val,
} from './yaml-reader'

/** `meta` and `narration` are read as in scenario files (parse.ts, narration.ts), by the loader. */
export const LAB_KEYS = ['lab', 'meta', 'hosts', 'netns', 'apps', 'journey', 'narration', 'seed']
const HOST_KINDS: readonly HostKind[] = ['node', 'client', 'router', 'loadbalancer', 'server']
const APP_KINDS = ['tcp-server', 'udp-server', 'dns-server'] as const

export interface LabFileResult {
  spec: LabSpec | null
  diagnostics: Diagnostic[]
}

/** Parses lab-file text. `spec` is null when any error was found. */
export function parseLabFile(source: string, file: string): LabFileResult {
  const ctx = parseYaml(source, file)
  if (ctx.diags.length > 0) return { spec: null, diagnostics: ctx.diags }
  const spec = readLab(ctx, rootVal(ctx))
  const ok = !ctx.diags.some((d) => d.severity === 'error')
  return { spec: ok ? (spec ?? null) : null, diagnostics: ctx.diags }
}

function readHost(ctx: Ctx, v: Val): { spec: HostSpec; val: Val } | undefined {
  const m = readMap(ctx, v, 'a host')?.check(['name', 'kind', 'role'], ['name'], 'a host')
  const name = m?.get('name') && readStr(ctx, m.get('name') as Val, 'a host name')
  if (!m || name === undefined) return undefined
  const kind = m.get('kind') ? readEnum(ctx, m.get('kind') as Val, HOST_KINDS, 'host kind') : 'node'
  const spec: HostSpec = { name, kind: kind ?? 'node' }
  if (m.get('role')) spec.role = readStr(ctx, m.get('role') as Val)
  return { spec, val: m.get('name') as Val }
}

function readApp(ctx: Ctx, v: Val): { spec: AppSpec; netns: Val } | undefined {
  const m = readMap(ctx, v, 'an application')
  const kind = m?.get('kind')
    ? readEnum(ctx, m.get('kind') as Val, APP_KINDS, 'app kind')
    : undefined
  if (!m) return undefined
  if (!m.get('kind'))
    return void report(ctx, m.self, 'an app needs `kind`', `use one of: ${APP_KINDS.join(', ')}`)
  if (kind === undefined) return undefined
  const dns = kind === 'dns-server'
  m.check(
    ['kind', 'netns', 'listen', 'name', dns ? 'records' : 'response'],
    ['netns', 'listen', dns ? 'records' : 'response'],
    `a ${kind}`,
  )
  const netnsVal = m.get('netns')
  const netns = netnsVal && readStr(ctx, netnsVal, 'a namespace name')
  const listenVal = m.get('listen')
  const listen = listenVal && readStr(ctx, listenVal, 'an address:port')
  if (listenVal && listen !== undefined && !parseListen(listen))
    report(
      ctx,
      listenVal,
      `'${listen}' is not a listen address`,
      'write address:port, like 0.0.0.0:8080 (port 1-65535)',
    )
  const name = m.get('name') ? readStr(ctx, m.get('name') as Val) : undefined
  if (!netnsVal || netns === undefined || listen === undefined) return undefined
  if (dns) {
    const records =
      m.get('records') && readStrMap(ctx, m.get('records') as Val, 'DNS A records (name: address)')
    if (!records) return undefined
    for (const [, rv] of (readMap(ctx, m.get('records') as Val, 'records') as MapReader).entries)
      readIpv4(ctx, rv)
    return { spec: { kind, netns, listen, records, ...(name ? { name } : {}) }, netns: netnsVal }
  }
  const response = m.get('response') && readStr(ctx, m.get('response') as Val, 'the response text')
  if (response === undefined) return undefined
  return { spec: { kind, netns, listen, response, ...(name ? { name } : {}) }, netns: netnsVal }
}

function readJourney(ctx: Ctx, v: Val): { spec: JourneySpec; from: Val } | undefined {
  const m = readMap(ctx, v, 'a journey')?.check(
    ['from', 'protocol', 'dst', 'dport', 'sport', 'request', 'count'],
    ['from', 'protocol', 'dst'],
    'the journey',
  )
  if (!m) return undefined
  const fromVal = m.get('from')
  const from = fromVal && readStr(ctx, fromVal, 'a namespace name')
  const protocol =
    m.get('protocol') &&
    readEnum(ctx, m.get('protocol') as Val, ['tcp', 'udp', 'icmp'] as const, 'protocol')
  const dst = m.get('dst') && readIpv4(ctx, m.get('dst') as Val)
  if (!fromVal || from === undefined || protocol === undefined || dst === undefined)
    return undefined
  const spec: JourneySpec = { from, protocol, dst }
  const port = (k: 'dport' | 'sport') => {
    const pv = m.get(k)
    if (!pv) return
    if (protocol === 'icmp')
      report(ctx, pv, `ICMP has no ports; '${k}' does not apply`, `remove '${k}' or use tcp or udp`)
    else spec[k] = readInt(ctx, pv, { min: 1, max: 65535, what: 'a port number' })
  }
  port('dport')
  port('sport')
  if (protocol !== 'icmp' && spec.dport === undefined && !m.get('dport'))
    report(ctx, m.self, `a ${protocol} journey needs a destination port`, 'add `dport: <port>`')
  if (m.get('request')) spec.request = readStr(ctx, m.get('request') as Val, 'the request text')
  if (m.get('count'))
    spec.count = readInt(ctx, m.get('count') as Val, { min: 1, max: 100, what: 'an echo count' })
  return { spec, from: fromVal }
}

/** Reads an already parsed lab document (the top-level `lab:` key is present). */
export function readLab(ctx: Ctx, root: Val): LabSpec | undefined {
  const m = readMap(ctx, root, 'a lab file')?.check(LAB_KEYS, ['lab', 'netns'], 'a lab file')
  if (!m) return undefined
  const name = m.get('lab') ? readStr(ctx, m.get('lab') as Val, 'the lab name') : undefined
  const refs: LabRefs = { netns: [], hosts: undefined, apps: [] }
  const hostsVal = m.get('hosts')
  if (hostsVal)
    refs.hosts = (readList(ctx, hostsVal, 'a list of hosts') ?? []).flatMap(
      (h) => readHost(ctx, h) ?? [],
    )
  const netnsVal = m.get('netns')
  for (const nv of (netnsVal && readList(ctx, netnsVal, 'a list of network namespaces')) || []) {
    const n = readNetns(ctx, nv)
    if (n) refs.netns.push(n)
  }
  for (const av of (m.get('apps') && readList(ctx, m.get('apps') as Val, 'a list of apps')) || []) {
    const a = readApp(ctx, av)
    if (a) refs.apps.push(a)
  }
  const journey = m.get('journey') ? readJourney(ctx, m.get('journey') as Val) : undefined
  refs.journey = journey
  const seed = m.get('seed')
    ? readInt(ctx, m.get('seed') as Val, { min: 0, max: 4294967295, what: 'a seed' })
    : undefined
  checkLabRefs(ctx, refs)
  if (name === undefined) return undefined
  const hosts = refs.hosts?.map((h) => h.spec) ?? impliedHosts(refs)
  const spec: LabSpec = {
    name,
    hosts,
    netns: refs.netns.map((n) => n.spec),
    apps: refs.apps.map((a) => a.spec),
  }
  if (journey) spec.journey = journey.spec
  if (seed !== undefined) spec.seed = seed
  return spec
}

/** Without `hosts:`, each distinct netns host becomes a node, in order of first mention. */
function impliedHosts(refs: LabRefs): HostSpec[] {
  const names = [...new Set(refs.netns.map((n) => n.spec.host))]
  return names.map((name) => ({ name, kind: 'node' }))
}
