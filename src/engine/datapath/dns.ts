/**
 * A DNS server's answer to one query, as CoreDNS's kubernetes plugin would give for the A
 * records it knows: the name's A record with the plugin's default TTL (5 s), else NXDOMAIN.
 */
import type { DnsMessage } from '../wire/frame'

export function answerDns(q: DnsMessage, records: Record<string, string>): DnsMessage {
  const name = q.question.name.replace(/\.$/, '')
  const ip = records[name] ?? records[`${name}.`]
  return {
    id: q.id,
    qr: 'response',
    question: q.question,
    answers: ip && q.question.type === 'A' ? [{ name: q.question.name, type: 'A', ttl: 5, data: ip }] : [],
    rcode: ip ? 'NOERROR' : 'NXDOMAIN',
  }
}
