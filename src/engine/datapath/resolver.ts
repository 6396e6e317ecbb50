/**
 * The stub resolver in the client's libc (glibc's getaddrinfo with AF_UNSPEC, resolv/res_query.c
 * and res_send.c): the name is tried with each search domain appended first when it has fewer
 * dots than `ndots` (Kubernetes pods get ndots:5), as written last; for each try one UDP socket
 * on a fresh ephemeral port sends an A query and an AAAA query back to back and waits for both
 * answers. NXDOMAIN or no address moves on to the next try; the first A answer ends the lookup.
 */
import type { DnsMessage, Ipv4Addr } from '../wire/frame'
import type { ResolveSpec } from '../lab/spec'
import type { Netns, Socket } from '../sim/world'
import { lookupRoute } from '../net/route'
import { emit, type Ctx } from './context'
import { dnsNote, sendUdp } from './local-delivery'

/** The names getaddrinfo tries, in order (res_search). */
export function searchCandidates(r: ResolveSpec): string[] {
  const name = r.name
  if (name.endsWith('.')) return [name.slice(0, -1)]
  const dots = name.split('.').length - 1
  const withSearch = r.search.map((d) => `${name}.${d}`)
  return dots >= r.ndots ? [name, ...withSearch] : [...withSearch, name]
}

export function resolveName(ctx: Ctx, ns: Netns, app: string, r: ResolveSpec, done: (ip: Ipv4Addr) => void): void {
  const tries = searchCandidates(r)
  const src = lookupRoute(ns, r.nameserver).src ?? '0.0.0.0'
  const attempt = (i: number): void => {
    const qname = tries[i]!
    const sport = ctx.world.prng.int(32768, 60999)
    const answers = new Map<'A' | 'AAAA', DnsMessage>()
    const sock: Socket = {
      id: ctx.world.nextSocketId++,
      protocol: 'udp',
      localIp: src,
      localPort: sport,
      remoteIp: r.nameserver,
      remotePort: 53,
      role: 'client',
      state: 'BOUND',
      app: { kind: 'client', netns: ns.name, name: app },
      sndNxt: 0,
      rcvNxt: 0,
      onDns(answer) {
        answers.set(answer.question.type as 'A' | 'AAAA', answer)
        if (answers.size < 2) return
        // Both answers are in: the resolver closes this socket.
        ns.sockets.splice(ns.sockets.indexOf(sock), 1)
        const a = answers.get('A')!
        if (a.answers.length) return done(a.answers[0]!.data)
        if (i + 1 < tries.length) return attempt(i + 1)
        emit(ctx, ns, null, { kind: 'app.recv', app, flow: { protocol: 'udp', src: r.nameserver, dst: src, sport: 53, dport: sport }, note: `getaddrinfo(): ${r.name}: Name or service not known` })
        ctx.finish({ kind: 'failed', summary: `The client could not resolve ${r.name}: every name it tried came back ${a.rcode}.`, why: { code: 'resolve-failed', name: r.name, rcode: a.rcode } })
      },
    }
    ns.sockets.push(sock)
    for (const type of ['A', 'AAAA'] as const) {
      const query: DnsMessage = { id: ctx.world.prng.int(0, 65535), qr: 'query', question: { name: qname, type }, answers: [], rcode: 'NOERROR' }
      emit(ctx, ns, null, { kind: 'app.send', app, flow: { protocol: 'udp', src, dst: r.nameserver, sport, dport: 53 }, note: `getaddrinfo("${r.name}"): sendto() DNS ${dnsNote(query)}` })
      sendUdp(ctx, ns, src, sport, r.nameserver, 53, { kind: 'dns', dns: query })
    }
  }
  attempt(0)
}
