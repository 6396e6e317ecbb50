/**
 * Links of a lab-file namespace, checked as `ip link add` would check them: interface names
 * (IFNAMSIZ), unicast MACs, MTU range, type-specific settings (veth peer, VXLAN VNI, ether
 * segment) and bridge-port settings only on bridge ports.
 */
import type { LinkSpec, VxlanLinkSpec } from '../engine/lab/spec'
import { cidrProblem, ifnameProblem, ipv4Problem, macProblem, normalizeMac } from './net-syntax'
import {
  readBool,
  readEnum,
  readInt,
  readList,
  readMap,
  readStr,
  report,
  type Ctx,
  type Val,
} from './yaml-reader'

export const LINK_KEYS = [
  'name',
  'type',
  'mac',
  'mtu',
  'up',
  'addrs',
  'master',
  'hairpin',
  'peer',
  'segment',
  'vxlan',
]
export const PEER_KEYS = ['netns', 'name', 'mac', 'mtu', 'addrs']
export const VXLAN_KEYS = ['vni', 'port', 'local', 'dev', 'learning', 'l2miss', 'l3miss']
export const LINK_TYPES = ['veth', 'bridge', 'vxlan', 'ether', 'dummy'] as const

export function readIpv4(ctx: Ctx, v: Val, what = 'an IPv4 address'): string | undefined {
  const s = readStr(ctx, v, what)
  if (s === undefined) return undefined
  const problem = ipv4Problem(s)
  if (problem) return void report(ctx, v, problem)
  return s
}

export function readCidr(ctx: Ctx, v: Val, opts: { network?: boolean } = {}): string | undefined {
  const s = readStr(ctx, v, 'a CIDR (like 10.244.1.0/24)')
  if (s === undefined) return undefined
  const problem = cidrProblem(s, opts)
  if (problem)
    return void report(
      ctx,
      v,
      problem,
      opts.network ? 'write the network address with its prefix length' : undefined,
    )
  return s
}

export function readMac(ctx: Ctx, v: Val, link: boolean): string | undefined {
  const s = readStr(ctx, v, 'a MAC address')
  if (s === undefined) return undefined
  const problem = macProblem(s, { link })
  if (problem)
    return void report(
      ctx,
      v,
      problem,
      'write six hex pairs separated by colons; a locally administered unicast MAC has 2, 6, a or e as its second hex digit',
    )
  return normalizeMac(s) ?? undefined
}

function readAddrs(ctx: Ctx, v: Val): string[] {
  return (readList(ctx, v, 'a list of addresses in CIDR form') ?? []).flatMap(
    (a) => readCidr(ctx, a) ?? [],
  )
}

function readIfname(ctx: Ctx, v: Val): string | undefined {
  const s = readStr(ctx, v, 'an interface name')
  if (s === undefined) return undefined
  const problem = ifnameProblem(s)
  if (problem) return void report(ctx, v, problem)
  if (s === 'lo')
    return void report(ctx, v, "'lo' is created in every namespace already", 'remove this link')
  return s
}

function readVxlan(ctx: Ctx, v: Val): VxlanLinkSpec | undefined {
  const m = readMap(ctx, v, 'VXLAN settings')?.check(VXLAN_KEYS, ['vni'], 'vxlan')
  if (!m) return undefined
  const vni =
    m.get('vni') &&
    readInt(ctx, m.get('vni') as Val, { min: 0, max: 16777215, what: 'a VNI (24 bits)' })
  if (vni === undefined) return undefined
  const out: VxlanLinkSpec = { vni }
  const port = m.get('port')
  if (port) out.port = readInt(ctx, port, { min: 1, max: 65535, what: 'a UDP port' })
  const local = m.get('local')
  if (local) out.local = readIpv4(ctx, local)
  const dev = m.get('dev')
  if (dev) out.dev = readStr(ctx, dev, 'an interface name')
  for (const k of ['learning', 'l2miss', 'l3miss'] as const) {
    const f = m.get(k)
    if (f) out[k] = readBool(ctx, f)
  }
  return out
}

