/**
 * One `netns:` entry of a lab file: its links (as `ip link add` would create them), sysctls, and
 * its tables — routes, neighbours and FDB entries either as pasted `ip route` / `ip neigh` /
 * `bridge fdb show` text or as YAML lists of the LabSpec objects, plus `iptables-save` text that
 * is passed through with its file position so iptables parse errors point into the lab file.
 */
import type { LinkSpec, NetnsSpec, SysctlSpec } from '../engine/lab/spec'
import { readLink } from './lab-links'
import { readFdbs, readNeighs, readRoutes, type DevRef } from './lab-tables'
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

export type { DevRef } from './lab-tables'
export { FDB_KEYS, NEIGH_KEYS, ROUTE_KEYS } from './lab-tables'
export { LINK_KEYS, PEER_KEYS, VXLAN_KEYS, readCidr, readIpv4, readMac } from './lab-links'

export interface NetnsRead {
  spec: NetnsSpec
  val: Val
  nameVal: Val
  /** Links in declaration order with where they were declared. */
  links: { spec: LinkSpec; val: Val }[]
  devRefs: DevRef[]
}

export const NETNS_KEYS = [
  'name',
  'host',
  'kind',
  'pod',
  'sysctl',
  'links',
  'routes',
  'neigh',
  'fdb',
  'iptables',
]
function readSysctl(ctx: Ctx, v: Val): SysctlSpec | undefined {
  const m = readMap(ctx, v, 'sysctls')?.check(
    ['ipForward', 'bridgeNfCallIptables', 'rpFilter'],
    [],
    'sysctl',
  )
  if (!m) return undefined
  const s: SysctlSpec = {}
  if (m.get('ipForward')) s.ipForward = readBool(ctx, m.get('ipForward') as Val)
  if (m.get('bridgeNfCallIptables'))
    s.bridgeNfCallIptables = readBool(ctx, m.get('bridgeNfCallIptables') as Val)
  const rp =
    m.get('rpFilter') &&
    readInt(ctx, m.get('rpFilter') as Val, { min: 0, max: 2, what: 'rp_filter (0, 1 or 2)' })
  if (rp !== undefined) s.rpFilter = rp as 0 | 1 | 2
  return s
}

export function readNetns(ctx: Ctx, v: Val): NetnsRead | undefined {
  const m = readMap(ctx, v, 'a network namespace')?.check(NETNS_KEYS, ['name'], 'a netns')
  const nameVal = m?.get('name')
  const name = nameVal && readStr(ctx, nameVal, 'a namespace name')
  if (!m || !nameVal || name === undefined) return undefined
  const hostVal = m.get('host')
  const host = (hostVal && readStr(ctx, hostVal, 'a host name')) ?? name.split('/')[0] ?? name
  const kindVal = m.get('kind')
  const kind =
    (kindVal && readEnum(ctx, kindVal, ['root', 'pod'] as const, 'namespace kind')) ??
    (name === host ? 'root' : 'pod')
  const spec: NetnsSpec = { name, host, kind, links: [] }
  const read: NetnsRead = { spec, val: m.self, nameVal, links: [], devRefs: [] }
  const podVal = m.get('pod')
  if (podVal) {
    const pm = readMap(ctx, podVal, 'the pod identity')?.check(
      ['namespace', 'name', 'containers'],
      ['name'],
      'pod',
    )
    const pname = pm?.get('name') && readStr(ctx, pm.get('name') as Val)
    if (pm && pname !== undefined) {
      const ns = pm.get('namespace') ? readStr(ctx, pm.get('namespace') as Val) : 'default'
      const cs = pm.get('containers')
        ? (readList(ctx, pm.get('containers') as Val) ?? []).flatMap((c) => readStr(ctx, c) ?? [])
        : []
      spec.pod = { namespace: ns ?? 'default', name: pname, containers: cs }
    }
  }
  if (m.get('sysctl')) spec.sysctl = readSysctl(ctx, m.get('sysctl') as Val)
  const linksVal = m.get('links')
  for (const lv of (linksVal && readList(ctx, linksVal, 'a list of links')) || []) {
    const link = readLink(ctx, lv)
    if (link) read.links.push({ spec: link, val: lv })
  }
  spec.links = read.links.map((l) => l.spec)
  const routes = m.get('routes')
  if (routes) spec.routes = readRoutes(ctx, routes, read.devRefs)
  const neigh = m.get('neigh')
  if (neigh) spec.neigh = readNeighs(ctx, neigh, read.devRefs)
  const fdb = m.get('fdb')
  if (fdb) spec.fdb = readFdbs(ctx, fdb, read.devRefs)
  const ipt = m.get('iptables')
  if (ipt) {
    const block = readTextBlock(ctx, ipt)
    if (block) {
      spec.iptables = block.text
      spec.origin = { iptables: { file: ctx.file, line: block.line, column: block.column } }
    }
  }
  return read
}
