/**
 * DNS messages (RFC 1035 §4.1): the 12-byte header, the question, then answer and authority
 * records, names compressed as §4.1.4 describes when the message says so. The sizes agree with
 * datapath/dns.ts's dnsLength. Flags as CoreDNS's kubernetes plugin sets them: a query has RD; an
 * answer has QR, AA and RD (no RA: `dig` warns "recursion requested but not available"). No
 * EDNS OPT record (the engine's messages carry none).
 */
import { ByteWriter, ipv4Bytes } from './bytes'
import type { DnsMessage } from './frame'

const TYPE_CODE = { A: 1, SOA: 6, PTR: 12, AAAA: 28, SRV: 33 } as const
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const
const CLASS_IN = 1

const labelsOf = (name: string): string[] => name.replace(/\.$/, '').split('.').filter((l) => l !== '')

function writeName(w: ByteWriter, labels: string[], pointer?: number): void {
  for (const l of labels) w.u8(l.length).bytes(Uint8Array.from(l, (c) => c.charCodeAt(0) & 0xff))
  if (pointer !== undefined) w.u16(0xc000 | pointer)
  else w.u8(0)
}

export function encodeDns(d: DnsMessage): Uint8Array {
  const compressed = d.compressed !== false
  const flags = d.qr === 'query' ? 0x0100 : 0x8500 | RCODE[d.rcode]
  const authority = d.authority ?? []
  const w = new ByteWriter().u16(d.id).u16(flags).u16(1).u16(d.answers.length).u16(authority.length).u16(0)
  const qLabels = labelsOf(d.question.name)
  writeName(w, qLabels)
  w.u16(TYPE_CODE[d.question.type]).u16(CLASS_IN)
  /** A pointer to where `suffix` starts inside the question's name, if it is one of its suffixes. */
  const suffixAt = (suffix: string[]): number | undefined => {
    if (!compressed) return undefined
    const skip = qLabels.length - suffix.length
    if (skip < 0 || qLabels.slice(skip).join('.') !== suffix.join('.')) return undefined
    return 12 + qLabels.slice(0, skip).reduce((n, l) => n + l.length + 1, 0)
  }
  const owner = (name: string) => {
    const labels = labelsOf(name)
    const at = suffixAt(labels)
    writeName(w, at !== undefined ? [] : labels, at)
  }
  for (const a of d.answers) {
    owner(a.name)
    w.u16(TYPE_CODE[a.type]).u16(CLASS_IN).u32(a.ttl).u16(4).bytes(ipv4Bytes(a.data))
  }
  for (const r of authority) {
    owner(r.name)
    const zone = labelsOf(r.name)
    const [mname = '', rname = '', ...numbers] = r.data.split(' ')
    const rdata = new ByteWriter()
    for (const full of [mname, rname]) {
      const labels = labelsOf(full)
      const at = suffixAt(zone)
      if (at !== undefined) writeName(rdata, labels.slice(0, labels.length - zone.length), at)
      else writeName(rdata, labels)
    }
    for (const n of numbers.slice(0, 5)) rdata.u32(Number(n))
    const bytes = rdata.finish()
    w.u16(TYPE_CODE.SOA).u16(CLASS_IN).u32(r.ttl).u16(bytes.length).bytes(bytes)
  }
  return w.finish()
}
