/**
 * LabSpec → lab-file YAML: what `trace --dump-lab` style tools print so a built scenario can be
 * saved, edited by hand and loaded again. Tables are written as YAML lists (exact round trip);
 * iptables text as a literal block. `origin` is a position in some other file and is dropped.
 */
import { stringify } from 'yaml'
import type { LabSpec, NetnsSpec } from '../engine/lab/spec'

function netnsOut(n: NetnsSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { name: n.name }
  if (n.host !== n.name.split('/')[0]) out.host = n.host
  if (n.kind !== (n.name === n.host ? 'root' : 'pod')) out.kind = n.kind
  if (n.pod) out.pod = n.pod
  if (n.sysctl) out.sysctl = n.sysctl
  if (n.links.length) out.links = n.links
  if (n.routes) out.routes = n.routes
  if (n.neigh) out.neigh = n.neigh
  if (n.fdb) out.fdb = n.fdb
  if (n.iptables !== undefined) out.iptables = n.iptables
  return out
}

export function formatLabFile(spec: LabSpec): string {
  const doc: Record<string, unknown> = {
    lab: spec.name,
    hosts: spec.hosts,
    netns: spec.netns.map(netnsOut),
  }
  if (spec.apps.length) doc.apps = spec.apps
  if (spec.journey) doc.journey = spec.journey
  if (spec.seed !== undefined) doc.seed = spec.seed
  return stringify(doc, { lineWidth: 0, blockQuote: 'literal' })
}
