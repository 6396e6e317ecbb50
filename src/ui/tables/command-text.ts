/**
 * The "as on the node" text: the same rows printed by the engine's real-command formatters
 * (engine/format), with the same options the golden tables files and the CLI use, so what the
 * panel shows always matches `ip route`, `iptables-save -c`… on a node.
 */
import type { NetnsTables } from '../../engine/tables/types'
import {
  formatBridgeFdb,
  formatConntrack,
  formatIpBriefAddr,
  formatIpNeigh,
  formatIpRoute,
  formatIpsetList,
  formatIpvsadm,
  formatIpvsadmConns,
} from '../../engine/format'
import { formatIptablesRows } from '../../engine/format/iptables-save'

export type TableKind = 'links' | 'routes' | 'neigh' | 'fdb' | 'iptables' | 'conntrack' | 'ipvs' | 'ipvsConns' | 'ipsets'

export const COMMAND: Record<TableKind, string> = {
  links: 'ip -br addr',
  routes: 'ip route',
  neigh: 'ip neigh',
  fdb: 'bridge fdb show',
  iptables: 'iptables-save -c',
  conntrack: 'conntrack -L',
  ipvs: 'ipvsadm -Ln',
  ipvsConns: 'ipvsadm -Lnc',
  ipsets: 'ipset list',
}

export function commandText(kind: TableKind, t: NetnsTables): string {
  const linkOptions = { netns: t.netns, fdb: t.fdb }
  switch (kind) {
    case 'links':
      return formatIpBriefAddr(t.links, linkOptions)
    case 'routes':
      return formatIpRoute(t.routes, { links: t.links, linkOptions })
    case 'neigh':
      return formatIpNeigh(t.neigh)
    case 'fdb':
      return formatBridgeFdb(t.fdb, t.links)
    case 'iptables':
      return formatIptablesRows(t.iptables, { counters: true })
    case 'conntrack':
      return formatConntrack(t.conntrack)
    case 'ipvs':
      return formatIpvsadm(t.ipvs ?? [], t.ipvsConns)
    case 'ipvsConns':
      return formatIpvsadmConns(t.ipvsConns ?? [])
    case 'ipsets':
      return formatIpsetList(t.ipsets ?? [])
  }
}

export const vxlanFdbCommand = (dev: string) => `bridge fdb show dev ${dev}`

/**
 * `bridge fdb show dev <vxlan dev>`: the device's own entries, in the full dump's order. With a
 * `dev` filter iproute2 leaves the `dev <name>` column out of each line (print_fdb prints it
 * only when no filter_index is set).
 */
export function vxlanFdbText(t: NetnsTables, dev: string): string {
  const full = formatBridgeFdb(t.fdb.filter((f) => f.dev === dev), t.links)
  return full.replace(new RegExp(`^(\\S+) dev ${dev.replace(/\./g, '\\.')} `, 'gm'), '$1 ')
}
