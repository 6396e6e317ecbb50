import { useLayoutEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore, getAppStore } from '../../store'
import { selectChangedRows, selectShownNetns, selectTablesAt, selectTablesFocus, type TablesFocus } from '../../store/selectors'
import type { NetnsTables } from '../../engine/tables/types'
import { useT, type Translate } from '../i18n/useT'
import { TableSection } from './TableSection'
import { COMMAND, commandText, vxlanFdbCommand, vxlanFdbText, type TableKind } from './command-text'
import { formatIpLinkDetails } from '../../engine/format/ip-addr'
import { RowTable, type Row } from './RowTable'
import { CommandOutput } from './CommandOutput'
import { IptablesView } from './IptablesView'
import { TablesBar } from './TablesBar'
import { grepLines, iptablesMatches, normalizeQuery, rowMatches } from './search'
import { revealFocus } from './reveal'
import { tableRows } from './rows'

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
function TextSection(props: { id: TableKind; title: string; tables: NetnsTables; changed: boolean; query: string; focus?: boolean }) {
  const text = commandText(props.id, props.tables)
  const shown = grepLines(text, props.query)
  return (
    <TableSection id={props.id} title={props.title} command={COMMAND[props.id]} text={() => text} empty={!shown} changed={props.changed} query={props.query} focus={props.focus}>
      <CommandOutput text={shown} />
    </TableSection>
  )
}

