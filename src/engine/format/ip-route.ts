/**
 * `ip route` / `ip route show table local|all` as iproute2 6.1 prints IPv4 routes from a 6.18
 * kernel (fixtures in __fixtures__/ip-route*.txt).
 *
 * Line layout (print_route): `[type ]dst [via gw ]dev d [table t ][proto p ][scope s ][src a ]
 * [metric m ][onlink ]` — every field followed by one space, so lines end in a space. Rules
 * checked on the real kernel:
 * - `unicast` is not printed; `proto boot` (what `ip route add` and netlink default to) is not
 *   printed; `scope global` (universe) is not printed.
 * - blackhole/unreachable/prohibit routes carry no device: `unreachable 10.98.0.0/16 `.
 * - `table local` appears only with `table all`, and main-table routes never say `table main`.
 * - Order is the FIB trie's: by network address ascending, then longer prefix first, then
 *   metric ascending. With `table all` the main table (254) comes before local (255).
 */
import type { LinkRow, RouteRow } from '../tables/types'
import { hasCarrier, type LinkFormatOptions } from './link-state'
import { ipToInt, parseCidr } from '../net/addr'

export interface IpRouteOptions {
  /** `main` (plain `ip route`), `local` (`ip route show table local`) or `all`. */
  table?: 'main' | 'local' | 'all'
  /** The namespace's links: routes through a device without carrier print `linkdown`. */
  links?: LinkRow[]
  linkOptions?: LinkFormatOptions
}

const NO_DEV_TYPES = new Set(['blackhole', 'unreachable', 'prohibit'])

function key(dst: string): { net: number; len: number } {
  if (dst === 'default') return { net: 0, len: 0 }
  const c = parseCidr(dst)
  return c ?? { net: ipToInt(dst.split('/')[0] ?? '') || 0, len: 32 }
}

/** The kernel's dump order within one table. */
export function compareRoutes(a: RouteRow, b: RouteRow): number {
  const ka = key(a.dst)
  const kb = key(b.dst)
  if (ka.net !== kb.net) return ka.net - kb.net
  if (ka.len !== kb.len) return kb.len - ka.len
  return (a.metric ?? 0) - (b.metric ?? 0)
}

/** Prints `10.244.1.5` for /32 host routes in the local table and `x/32` elsewhere as given. */
function dstText(r: RouteRow): string {
  if (r.dst === 'default' || r.dst === '0.0.0.0/0') return 'default'
  if (r.dst.endsWith('/32')) return r.dst.slice(0, -3)
  return r.dst
}

export function formatRouteLine(r: RouteRow, showTable: boolean, linkdown = false): string {
  let s = r.type === 'unicast' ? '' : `${r.type} `
  s += `${dstText(r)} `
  if (r.via) s += `via ${r.via} `
  if (!NO_DEV_TYPES.has(r.type)) s += `dev ${r.dev} `
  if (showTable && r.table !== 'main') s += `table ${r.table} `
  if (r.proto && r.proto !== 'boot') s += `proto ${r.proto} `
  if (r.scope !== 'global') s += `scope ${r.scope} `
  if (r.src) s += `src ${r.src} `
  if (r.metric) s += `metric ${r.metric} `
  if (r.onlink) s += 'onlink '
  if (linkdown) s += 'linkdown '
  return s
}

export function formatIpRoute(routes: RouteRow[], opts: IpRouteOptions = {}): string {
  const table = opts.table ?? 'main'
  const tables: ('main' | 'local')[] = table === 'all' ? ['main', 'local'] : [table]
  const lines: string[] = []
  for (const t of tables) {
    const rows = routes.filter((r) => r.table === t).sort(compareRoutes)
    for (const r of rows) {
      const dev = opts.links?.find((l) => l.name === r.dev)
      const down = !!dev && r.type !== 'local' && !hasCarrier(dev, opts.links!, opts.linkOptions)
      lines.push(formatRouteLine(r, table === 'all', down))
    }
  }
  return lines.map((l) => l + '\n').join('')
}
