import { useShallow } from 'zustand/react/shallow'
import { useAppStore, getAppStore } from '../../store'
import { naturalKey, selectChangedRows, selectTablesAt, selectTablesNetns } from '../../store/selectors'
import type { ConntrackRow, ConntrackTuple } from '../../engine/tables/types'
import { useT } from '../i18n/useT'
import { TableSection } from './TableSection'
import { RowTable } from './RowTable'
import { IptablesView } from './IptablesView'

const tuple = (x: ConntrackTuple) =>
  `src=${x.src} dst=${x.dst}${x.sport !== undefined ? ` sport=${x.sport} dport=${x.dport}` : ''}${x.icmp ? ` type=${x.icmp.type} code=${x.icmp.code} id=${x.icmp.id}` : ''}`
const ctFlags = (c: ConntrackRow) =>
  [!c.status.seenReply ? '[UNREPLIED]' : '', c.status.assured ? '[ASSURED]' : ''].filter(Boolean).join(' ')

export function TablesPanel() {
  const t = useT()
  const all = useAppStore(useShallow((s) => selectTablesAt(s)))
  const netns = useAppStore(selectTablesNetns)
  const following = useAppStore((s) => s.selectedNetns === null)
  const raw = useAppStore((s) => s.rawTables)
  const changed = useAppStore(useShallow((s) => [...selectChangedRows(s)].sort().join('\n')))
  const changedSet = new Set(changed ? changed.split('\n') : [])
  const tables = all.find((x) => x.netns === netns)
  const st = getAppStore().getState()
  if (!tables) return <p className="pj-empty">{t('tables.none')}</p>
  const is = (table: string, key: string) => changedSet.has(`${tables.netns}|${table}|${key}`)
  const any = (table: string) => [...changedSet].some((k) => k.startsWith(`${tables.netns}|${table}|`))
  return (
    <div className="pj-tables" data-testid="tables">
      <div className="pj-tables-bar">
        <label>
          {t('tables.netns')}{' '}
          <select
            data-testid="tables.netns"
            value={following ? '' : tables.netns}
            onChange={(e) => st.selectNetns(e.target.value || null)}
          >
            <option value="">
              {t('tables.follow')} ({tables.netns})
            </option>
            {all.map((x) => (
              <option key={x.netns} value={x.netns}>
                {x.netns}
              </option>
            ))}
          </select>
        </label>
        <label className="pj-switch">
          <input type="checkbox" data-testid="tables.rawToggle" checked={raw} onChange={(e) => st.setRawTables(e.target.checked)} />{' '}
          {t('tables.raw')}
        </label>
      </div>
      <TableSection kind="links" title={t('tables.links')} tables={tables} empty={!tables.links.length} changed={false}>
        <RowTable
          columns={['ifindex', 'name', 'state', 'address', 'mac', 'master']}
          rows={tables.links.map((l) => ({
            key: l.name,
            cells: [String(l.index), l.peer ? `${l.name}@if${l.peer.index}` : l.name, l.up ? 'UP' : 'DOWN', l.addrs.join(' ') || '—', l.mac, l.master ?? ''],
          }))}
        />
      </TableSection>
      <TableSection kind="routes" title={t('tables.routes')} tables={tables} empty={!tables.routes.length} changed={any('route')}>
        <RowTable
          columns={['dst', 'via', 'dev', 'proto', 'scope', 'src']}
          rows={tables.routes.filter((r) => r.table === 'main').map((r) => ({
            key: naturalKey('route', r),
            changed: is('route', naturalKey('route', r)),
            cells: [r.type === 'unicast' ? r.dst : `${r.type} ${r.dst}`, r.via ?? '', r.dev + (r.onlink ? ' onlink' : ''), r.proto ?? '', r.scope === 'global' ? '' : r.scope, r.src ?? ''],
          }))}
        />
      </TableSection>
      <TableSection kind="neigh" title={t('tables.neigh')} tables={tables} empty={!tables.neigh.length} changed={any('neigh')}>
        <RowTable
          columns={['ip', 'dev', 'lladdr', 'state']}
          rows={tables.neigh.map((n) => ({ key: naturalKey('neigh', n), changed: is('neigh', naturalKey('neigh', n)), cells: [n.ip, n.dev, n.lladdr ?? '', n.state] }))}
        />
      </TableSection>
      {(tables.fdb.length > 0 || tables.links.some((l) => l.type === 'bridge' || l.type === 'vxlan')) && (
        <TableSection kind="fdb" title={t('tables.fdb')} tables={tables} empty={!tables.fdb.length} changed={any('fdb')}>
          <RowTable
            columns={['mac', 'dev', 'master / dst', 'flags']}
            rows={tables.fdb.map((f) => ({
              key: naturalKey('fdb', f),
              changed: is('fdb', naturalKey('fdb', f)),
              cells: [f.mac, f.dev, f.dst ? `dst ${f.dst}` : f.master ? `master ${f.master}` : '', [f.self ? 'self' : '', f.permanent ? 'permanent' : ''].filter(Boolean).join(' ')],
            }))}
          />
        </TableSection>
      )}
      {tables.iptables.length > 0 && (
        <TableSection kind="iptables" title={t('tables.iptables')} tables={tables} empty={false} changed={any('counter')}>
          <IptablesView netns={tables.netns} tables={tables.iptables} changed={changedSet} />
        </TableSection>
      )}
      {tables.info?.map((info) => (
        <section key={info.command} className="pj-table-section" data-testid="tables.info">
          <h3>
            <code className="pj-cmd">$ {info.command}</code>
          </h3>
          <pre className="pj-raw">{info.text}</pre>
        </section>
      ))}
      <TableSection kind="conntrack" title={t('tables.conntrack')} tables={tables} empty={!tables.conntrack.length} changed={any('conntrack')}>
        <RowTable
          columns={['proto', 'timeout', 'state', 'original', 'reply', 'flags']}
          rows={tables.conntrack.map((c) => ({
            key: String(c.id),
            changed: is('conntrack', String(c.id)),
            cells: [c.protocol, String(c.timeout), c.tcpState ?? '', tuple(c.original), tuple(c.reply), ctFlags(c)],
          }))}
        />
      </TableSection>
    </div>
  )
}
