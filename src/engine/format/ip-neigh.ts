/**
 * `ip neigh` (iproute2 6.1) for IPv4 entries: `10.244.1.3 dev cni0 lladdr 0a:58:… REACHABLE `
 * — note the trailing space, as the real tool prints it.
 *
 * - The kernel only sends the lladdr of NUD_VALID entries, so INCOMPLETE and FAILED lines have
 *   none: `10.244.1.21 dev cni0 INCOMPLETE `.
 * - Plain `ip neigh` hides NOARP entries (the 224.0.0.22 ones every bridge has); `nud all`
 *   shows them.
 * - Order: the kernel dumps its neighbour hash table, whose hash is seeded randomly at boot, so
 *   real order differs per machine. We print rows in the order given (the engine's creation
 *   order); fidelity tests compare real and formatted output as sets of lines.
 */
import type { NeighRow } from '../tables/types'

const VALID = new Set(['PERMANENT', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'NOARP'])

export interface IpNeighOptions {
  /** `ip neigh show nud all`: include NOARP entries. */
  nudAll?: boolean
}

export function formatNeighLine(n: NeighRow): string {
  const ll = n.lladdr && VALID.has(n.state) ? `lladdr ${n.lladdr} ` : ''
  return `${n.ip} dev ${n.dev} ${ll}${n.state} `
}

export function formatIpNeigh(neigh: NeighRow[], opts: IpNeighOptions = {}): string {
  return neigh
    .filter((n) => opts.nudAll || n.state !== 'NOARP')
    .map((n) => formatNeighLine(n) + '\n')
    .join('')
}
