/**
 * How the kernel and iproute2 6.1 present a link's flags, operstate and qdisc, derived from our
 * LinkRow data. Every rule here was read off a real 6.18 kernel in scratch network namespaces:
 *
 * - `lo`: up → `<LOOPBACK,UP,LOWER_UP>` state UNKNOWN; down → `<LOOPBACK>` qdisc noop state DOWN.
 * - veth: both ends up → UP; this end up, peer down → `<NO-CARRIER,…,UP>` and state DOWN,
 *   except LOWERLAYERDOWN when the device *of this namespace* whose ifindex equals the peer's
 *   has no carrier (the kernel's default_operstate() looks IFLA_LINK up locally; for a peer in
 *   the same namespace, `vx@vy`, that is the peer itself).
 * - bridge: a port with carrier → UP; ports but none with carrier → `<NO-CARRIER,…,UP>` DOWN;
 *   no ports → UNKNOWN with LOWER_UP when its MAC is kernel-random, but DOWN/NO-CARRIER when
 *   the MAC was set explicitly (docker0, cni0 after its last pod). We tell the two apart by the
 *   own-MAC FDB entry (`<mac> dev br master br permanent`) that exists only in the second case,
 *   so pass `fdb` for bridges without ports.
 * - vxlan (and dummy) up → UNKNOWN. An `ether` NIC up → UP.
 * - a link never brought up has qdisc `noop`; virtual links get `noqueue` when first up; a
 *   physical NIC gets the default qdisc (`fq_codel` on systemd distributions; configurable).
 * - `M-DOWN`: for a veth whose peer is in the same namespace (`vx@vy`), iproute2 prints M-DOWN
 *   when the peer is down. A peer in another namespace (`eth0@if7`) never shows it.
 */
import type { FdbRow, LinkRow } from '../tables/types'

export interface LinkFormatOptions {
  /** Is the other end of a veth up? Default: yes (a peer in this list is looked up instead). */
  peerUp?: (peer: NonNullable<LinkRow['peer']>) => boolean
  /** `link-netns NAME` when this returns a name, else `link-netnsid N` (first-seen order). */
  peerNetnsName?: (netns: string) => string | undefined
  /** qdisc of an `ether` NIC that is up. Default `fq_codel`. */
  etherQdisc?: string
  /** The namespace these links are in (to tell same-namespace veth peers apart). */
  netns?: string
  /** The namespace's bridge FDB: tells a port-less bridge with a set MAC (see above). */
  fdb?: FdbRow[]
}

export type OperState = 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN'

export interface LinkView {
  /** `eth0@if7`, `vx@vy` (peer in the same namespace) or plain `cni0`. */
  label: string
  flags: string
  state: OperState
  qdisc: string
  carrier: boolean
}

function isPeerLocal(link: LinkRow, links: LinkRow[], opts: LinkFormatOptions): boolean {
  if (!link.peer) return false
  if (opts.netns !== undefined) return link.peer.netns === opts.netns
  return links.some((l) => l.name === link.peer?.name && l.index === link.peer?.index)
}

function peerIsUp(link: LinkRow, links: LinkRow[], opts: LinkFormatOptions): boolean {
  if (!link.peer) return true
  if (isPeerLocal(link, links, opts)) {
    return links.find((l) => l.index === link.peer?.index)?.up ?? true
  }
  return opts.peerUp ? opts.peerUp(link.peer) : true
}

function macWasSet(bridge: LinkRow, opts: LinkFormatOptions): boolean {
  return (opts.fdb ?? []).some(
    (f) => f.dev === bridge.name && f.master === bridge.name && f.mac === bridge.mac,
  )
}

/** Carrier as the kernel computes it (netif_carrier_ok). */
export function hasCarrier(link: LinkRow, links: LinkRow[], opts: LinkFormatOptions = {}): boolean {
  if (!link.up) return false
  switch (link.type) {
    case 'veth':
      return peerIsUp(link, links, opts)
    case 'bridge': {
      const ports = links.filter((l) => l.master === link.name)
      if (ports.length === 0) return !macWasSet(link, opts)
      return ports.some((p) => hasCarrier(p, links, opts))
    }
    default:
      return true
  }
}

function operState(link: LinkRow, links: LinkRow[], opts: LinkFormatOptions): OperState {
  if (!link.up) return 'DOWN'
  const carrier = hasCarrier(link, links, opts)
  switch (link.type) {
    case 'loopback':
    case 'vxlan':
    case 'dummy':
      return 'UNKNOWN'
    case 'veth': {
      if (carrier) return 'UP'
      const local = links.find((l) => l.index === link.peer?.index)
      return local && !hasCarrier(local, links, opts) ? 'LOWERLAYERDOWN' : 'DOWN'
    }
    case 'bridge':
      if (!links.some((l) => l.master === link.name)) return carrier ? 'UNKNOWN' : 'DOWN'
      return carrier ? 'UP' : 'DOWN'
    case 'ether':
      return 'UP'
  }
}

export function linkView(link: LinkRow, links: LinkRow[], opts: LinkFormatOptions = {}): LinkView {
  const carrier = hasCarrier(link, links, opts)
  const state = operState(link, links, opts)
  const names: string[] = []
  if (link.up && !carrier) names.push('NO-CARRIER')
  if (link.type === 'loopback') names.push('LOOPBACK')
  else if (link.type === 'dummy') names.push('BROADCAST', 'NOARP')
  else names.push('BROADCAST', 'MULTICAST')
  if (link.up) names.push('UP')
  if (link.up && carrier) names.push('LOWER_UP')
  // Only veths carry IFLA_LINK (vxlan uses IFLA_VXLAN_LINK); iproute2 checks it only when the
  // peer is in this namespace (no IFLA_LINK_NETNSID).
  if (link.peer && isPeerLocal(link, links, opts)) {
    const local = links.find((l) => l.index === link.peer?.index)
    if (local && !local.up) names.push('M-DOWN')
  }
  let label = link.name
  if (link.peer) {
    label += isPeerLocal(link, links, opts) ? `@${link.peer.name}` : `@if${link.peer.index}`
  }
  const upQdisc = link.type === 'ether' ? (opts.etherQdisc ?? 'fq_codel') : 'noqueue'
  const qdisc = link.up ? upQdisc : 'noop'
  return { label, flags: names.join(','), state, qdisc, carrier }
}

/** `link-netnsid N` numbering: peers' namespaces in the order first met (by ifindex). */
export function peerNetnsIds(links: LinkRow[], opts: LinkFormatOptions = {}): Map<string, number> {
  const ids = new Map<string, number>()
  for (const l of [...links].sort((a, b) => a.index - b.index)) {
    if (!l.peer || isPeerLocal(l, links, opts) || ids.has(l.peer.netns)) continue
    ids.set(l.peer.netns, ids.size)
  }
  return ids
}

export function linkNetnsSuffix(
  link: LinkRow,
  links: LinkRow[],
  ids: Map<string, number>,
  opts: LinkFormatOptions,
): string {
  if (!link.peer || isPeerLocal(link, links, opts)) return ''
  const name = opts.peerNetnsName?.(link.peer.netns)
  if (name !== undefined) return ` link-netns ${name}`
  return ` link-netnsid ${ids.get(link.peer.netns) ?? 0}`
}