export function readLink(ctx: Ctx, v: Val): LinkSpec | undefined {
  const m = readMap(ctx, v, 'a link')?.check(LINK_KEYS, ['name', 'type'], 'a link')
  if (!m) return undefined
  const name = m.get('name') && readIfname(ctx, m.get('name') as Val)
  const type = m.get('type') && readEnum(ctx, m.get('type') as Val, LINK_TYPES, 'link type')
  if (name === undefined || type === undefined) return undefined
  const link: LinkSpec = { name, type }
  const f = (k: string) => m.get(k)
  if (f('mac')) link.mac = readMac(ctx, f('mac') as Val, true)
  if (f('mtu')) link.mtu = readInt(ctx, f('mtu') as Val, { min: 68, max: 65535, what: 'an MTU' })
  if (f('up')) link.up = readBool(ctx, f('up') as Val)
  if (f('addrs')) link.addrs = readAddrs(ctx, f('addrs') as Val)
  if (f('master')) link.master = readStr(ctx, f('master') as Val, 'a bridge name')
  if (f('hairpin')) link.hairpin = readBool(ctx, f('hairpin') as Val)
  if (f('segment')) link.segment = readStr(ctx, f('segment') as Val, 'a segment name')
  const only = (k: string, t: LinkSpec['type'], hint: string) => {
    const x = f(k)
    if (x && type !== t)
      report(
        ctx,
        { at: m.entries.get(k)?.at ?? null, path: x.path },
        `'${k}' applies only to ${t} links, and this one is ${type === 'ether' ? 'an' : 'a'} ${type}`,
        hint,
      )
  }
  only('peer', 'veth', 'remove it, or change the type to veth')
  only('vxlan', 'vxlan', 'remove it, or change the type to vxlan')
  only('segment', 'ether', 'remove it, or change the type to ether')
  if (type === 'veth') {
    const pv = f('peer')
    if (!pv)
      report(
        ctx,
        m.self,
        `veth '${name}' has no peer`,
        'add `peer: { netns: <namespace>, name: eth0 }`; declare each pair once, on one side',
      )
    else {
      const pm = readMap(ctx, pv, 'the veth peer')?.check(PEER_KEYS, ['netns', 'name'], 'peer')
      const pn = pm?.get('netns') && readStr(ctx, pm.get('netns') as Val, 'a namespace name')
      const pname = pm?.get('name') && readIfname(ctx, pm.get('name') as Val)
      if (pm && pn !== undefined && pname !== undefined) {
        link.peer = { netns: pn, name: pname }
        if (pm.get('mac')) link.peer.mac = readMac(ctx, pm.get('mac') as Val, true)
        if (pm.get('mtu'))
          link.peer.mtu = readInt(ctx, pm.get('mtu') as Val, {
            min: 68,
            max: 65535,
            what: 'an MTU',
          })
        if (pm.get('addrs')) link.peer.addrs = readAddrs(ctx, pm.get('addrs') as Val)
      }
    }
  }
  if (type === 'vxlan') {
    const vx = f('vxlan')
    if (!vx)
      report(
        ctx,
        m.self,
        `vxlan link '${name}' has no VNI`,
        'add `vxlan: { vni: 1, port: 8472, dev: eth0 }`',
      )
    else link.vxlan = readVxlan(ctx, vx)
  }
  if (type === 'bridge' && link.master !== undefined)
    report(
      ctx,
      f('master') as Val,
      `bridge '${name}' cannot be a port of another bridge`,
      'the kernel refuses to enslave a bridge to a bridge (ELOOP); remove `master`',
    )
  if (link.hairpin !== undefined && link.master === undefined)
    report(
      ctx,
      f('hairpin') as Val,
      `hairpin is a bridge-port setting, but '${name}' has no master`,
      'add `master: <bridge>` or remove `hairpin`',
    )
  return link
}
