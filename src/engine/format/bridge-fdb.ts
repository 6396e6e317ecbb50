/**
 * `bridge fdb show` (iproute2 6.1 `bridge` utility, 6.18 kernel; fixture in
 * __fixtures__/bridge-fdb.txt).
 *
 * Line layout: `mac dev d [dst ip ][master br ][self ][permanent]`. A learned (dynamic) entry
 * ends in a space (`… master cni0 `); `permanent` is the last word and has none.
 *
 * Dump order (rtnl_fdb_dump): devices by ifindex; for each device
 * - a bridge port: the bridge's entries for that port, newest first (br_fdb hlist_add_head),
 *   then the port's own `self` entries (its multicast address list, in join order);
 * - a bridge device: its `self` entries first, then the bridge's own-MAC entry
 *   (`… dev cni0 master cni0 permanent`, present only when the bridge MAC was set explicitly);
 * - a VXLAN device: its FDB (`… dst 192.168.0.3 self permanent`), newest first.
 * Rows are taken to be in creation order (oldest first). Without `links`, devices appear in
 * the order first seen.
 *
 * What the engine must put in the rows (the kernel generates them; this file only prints):
 * - for each bridge port, `{ mac: <port MAC>, dev: port, master: bridge, permanent: true }`;
 *   for a bridge whose MAC was set explicitly, `{ mac, dev: bridge, master: bridge, permanent }`;
 * - multicast `self permanent` rows, observed with IPv6 disabled: a bridge has
 *   33:33:00:00:00:01, 01:00:5e:00:00:6a, 33:33:00:00:00:6a, 01:00:5e:00:00:01; an up veth
 *   or NIC has 33:33:00:00:00:01, 01:00:5e:00:00:01. With IPv6 on, every such device also has
 *   33:33:ff:<last 3 bytes of its link-local address>. A VXLAN device lists only its own FDB.
 * `vlan N` (vlan_filtering=1) and `static` entries are not modelled.
 */
import type { FdbRow, LinkRow } from '../tables/types'

export function formatFdbLine(f: FdbRow): string {
  let s = `${f.mac} dev ${f.dev} `
  if (f.dst) s += `dst ${f.dst} `
  if (f.master) s += `master ${f.master} `
  if (f.self) s += 'self '
  if (f.permanent) s += 'permanent'
  return s
}

export function formatBridgeFdb(fdb: FdbRow[], links?: LinkRow[]): string {
  const devs: string[] = []
  for (const l of [...(links ?? [])].sort((a, b) => a.index - b.index)) devs.push(l.name)
  for (const f of fdb) if (!devs.includes(f.dev)) devs.push(f.dev)
  const type = (dev: string) => links?.find((l) => l.name === dev)?.type
  const isBridge = (dev: string) => type(dev) === 'bridge' || fdb.some((f) => f.master === dev)
  const lines: string[] = []
  for (const dev of devs) {
    const rows = fdb.filter((f) => f.dev === dev)
    const master = rows.filter((f) => f.master && !f.self).reverse()
    const self = rows.filter((f) => f.self || !f.master)
    const selfOrdered = type(dev) === 'vxlan' || self.some((f) => f.dst) ? self.reverse() : self
    // A loop, not push(...rows): a spread of 150,000 FDB rows overflows the call stack.
    for (const e of isBridge(dev) ? [...selfOrdered, ...master] : [...master, ...selfOrdered]) lines.push(formatFdbLine(e))
  }
  return lines.map((l) => l + '\n').join('')
}
