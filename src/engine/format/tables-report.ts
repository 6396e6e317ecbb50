/**
 * Every namespace's tables as the commands a learner would type on the node print them. Used by
 * the golden tables files and `npm run trace -- --tables`.
 */
import type { NetnsTables } from '../tables/types'
import { formatIpBriefAddr, formatIpLinkDetails } from './ip-addr'
import { formatIpRoute } from './ip-route'
import { formatIpNeigh } from './ip-neigh'
import { formatBridgeFdb } from './bridge-fdb'
import { formatConntrack } from './conntrack'
import { formatIptablesRows } from './iptables-save'
import { formatIpvsadm, formatIpvsadmConns } from './ipvsadm'
import { formatIpsetList } from './ipset'

export function formatNetnsTables(t: NetnsTables): string {
  const opts = { netns: t.netns, fdb: t.fdb }
  const parts = [`$ ip -br addr\n${formatIpBriefAddr(t.links, opts)}`, `$ ip route\n${formatIpRoute(t.routes, { links: t.links, linkOptions: opts })}`, `$ ip neigh\n${formatIpNeigh(t.neigh)}`]
  if (t.links.some((l) => l.type === 'bridge' || l.type === 'vxlan')) parts.push(`$ bridge fdb show\n${formatBridgeFdb(t.fdb, t.links)}`)
  for (const l of t.links) if (l.type === 'vxlan' && l.vxlan) parts.push(`$ ip -d link show ${l.name}\n${formatIpLinkDetails(l, t.links, opts)}`)
  if (t.iptables.length) parts.push(`$ iptables-save -c\n${formatIptablesRows(t.iptables, { counters: true })}`)
  if (t.iptables.length && (t.conntrack.length || t.iptables.some((x) => x.name === 'nat'))) parts.push(`$ conntrack -L\n${formatConntrack(t.conntrack)}`)
  if (t.ipvs) parts.push(`$ ipvsadm -Ln\n${formatIpvsadm(t.ipvs, t.ipvsConns)}`, `$ ipvsadm -Lnc\n${formatIpvsadmConns(t.ipvsConns ?? [])}`)
  if (t.ipsets) parts.push(`$ ipset list\n${formatIpsetList(t.ipsets)}`)
  // What else a learner would cat on this machine (subnet.env, leases, resolv.conf).
  for (const i of t.info ?? []) parts.push(`$ ${i.command}\n${i.text}`)
  return parts.join('\n')
}

export function formatTablesReport(tables: NetnsTables[]): string {
  return tables.map((t) => `=== ${t.netns} ===\n${formatNetnsTables(t)}`).join('\n')
}
