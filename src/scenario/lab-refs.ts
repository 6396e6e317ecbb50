/**
 * Cross-reference checks of a lab file, after every entry has been read: names are unique, and
 * everything that names a namespace, host, bridge or device names one that exists — with the
 * position of the reference and the closest existing name as the hint.
 */
import type { AppSpec, HostSpec, JourneySpec, LinkSpec } from '../engine/lab/spec'
import type { NetnsRead } from './lab-netns'
import { didYouMean } from './suggest'
import { dig, report, type Ctx, type Val } from './yaml-reader'

export interface LabRefs {
  hosts: { spec: HostSpec; val: Val }[] | undefined
  netns: NetnsRead[]
  apps: { spec: AppSpec; netns: Val }[]
  journey?: { spec: JourneySpec; from: Val }
}

function hintFor(name: string, names: Iterable<string>, fallback: string): string {
  const list = [...names]
  return didYouMean(name, list) || (list.length ? `${fallback}: ${list.join(', ')}` : fallback)
}

export function checkLabRefs(ctx: Ctx, refs: LabRefs): void {
  const hostNames = new Set<string>()
  for (const h of refs.hosts ?? []) {
    if (hostNames.has(h.spec.name))
      report(ctx, h.val, `duplicate host name '${h.spec.name}'`, 'host names must be unique')
    hostNames.add(h.spec.name)
  }
  const byName = new Map<string, NetnsRead>()
  for (const n of refs.netns) {
    if (byName.has(n.spec.name)) {
      report(
        ctx,
        n.nameVal,
        `duplicate netns name '${n.spec.name}'`,
        'namespace names must be unique across the lab; pods are conventionally <host>/<pod>',
      )
      continue
    }
    byName.set(n.spec.name, n)
    if (refs.hosts && !hostNames.has(n.spec.host)) {
      const explicit = at(n.val, 'host')
      const hostVal = explicit.node === n.val.node ? n.nameVal : explicit
      report(
        ctx,
        hostVal,
        `netns '${n.spec.name}' is on host '${n.spec.host}', which is not declared in hosts`,
        hintFor(n.spec.host, hostNames, 'declared hosts'),
      )
    }
  }

  // Every device per namespace, veth peers included, to find duplicates and resolve references.
  const devices = new Map<string, Map<string, LinkSpec['type']>>()
  for (const n of byName.values()) devices.set(n.spec.name, new Map([['lo', 'dummy']]))
  const declare = (netns: string, name: string, type: LinkSpec['type'], at: Val, what: string) => {
    const devs = devices.get(netns)
    if (!devs) return
    if (devs.has(name))
      report(
        ctx,
        at,
        `duplicate link name '${name}' in netns '${netns}'${what}`,
        'link names must be unique within a namespace (a veth peer counts as a link of its namespace)',
      )
    else devs.set(name, type)
  }
  for (const n of byName.values())
    for (const l of n.links) declare(n.spec.name, l.spec.name, l.spec.type, at(l.val, 'name'), '')
  for (const n of byName.values())
    for (const l of n.links) {
      const peer = l.spec.peer
      if (!peer) continue
      if (!devices.has(peer.netns))
        report(
          ctx,
          at(l.val, 'peer.netns'),
          `veth peer namespace '${peer.netns}' is not declared`,
          hintFor(peer.netns, byName.keys(), 'declared namespaces'),
        )
      else
        declare(
          peer.netns,
          peer.name,
          'veth',
          at(l.val, 'peer.name'),
          ` (peer of '${l.spec.name}' in '${n.spec.name}')`,
        )
    }

  for (const n of byName.values()) {
    const devs = devices.get(n.spec.name) as Map<string, LinkSpec['type']>
    for (const l of n.links) {
      const master = l.spec.master
      if (master !== undefined) {
        const t = devs.get(master)
        if (t === undefined)
          report(
            ctx,
            at(l.val, 'master'),
            `master '${master}' is not a link in netns '${n.spec.name}'`,
            hintFor(master, bridgesOf(devs), 'bridges here'),
          )
        else if (t !== 'bridge')
          report(
            ctx,
            at(l.val, 'master'),
            `master '${master}' is ${t === 'ether' ? 'an' : 'a'} ${t} link, not a bridge`,
            `declare '${master}' with type: bridge, or point master at a bridge`,
          )
      }
      const vdev = l.spec.vxlan?.dev
      if (vdev !== undefined && !devs.has(vdev))
        report(
          ctx,
          at(l.val, 'vxlan.dev'),
          `VXLAN underlay device '${vdev}' is not a link in netns '${n.spec.name}'`,
          hintFor(vdev, devs.keys(), 'links here'),
        )
      if (l.spec.type === 'ether' && l.spec.segment === undefined)
        report(
          ctx,
          at(l.val, 'name'),
          `ether link '${l.spec.name}' is not plugged into a segment`,
          'add `segment: <name>`; NICs on the same segment share an L2 switch',
          'warning',
        )
    }
    for (const r of n.devRefs) {
      if (devs.has(r.dev)) continue
      const d = { at: r.at.at, path: r.at.path }
      const message = `device '${r.dev}' does not exist in netns '${n.spec.name}'`
      const hint = hintFor(r.dev, devs.keys(), 'links here')
      if (r.pos)
        ctx.diags.push({ severity: 'error', file: ctx.file, ...r.pos, path: d.path, message, hint })
      else report(ctx, d, message, hint)
    }
  }

  for (const a of refs.apps)
    if (!byName.has(a.spec.netns))
      report(
        ctx,
        a.netns,
        `app namespace '${a.spec.netns}' is not declared`,
        hintFor(a.spec.netns, byName.keys(), 'declared namespaces'),
      )
  const j = refs.journey
  if (j && !byName.has(j.spec.from))
    report(
      ctx,
      j.from,
      `journey starts in '${j.spec.from}', which is not a declared netns`,
      hintFor(j.spec.from, byName.keys(), 'declared namespaces'),
    )
}

function bridgesOf(devs: Map<string, LinkSpec['type']>): string[] {
  return [...devs].filter(([, t]) => t === 'bridge').map(([name]) => name)
}

/** The Val of a dotted sub-path inside a link's mapping. */
function at(link: Val, sub: string): Val {
  return dig(link, sub.split('.'))
}
