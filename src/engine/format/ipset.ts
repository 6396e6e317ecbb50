/**
 * `ipset list` as ipset 7.17 prints it against a 6.18 kernel (captured in
 * __fixtures__/ipset-list.node.txt): per set Name, Type, Revision, Header, Size in memory,
 * References, Number of entries and Members, sets separated by one empty line.
 *
 * - Revision is the newest the kernel has for the type (hash:ip,port 7, hash:ip,port,ip 6,
 *   hash:ip,port,net 8, hash:ip 6, bitmap:port 3).
 * - Size in memory, measured on that kernel (x86_64): a hash set's empty table plus one element
 *   slot per member, assuming each member has a bucket of its own (true for the few members a
 *   lab has in a 1024-bucket table); bitmap:port 0-65535 is a fixed 8264.
 * - Members of a hash set come in the kernel's hash order; here in the order the lab lists them.
 */
import type { IpsetRow } from '../tables/types'

const TYPES: Record<string, { revision: number; empty: number; perMember: number }> = {
  'hash:ip,port': { revision: 7, empty: 216, perMember: 48 },
  'hash:ip,port,ip': { revision: 6, empty: 208, perMember: 56 },
  'hash:ip,port,net': { revision: 8, empty: 464, perMember: 56 },
  'hash:ip': { revision: 6, empty: 216, perMember: 40 },
  'bitmap:port': { revision: 3, empty: 8264, perMember: 0 },
}

export function formatIpsetList(sets: IpsetRow[]): string {
  return sets
    .map((s) => {
      const t = TYPES[s.type] ?? { revision: 0, empty: 0, perMember: 0 }
      const members = s.type === 'bitmap:port' ? [...s.members].sort((a, b) => Number(a) - Number(b)) : s.members
      return [
        `Name: ${s.name}`,
        `Type: ${s.type}`,
        `Revision: ${t.revision}`,
        `Header: ${s.header}`,
        `Size in memory: ${t.empty + t.perMember * s.members.length}`,
        `References: ${s.references}`,
        `Number of entries: ${s.members.length}`,
        'Members:',
        ...members,
      ]
        .map((l) => l + '\n')
        .join('')
    })
    .join('\n')
}
