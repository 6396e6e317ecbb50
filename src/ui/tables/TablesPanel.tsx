import { useShallow } from 'zustand/react/shallow'
import { useAppStore, getAppStore } from '../../store'
import { naturalKey, selectChangedRows, selectTablesAt, selectTablesNetns } from '../../store/selectors'
import type { ConntrackRow, ConntrackTuple, FdbRow, NetnsTables } from '../../engine/tables/types'
import { useT, type Translate } from '../i18n/useT'
import { TableSection } from './TableSection'
import { linkView } from '../../engine/format/link-state'
import { COMMAND, commandText, vxlanFdbCommand, vxlanFdbText, type TableKind } from './command-text'
import { formatIpLinkDetails } from '../../engine/format/ip-addr'
import { RowTable } from './RowTable'
import { IptablesView } from './IptablesView'

const tuple = (x: ConntrackTuple) =>
  `src=${x.src} dst=${x.dst}${x.sport !== undefined ? ` sport=${x.sport} dport=${x.dport}` : ''}${x.icmp ? ` type=${x.icmp.type} code=${x.icmp.code} id=${x.icmp.id}` : ''}`
const ctFlags = (c: ConntrackRow) =>
  [!c.status.seenReply ? '[UNREPLIED]' : '', c.status.assured ? '[ASSURED]' : ''].filter(Boolean).join(' ')

const fdbFlags = (f: FdbRow) => [f.self ? 'self' : '', f.permanent ? 'permanent' : ''].filter(Boolean).join(' ')

/** Labels for the command outputs a lab provides as they are (control-plane/build-lab.ts titles). */
const INFO_TITLE = {
  'flannel subnet': 'tables.info.subnetEnv',
  'flannel lease': 'tables.info.lease',
  'flannel leases (etcd)': 'tables.info.etcdLeases',
  'neighbour requests go to flanneld': 'tables.info.appSolicit',
  'kube-proxy sysctls (IPVS mode)': 'tables.info.ipvsSysctls',
  resolver: 'tables.info.resolver',
} as const
const infoTitle = (title: string, t: Translate) =>
  title in INFO_TITLE ? t(INFO_TITLE[title as keyof typeof INFO_TITLE]) : title

