/**
 * `ipvsadm -Ln` and `ipvsadm -Lnc` as ipvsadm 1.31 prints them (ipvsadm.c list_all,
 * print_title, print_service_entry, list_conn, print_conn; libipvs ipvs_cmp_services /
 * ipvs_cmp_dests), for the kernel's IPVS version 1.2.1 and its default connection table size:
 *
 *   IP Virtual Server version 1.2.1 (size=4096)
 *   Prot LocalAddress:Port Scheduler Flags
 *     -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
 *   TCP  10.96.0.10:80 rr
 *     -> 10.244.1.3:8080              Masq    1      0          0
 *
 * - services sorted by protocol number, then address and port as numbers; real servers by
 *   address and port (the kernel's list order is what round robin walks, not what is printed);
 * - a real server line is `"  -> %-28s %-7s %-6d %-10u %-10u"`, so it ends in padding spaces;
 * - ActiveConn / InActConn are the dest's counters: a connection counts as active only in TCP
 *   ESTABLISHED (set_tcp_state), every other connection (UDP ones too) as inactive;
 * - `-Lnc` prints `"%-3s %-6s %-11s %-18s %-18s %s"` with the expiry as mm:ss, in the order the
 *   kernel walks its connection hash (here: creation order).
 */
import type { IpvsConnRow, IpvsServiceRow } from '../tables/types'
import { ipToInt } from '../net/addr'

const PROTO_NUM = { tcp: 6, udp: 17 } as const

function cmpAddrPort(a: { addr: string; port: number }, b: { addr: string; port: number }): number {
  return ipToInt(a.addr) - ipToInt(b.addr) || a.port - b.port
}

/** `ipvsadm -Ln`: the virtual server table, with connection counters from the connection table. */
export function formatIpvsadm(services: IpvsServiceRow[], conns: IpvsConnRow[] = []): string {
  const lines = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn']
  const sorted = [...services].sort((a, b) => PROTO_NUM[a.protocol] - PROTO_NUM[b.protocol] || cmpAddrPort(a, b))
  for (const s of sorted) {
    lines.push(`${s.protocol.toUpperCase()}  ${s.addr}:${s.port} ${s.scheduler}${s.persistent !== undefined ? ` persistent ${s.persistent}` : ''}`)
    for (const r of [...s.reals].sort(cmpAddrPort)) {
      const mine = conns.filter((c) => c.protocol === s.protocol && c.virtual.addr === s.addr && c.virtual.port === s.port && c.real.addr === r.addr && c.real.port === r.port)
      const active = mine.filter((c) => c.state === 'ESTABLISHED').length
      lines.push(`  -> ${`${r.addr}:${r.port}`.padEnd(28)} ${r.forward.padEnd(7)} ${String(r.weight).padEnd(6)} ${String(active).padEnd(10)} ${String(mine.length - active).padEnd(10)}`)
    }
  }
  return lines.map((l) => l + '\n').join('')
}

/** `ipvsadm -Lnc`: the connection table. */
export function formatIpvsadmConns(conns: IpvsConnRow[]): string {
  const lines = ['IPVS connection entries', `pro expire ${'state'.padEnd(11)} ${'source'.padEnd(18)} ${'virtual'.padEnd(18)} destination`]
  for (const c of conns) {
    const expire = `${String(Math.floor(c.timeout / 60)).padStart(2, '0')}:${String(c.timeout % 60).padStart(2, '0')}`
    const ep = (e: { addr: string; port: number }) => `${e.addr}:${e.port}`
    lines.push(`${c.protocol.toUpperCase().padEnd(3)} ${expire.padEnd(6)} ${c.state.padEnd(11)} ${ep(c.client).padEnd(18)} ${ep(c.virtual).padEnd(18)} ${ep(c.real)}`)
  }
  return lines.map((l) => l + '\n').join('')
}
