/**
 * `conntrack -L` lines as conntrack-tools 1.4.7 prints them (libnetfilter_conntrack's default
 * output), checked against a 6.18 kernel (fixture __fixtures__/conntrack.txt):
 *
 *   tcp      6 431999 ESTABLISHED src=… dst=… sport=… dport=… src=… dst=… sport=… dport=… [ASSURED] mark=0 use=1
 *   udp      17 28 src=… dst=… sport=… dport=… [UNREPLIED] src=… dst=… sport=… dport=… mark=0 use=1
 *   icmp     1 29 src=… dst=… type=8 code=0 id=77 src=… dst=… type=0 code=0 id=77 mark=0 use=1
 *
 * - protocol name padded to 8 (`%-8s `), then number, timeout, and the TCP state;
 * - `[UNREPLIED]` sits between the tuples, `[ASSURED]` after the reply tuple;
 * - mark in decimal; no `zone=` (zone 0), no `secctx=` (no SELinux); `use=1`; no trailing space.
 * - Order: the kernel dumps its conntrack hash (seeded randomly per boot); we print rows in the
 *   order given.
 * The summary line goes to stderr on the real tool: `formatConntrackSummary`.
 */
import type { ConntrackRow, ConntrackTuple } from '../tables/types'

const PROTO_NUM = { tcp: 6, udp: 17, icmp: 1 } as const

function tuple(t: ConntrackTuple, protocol: ConntrackRow['protocol']): string {
  let s = `src=${t.src} dst=${t.dst} `
  if (protocol === 'icmp') {
    const i = t.icmp ?? { type: 0, code: 0, id: 0 }
    s += `type=${i.type} code=${i.code} id=${i.id} `
  } else {
    s += `sport=${t.sport ?? 0} dport=${t.dport ?? 0} `
  }
  return s
}

export function formatConntrackLine(r: ConntrackRow): string {
  let s = `${r.protocol.padEnd(8)} ${PROTO_NUM[r.protocol]} ${r.timeout} `
  if (r.protocol === 'tcp' && r.tcpState) s += `${r.tcpState} `
  s += tuple(r.original, r.protocol)
  if (!r.status.seenReply) s += '[UNREPLIED] '
  s += tuple(r.reply, r.protocol)
  if (r.status.assured) s += '[ASSURED] '
  s += `mark=${r.mark >>> 0} use=1`
  return s
}

/** `conntrack -L` standard output. */
export function formatConntrack(rows: ConntrackRow[]): string {
  return rows.map((r) => formatConntrackLine(r) + '\n').join('')
}

/** What `conntrack -L` writes to stderr after the list. */
export function formatConntrackSummary(n: number): string {
  return `conntrack v1.4.7 (conntrack-tools): ${n} flow entries have been shown.\n`
}
