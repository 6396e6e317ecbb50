/**
 * `ip addr`, `ip -br addr`, `ip -br link` and `ip -d link show <vxlan>` as iproute2 6.1 prints
 * them (fixtures captured from a 6.18 kernel in __fixtures__/). Flags, operstate and qdisc per
 * link type come from link-state.ts.
 *
 * Not modelled: IPv6 (output matches a namespace with net.ipv6.conf.*.disable_ipv6=1, so no
 * `inet6` lines), `altname`, `dynamic`/`noprefixroute` address flags.
 * Broadcast: addresses with prefix < 31 get `brd <last address>`, as CNI plugins and flanneld
 * program them through vishvananda/netlink (which fills IFA_BROADCAST); `lo` and /31, /32 do not.
 */
import type { LinkRow } from '../tables/types'
import { broadcastOf, networkOf, parseIfAddr } from '../net/addr'
import { linkNetnsSuffix, linkView, peerNetnsIds, type LinkFormatOptions } from './link-state'

export type { LinkFormatOptions } from './link-state'

const byIndex = (links: LinkRow[]) => [...links].sort((a, b) => a.index - b.index)

function headerLine(link: LinkRow, links: LinkRow[], opts: LinkFormatOptions, mode: boolean) {
  const v = linkView(link, links, opts)
  const master = link.master ? ` master ${link.master}` : ''
  return (
    `${link.index}: ${v.label}: <${v.flags}> mtu ${link.mtu} qdisc ${v.qdisc}${master} ` +
    `state ${v.state}${mode ? ' mode DEFAULT' : ''} group default${link.txqlen === 0 ? '' : ` qlen ${link.txqlen ?? 1000}`}`
  )
}

function linkLine(
  link: LinkRow,
  links: LinkRow[],
  ids: Map<string, number>,
  opts: LinkFormatOptions,
) {
  if (link.type === 'loopback') return '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00'
  const netns = linkNetnsSuffix(link, links, ids, opts)
  return `    link/ether ${link.mac} brd ff:ff:ff:ff:ff:ff${netns}`
}

function inetLines(link: LinkRow): string[] {
  const out: string[] = []
  const seen: string[] = []
  for (const a of link.addrs) {
    const p = parseIfAddr(a)
    if (!p) continue
    const net = `${networkOf(p.ip, p.len)}/${p.len}`
    const secondary = seen.includes(net) ? ' secondary' : ''
    seen.push(net)
    const brd =
      link.type !== 'loopback' && p.len < 31 ? ` brd ${broadcastOf(p.ip, p.len)}` : ''
    const scope = link.type === 'loopback' && p.ip.startsWith('127.') ? 'host' : 'global'
    out.push(`    inet ${p.ip}/${p.len}${brd} scope ${scope}${secondary} ${link.name}`)
    out.push('       valid_lft forever preferred_lft forever')
  }
  return out
}

/** `ip addr` (= `ip address show`): every link in ifindex order with its IPv4 addresses. */
export function formatIpAddr(links: LinkRow[], opts: LinkFormatOptions = {}): string {
  const ids = peerNetnsIds(links, opts)
  const lines: string[] = []
  for (const link of byIndex(links)) {
    lines.push(headerLine(link, links, opts, false), linkLine(link, links, ids, opts))
    for (const l of inetLines(link)) lines.push(l)
  }
  return lines.map((l) => l + '\n').join('')
}

/** `ip link` (= `ip link show`): like `ip addr` with `mode DEFAULT` and no addresses. */
export function formatIpLink(links: LinkRow[], opts: LinkFormatOptions = {}): string {
  const ids = peerNetnsIds(links, opts)
  return byIndex(links)
    .map((l) => `${headerLine(l, links, opts, true)}\n${linkLine(l, links, ids, opts)}\n`)
    .join('')
}

// iproute2 brief mode: "%-16s " for the name, "%-14s " for the operstate, then each item + ' '.
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length))

/** `ip -br addr`. */
export function formatIpBriefAddr(links: LinkRow[], opts: LinkFormatOptions = {}): string {
  return byIndex(links)
    .map((link) => {
      const v = linkView(link, links, opts)
      const addrs = link.addrs.filter((a) => parseIfAddr(a)).map((a) => `${a} `)
      return `${pad(v.label, 16)} ${pad(v.state, 14)} ${addrs.join('')}\n`
    })
    .join('')
}

/** `ip -br link`. */
export function formatIpBriefLink(links: LinkRow[], opts: LinkFormatOptions = {}): string {
  return byIndex(links)
    .map((link) => {
      const v = linkView(link, links, opts)
      const mac = link.type === 'loopback' ? '00:00:00:00:00:00' : link.mac
      return `${pad(v.label, 16)} ${pad(v.state, 14)} ${mac} <${v.flags}> \n`
    })
    .join('')
}

// Constants of `ip -d link` that do not vary for the devices we model (kernel 6.18 defaults).
const GSO = 'gso_max_size 65536 gso_max_segs 65535'
const GRO = 'gro_max_size 65536'
/** veth advertises GSO_MAX_SIZE; devices without one keep GSO_LEGACY_MAX_SIZE. */
const TSO_VETH = 524280
const TSO_LEGACY = 65536

/**
 * `ip -d link show <dev>` for a VXLAN device (what seed 003 shows for flannel.1). The vxlan's
 * `tso_max_size` is inherited from its underlay device, so pass the namespace's links.
 */
export function formatIpLinkDetails(
  link: LinkRow,
  links: LinkRow[] = [link],
  opts: LinkFormatOptions = {},
): string {
  const vx = link.vxlan
  if (link.type !== 'vxlan' || !vx) {
    throw new Error(`formatIpLinkDetails: only vxlan devices are modelled (got ${link.type})`)
  }
  const all = links.includes(link) ? links : [...links, link]
  const ids = peerNetnsIds(all, opts)
  const port = all.some((l) => l.name === link.master)
  const promisc = port ? 'promiscuity 1  allmulti 1' : 'promiscuity 0  allmulti 0'
  const lower = vx.dev ? all.find((l) => l.name === vx.dev) : undefined
  const tso = lower?.type === 'veth' ? TSO_VETH : TSO_LEGACY
  const parts = [`vxlan id ${vx.vni}`]
  if (vx.local) parts.push(`local ${vx.local}`)
  if (vx.dev) parts.push(`dev ${vx.dev}`)
  parts.push('srcport 0 0', `dstport ${vx.port}`)
  if (!vx.learning) parts.push('nolearning')
  if (vx.l2miss) parts.push('l2miss')
  if (vx.l3miss) parts.push('l3miss')
  parts.push('ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx')
  parts.push('addrgenmode eui64 numtxqueues 1 numrxqueues 1', GSO)
  parts.push(`tso_max_size ${tso} tso_max_segs 65535`, GRO)
  return (
    `${headerLine(link, all, opts, true)}\n` +
    `${linkLine(link, all, ids, opts)} ${promisc} minmtu 68 maxmtu 65535 \n` +
    `    ${parts.join(' ')} \n`
  )
}
