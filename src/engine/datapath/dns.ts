/**
 * A DNS server's answer to one query, as CoreDNS's kubernetes plugin gives it for the records it
 * knows: the name's A record; for AAAA of a name with only an IPv4 address, NOERROR with no
 * answer (NODATA); for a name it does not know inside its zone, NXDOMAIN. Negative answers carry
 * the zone's SOA in the authority section (mname ns.dns.<zone>, rname hostmaster.<zone>,
 * refresh 7200, retry 1800, expire 86400, minimum = the TTL), which resolvers cache them by.
 */
import type { AppPayload, DnsMessage } from '../wire/frame'

export interface DnsServerOptions {
  ttl?: number
  zone?: string
  compress?: boolean
}

/** The zone's serial: CoreDNS uses the time of the last API change; a fixed one keeps traces reproducible. */
const SOA_SERIAL = 1764460800

const bare = (name: string) => name.replace(/\.$/, '')

function inZone(name: string, zone: string | undefined): boolean {
  return zone !== undefined && (name === zone || name.endsWith(`.${zone}`))
}

export function answerDns(q: DnsMessage, records: Record<string, string>, opts: DnsServerOptions = {}): DnsMessage {
  const ttl = opts.ttl ?? 5
  const name = bare(q.question.name)
  const ip = records[name] ?? records[`${name}.`]
  const negative = !ip || q.question.type !== 'A'
  const zone = opts.zone !== undefined ? bare(opts.zone) : undefined
  const soa = negative && inZone(name, zone) ? [{ name: `${zone}.`, type: 'SOA' as const, ttl, data: `ns.dns.${zone}. hostmaster.${zone}. ${SOA_SERIAL} 7200 1800 86400 ${ttl}` }] : []
  return {
    id: q.id,
    qr: 'response',
    question: q.question,
    answers: ip && q.question.type === 'A' ? [{ name: q.question.name, type: 'A', ttl, data: ip }] : [],
    ...(soa.length ? { authority: soa } : {}),
    rcode: ip ? 'NOERROR' : 'NXDOMAIN',
    ...(opts.compress === false ? { compressed: false } : {}),
  }
}

/** Wire length of a name: each label with its length byte, plus the root's zero byte. */
function nameLength(name: string): number {
  const b = bare(name)
  return b === '' ? 1 : b.length + 2
}

/**
 * Wire length of a DNS message: header, question, then each record. Compressed, an answer's
 * owner is a pointer to the question (2 bytes) and the SOA's names share the question's zone
 * suffix; uncompressed, every name is spelled out.
 */
export function dnsLength(p: AppPayload): number {
  if (p.kind !== 'dns') return 0
  const d = p.dns
  const compressed = d.compressed !== false
  const question = nameLength(d.question.name) + 4
  const answers = d.answers.reduce((n, a) => n + (compressed ? 2 : nameLength(a.name)) + 10 + 4, 0)
  const authority = (d.authority ?? []).reduce((n, r) => {
    const zone = bare(r.name)
    const [mname = '', rname = ''] = r.data.split(' ')
    // mname/rname compressed: their labels before the zone, then a pointer to it.
    const short = (full: string) => (compressed ? bare(full).slice(0, -zone.length).length + 2 : nameLength(full))
    return n + (compressed ? 2 : nameLength(r.name)) + 10 + short(mname) + short(rname) + 20
  }, 0)
  return 12 + question + answers + authority
}