export function TablesPanel() {
  const t = useT()
  const all = useAppStore(useShallow((s) => selectTablesAt(s)))
  const netns = useAppStore(selectShownNetns)
  const focus = useAppStore(selectTablesFocus)
  const step = useAppStore((s) => s.step)
  const following = useAppStore((s) => s.selectedNetns === null)
  const raw = useAppStore((s) => s.rawTables)
  const changed = useAppStore(useShallow((s) => [...selectChangedRows(s)].sort().join('\n')))
  const [search, setSearch] = useState('')
  const [revealTick, setRevealTick] = useState(0)
  const root = useRef<HTMLDivElement>(null)
  const bar = useRef<HTMLDivElement>(null)
  // On opening the tab, at each step and when asked, the panel scrolls to the row the step opens
  // on (reveal.ts); a row already in view, or the user's own scrolling in between, is left alone.
  useLayoutEffect(() => revealFocus(root.current, bar.current), [step, netns, raw, focus, revealTick])
  const changedSet = new Set(changed ? changed.split('\n') : [])
  const tables = all.find((x) => x.netns === netns)
  if (!tables) return <p className="pj-empty">{t('tables.none')}</p>
  const q = normalizeQuery(search)
  const is = (table: string, key: string) => changedSet.has(`${tables.netns}|${table}|${key}`)
  const any = (table: string) => [...changedSet].some((k) => k.startsWith(`${tables.netns}|${table}|`))
  const here = focus && focus.netns === tables.netns ? focus : null
  const focusLabel = here ? t(`tables.focus.${here.reason}`) : ''
  const at = (table: TablesFocus['table']) => here?.table === table
  const rows = tableRows(tables, is, (table, key) => (here && here.table === table && here.key === key ? focusLabel : undefined))
  const keep = (r: Row[]) => r.filter((x) => rowMatches(q, x.cells))
  const shown = { links: keep(rows.links), route: keep(rows.route), neigh: keep(rows.neigh), fdb: keep(rows.fdb), conntrack: keep(rows.conntrack) }
  const vxlan = rows.vxlanFdb.map((v) => ({ ...v, rows: keep(v.rows) }))
  const count = q
    ? shown.links.length + shown.route.length + shown.neigh.length + shown.fdb.length + shown.conntrack.length +
      iptablesMatches(tables.iptables, q).reduce((n, tb) => n + tb.chains.reduce((m, c) => m + c.rules.length, 0), 0)
    : null
  const bridged = tables.links.some((l) => l.type === 'bridge' || l.type === 'vxlan')
  const showFocus = () => {
    setSearch('')
    if (focus && focus.netns !== tables.netns) getAppStore().getState().selectNetns(null)
    setRevealTick((n) => n + 1)
  }
  return (
    <div className="pj-tables" data-testid="tables" ref={root}>
      <TablesBar
        ref={bar}
        all={all}
        netns={tables.netns}
        following={following}
        raw={raw}
        search={search}
        onSearch={setSearch}
        count={raw ? null : count}
        focus={focus}
        onShowFocus={showFocus}
      />
      <TableSection id="links" title={t('tables.links')} command={COMMAND.links} text={() => commandText('links', tables)} empty={!shown.links.length} changed={false} query={q}>
        <RowTable columns={['name', 'state', 'address', 'mac', 'master']} rows={shown.links} />
      </TableSection>
      <TableSection id="route" title={t('tables.routes')} command={COMMAND.routes} text={() => commandText('routes', tables)} empty={!shown.route.length} changed={any('route')} query={q} focus={at('route')}>
        <RowTable columns={['dst', 'via', 'dev', 'proto', 'scope', 'src']} rows={shown.route} />
      </TableSection>
      <TableSection id="neigh" title={t('tables.neigh')} command={COMMAND.neigh} text={() => commandText('neigh', tables)} empty={!shown.neigh.length} changed={any('neigh')} query={q} focus={at('neigh')}>
        <RowTable columns={['ip', 'dev', 'lladdr', 'state']} rows={shown.neigh} />
      </TableSection>
      {(tables.fdb.length > 0 || bridged) && (
        <TableSection id="fdb" title={t('tables.fdb')} command={COMMAND.fdb} text={() => commandText('fdb', tables)} empty={!shown.fdb.length} changed={any('fdb')} query={q} focus={at('fdb')}>
          <RowTable columns={['mac', 'dev', 'master / dst', 'flags']} rows={shown.fdb} />
        </TableSection>
      )}
      {vxlan.map((v) => (
        <TableSection
          key={v.dev}
          id="vxlanFdb"
          title={t('tables.vxlanFdb', { dev: v.dev })}
          command={vxlanFdbCommand(v.dev)}
          text={() => vxlanFdbText(tables, v.dev)}
          empty={!v.rows.length}
          changed={v.changed}
          query={q}
        >
          {/* The same FDB rows as above: the marker stays on the full table's row. */}
          <RowTable columns={['mac (VtepMAC)', 'dst', 'flags']} rows={v.rows.map(({ focus: _, ...r }) => r)} />
        </TableSection>
      ))}
      {tables.iptables.length > 0 && (
        <TableSection id="iptables" title={t('tables.iptables')} command={COMMAND.iptables} text={() => commandText('iptables', tables)} empty={false} changed={any('counter')} query={q} focus={at('iptables')}>
          <IptablesView netns={tables.netns} tables={tables.iptables} changed={changedSet} query={q} {...(here?.table === 'iptables' ? { focus: { key: here.key, label: focusLabel } } : {})} />
        </TableSection>
      )}
      {(tables.iptables.length > 0 || tables.conntrack.length > 0) && (
        <TableSection id="conntrack" title={t('tables.conntrack')} command={COMMAND.conntrack} text={() => commandText('conntrack', tables)} empty={!shown.conntrack.length} changed={any('conntrack')} query={q} focus={at('conntrack')}>
          <RowTable columns={['proto', 'timeout', 'state', 'original', 'reply', 'flags']} rows={shown.conntrack} />
        </TableSection>
      )}
      {tables.ipvs && (
        <>
          <TextSection id="ipvs" title={t('tables.ipvs')} tables={tables} changed={false} query={q} />
          <TextSection id="ipvsConns" title={t('tables.ipvsConns')} tables={tables} changed={any('ipvs')} query={q} focus={at('ipvs')} />
        </>
      )}
      {tables.ipsets && <TextSection id="ipsets" title={t('tables.ipsets')} tables={tables} changed={false} query={q} />}
      {tables.links
        .filter((l) => l.type === 'vxlan' && l.vxlan)
        .map((l) => (
          <section key={`link-${l.name}`} className="pj-table-section" data-testid="tables.vxlanLink">
            <h3>
              {t('tables.vxlanLink', { dev: l.name })} <code className="pj-cmd">$ ip -d link show {l.name}</code>
            </h3>
            <CommandOutput text={grepLines(formatIpLinkDetails(l, tables.links, { netns: tables.netns, fdb: tables.fdb }), q) || t('tables.noMatch')} />
          </section>
        ))}
      {tables.info?.map((info) => (
        <section key={info.command} className="pj-table-section" data-testid="tables.info">
          <h3>
            {infoTitle(info.title, t)} <code className="pj-cmd">$ {info.command}</code>
          </h3>
          <CommandOutput text={grepLines(info.text, q) || t('tables.noMatch')} />
        </section>
      ))}
    </div>
  )
}