/** A table whose clearest grid is the command's own output (ipvsadm, ipset). */
function TextSection(props: { id: TableKind; title: string; tables: NetnsTables; changed: boolean }) {
  const text = commandText(props.id, props.tables)
  return (
    <TableSection id={props.id} title={props.title} command={COMMAND[props.id]} text={() => text} empty={false} changed={props.changed}>
      <pre className="pj-raw">{text}</pre>
    </TableSection>
  )
}

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
  const mainRoutes = tables.routes.filter((r) => r.table === 'main')
  const bridged = tables.links.some((l) => l.type === 'bridge' || l.type === 'vxlan')
  const vxlanDevs = tables.links.filter((l) => l.type === 'vxlan').map((l) => l.name)
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
      <TableSection id="links" title={t('tables.links')} command={COMMAND.links} text={() => commandText('links', tables)} empty={!tables.links.length} changed={false}>
        <RowTable
          columns={['name', 'state', 'address', 'mac', 'master']}
          rows={[...tables.links].sort((a, b) => a.index - b.index).map((l) => {
            // Name and operstate as `ip -br addr` prints them (lo is UNKNOWN, a veth `eth0@if7`).
            const v = linkView(l, tables.links, { netns: tables.netns, fdb: tables.fdb })
            return { key: l.name, cells: [v.label, v.state, l.addrs.join(' ') || '—', l.mac, l.master ?? ''] }
          })}
        />
      </TableSection>
      <TableSection id="route" title={t('tables.routes')} command={COMMAND.routes} text={() => commandText('routes', tables)} empty={!mainRoutes.length} changed={any('route')}>
        <RowTable
          columns={['dst', 'via', 'dev', 'proto', 'scope', 'src']}
          rows={mainRoutes.map((r) => ({
            key: naturalKey('route', r),
            changed: is('route', naturalKey('route', r)),
            cells: [r.type === 'unicast' ? r.dst : `${r.type} ${r.dst}`, r.via ?? '', r.dev + (r.onlink ? ' onlink' : ''), r.proto ?? '', r.scope === 'global' ? '' : r.scope, r.src ?? ''],
          }))}
        />
      </TableSection>
      <TableSection id="neigh" title={t('tables.neigh')} command={COMMAND.neigh} text={() => commandText('neigh', tables)} empty={!tables.neigh.length} changed={any('neigh')}>
        <RowTable
          columns={['ip', 'dev', 'lladdr', 'state']}
          rows={tables.neigh.map((n) => ({ key: naturalKey('neigh', n), changed: is('neigh', naturalKey('neigh', n)), cells: [n.ip, n.dev, n.lladdr ?? '', n.state] }))}
        />
      </TableSection>
      {(tables.fdb.length > 0 || bridged) && (
        <TableSection id="fdb" title={t('tables.fdb')} command={COMMAND.fdb} text={() => commandText('fdb', tables)} empty={!tables.fdb.length} changed={any('fdb')}>
          <RowTable
            columns={['mac', 'dev', 'master / dst', 'flags']}
            rows={tables.fdb.map((f) => ({
              key: naturalKey('fdb', f),
              changed: is('fdb', naturalKey('fdb', f)),
              cells: [f.mac, f.dev, f.dst ? `dst ${f.dst}` : f.master ? `master ${f.master}` : '', fdbFlags(f)],
            }))}
          />
        </TableSection>
      )}
      {vxlanDevs.map((dev) => {
        const rows = tables.fdb.filter((f) => f.dev === dev)
        return (
          <TableSection
            key={dev}
            id="vxlanFdb"
            title={t('tables.vxlanFdb', { dev })}
            command={vxlanFdbCommand(dev)}
            text={() => vxlanFdbText(tables, dev)}
            empty={!rows.length}
            changed={rows.some((f) => is('fdb', naturalKey('fdb', f)))}
          >
            <RowTable
              columns={['mac (VtepMAC)', 'dst', 'flags']}
              rows={rows.map((f) => ({ key: naturalKey('fdb', f), changed: is('fdb', naturalKey('fdb', f)), cells: [f.mac, f.dst ?? '', fdbFlags(f)] }))}
            />
          </TableSection>
        )
      })}
      {tables.iptables.length > 0 && (
        <TableSection id="iptables" title={t('tables.iptables')} command={COMMAND.iptables} text={() => commandText('iptables', tables)} empty={false} changed={any('counter')}>
          <IptablesView netns={tables.netns} tables={tables.iptables} changed={changedSet} />
        </TableSection>
      )}
      {(tables.iptables.length > 0 || tables.conntrack.length > 0) && (
        <TableSection id="conntrack" title={t('tables.conntrack')} command={COMMAND.conntrack} text={() => commandText('conntrack', tables)} empty={!tables.conntrack.length} changed={any('conntrack')}>
          <RowTable
            columns={['proto', 'timeout', 'state', 'original', 'reply', 'flags']}
            rows={tables.conntrack.map((c) => ({
              key: String(c.id),
              changed: is('conntrack', String(c.id)),
              cells: [c.protocol, String(c.timeout), c.tcpState ?? '', tuple(c.original), tuple(c.reply), ctFlags(c)],
            }))}
          />
        </TableSection>
      )}
      {tables.ipvs && (
        <>
          <TextSection id="ipvs" title={t('tables.ipvs')} tables={tables} changed={false} />
          <TextSection id="ipvsConns" title={t('tables.ipvsConns')} tables={tables} changed={any('ipvs')} />
        </>
      )}
      {tables.ipsets && <TextSection id="ipsets" title={t('tables.ipsets')} tables={tables} changed={false} />}
      {tables.links
        .filter((l) => l.type === 'vxlan' && l.vxlan)
        .map((l) => (
          <section key={`link-${l.name}`} className="pj-table-section" data-testid="tables.vxlanLink">
            <h3>
              {t('tables.vxlanLink', { dev: l.name })} <code className="pj-cmd">$ ip -d link show {l.name}</code>
            </h3>
            <pre className="pj-raw">{formatIpLinkDetails(l, tables.links, { netns: tables.netns, fdb: tables.fdb })}</pre>
          </section>
        ))}
      {tables.info?.map((info) => (
        <section key={info.command} className="pj-table-section" data-testid="tables.info">
          <h3>
            {infoTitle(info.title, t)} <code className="pj-cmd">$ {info.command}</code>
          </h3>
          <pre className="pj-raw">{info.text}</pre>
        </section>
      ))}
    </div>
  )
}
