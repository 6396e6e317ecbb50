/**
 * The grid rows of one namespace's tables, cells as the commands print them (`ip -br addr`,
 * `ip route`, `ip neigh`, `bridge fdb`, `conntrack -L`), each with its changed mark and, for the
 * row the step opens on, the marker's text. Built once per render so the search can filter and
 * count them before any section draws.
 */
import type { ConntrackRow, ConntrackTuple, FdbRow, NetnsTables } from '../../engine/tables/types'
import type { TablesFocus } from '../../store/selectors'
import { naturalKey } from '../../store/selectors'
import { linkView } from '../../engine/format/link-state'
import type { Row } from './RowTable'

const tuple = (x: ConntrackTuple) =>
  `src=${x.src} dst=${x.dst}${x.sport !== undefined ? ` sport=${x.sport} dport=${x.dport}` : ''}${x.icmp ? ` type=${x.icmp.type} code=${x.icmp.code} id=${x.icmp.id}` : ''}`
const ctFlags = (c: ConntrackRow) =>
  [!c.status.seenReply ? '[UNREPLIED]' : '', c.status.assured ? '[ASSURED]' : ''].filter(Boolean).join(' ')

const fdbFlags = (f: FdbRow) => [f.self ? 'self' : '', f.permanent ? 'permanent' : ''].filter(Boolean).join(' ')

export interface TableRows {
  links: Row[]
  route: Row[]
  neigh: Row[]
  fdb: Row[]
  /** `bridge fdb show dev <vxlan dev>`, per VXLAN device. */
  vxlanFdb: { dev: string; rows: Row[]; changed: boolean }[]
  conntrack: Row[]
}

type Table = TablesFocus['table']

export function tableRows(
  tables: NetnsTables,
  changed: (table: string, key: string) => boolean,
  mark: (table: Table, key: string) => string | undefined,
): TableRows {
  const row = (table: Table, key: string, cells: string[]): Row => {
    const focus = mark(table, key)
    return { key, cells, ...(changed(table, key) ? { changed: true } : {}), ...(focus ? { focus } : {}) }
  }
  const linkOptions = { netns: tables.netns, fdb: tables.fdb }
  const fdbRow = (f: FdbRow, cells: string[]) => row('fdb', naturalKey('fdb', f), cells)
  return {
    // Name and operstate as `ip -br addr` prints them (lo is UNKNOWN, a veth `eth0@if7`).
    links: [...tables.links]
      .sort((a, b) => a.index - b.index)
      .map((l) => {
        const v = linkView(l, tables.links, linkOptions)
        return { key: l.name, cells: [v.label, v.state, l.addrs.join(' ') || '—', l.mac, l.master ?? ''] }
      }),
    route: tables.routes
      .filter((r) => r.table === 'main')
      .map((r) =>
        row('route', naturalKey('route', r), [
          r.type === 'unicast' ? r.dst : `${r.type} ${r.dst}`,
          r.via ?? '',
          r.dev + (r.onlink ? ' onlink' : ''),
          r.proto ?? '',
          r.scope === 'global' ? '' : r.scope,
          r.src ?? '',
        ]),
      ),
    neigh: tables.neigh.map((n) => row('neigh', naturalKey('neigh', n), [n.ip, n.dev, n.lladdr ?? '', n.state])),
    fdb: tables.fdb.map((f) => fdbRow(f, [f.mac, f.dev, f.dst ? `dst ${f.dst}` : f.master ? `master ${f.master}` : '', fdbFlags(f)])),
    vxlanFdb: tables.links
      .filter((l) => l.type === 'vxlan')
      .map((l) => {
        const own = tables.fdb.filter((f) => f.dev === l.name)
        return {
          dev: l.name,
          rows: own.map((f) => fdbRow(f, [f.mac, f.dst ?? '', fdbFlags(f)])),
          changed: own.some((f) => changed('fdb', naturalKey('fdb', f))),
        }
      }),
    conntrack: tables.conntrack.map((c) =>
      row('conntrack', String(c.id), [c.protocol, String(c.timeout), c.tcpState ?? '', tuple(c.original), tuple(c.reply), ctFlags(c)]),
    ),
  }
}
