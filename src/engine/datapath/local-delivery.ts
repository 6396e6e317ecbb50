/**
 * Transport delivery (tcp_v4_rcv, udp_rcv, icmp_rcv) and the applications bound to sockets.
 * The kernel answers handshakes, echo requests and closed ports by itself; servers answer
 * requests with their configured response; the client ends the journey when its answer (or an
 * error) arrives. Nothing here is scripted: every reply is a packet that goes back through the
 * same datapath.
 */
import { IPV4_HLEN, UDP_HLEN, ICMP_HLEN, tcpHeaderLength, utf8Length, type AppPayload, type DnsMessage, type Frame, type Ipv4Addr, type TcpFlag, type TcpHeader, type TcpOption } from '../wire/frame'
import { lookupRoute } from '../net/route'
import type { Link, Netns, Skb, Socket } from '../sim/world'
import type { PacketLeg } from '../trace/events'
import { emit, LATENCY, newSkb, type Ctx } from './context'
import { flowOfFrame } from './packet'
import { ipLocalOut } from './l3'
import { sendIcmpError, sendTcpReset } from './reject'
import { vxlanRcv } from './tunnel'
import { answerDns, dnsLength } from './dns'
import { applicationData, clientFinished, clientHello, isClientFinished, isClientHello, isServerFlight, serverFlight, tlsLength, tlsNote, tlsPlaintext } from './tls'
import { proxyRequest, relayAnswer, upstreamRefused } from './proxy-app'

export function localDeliver(ctx: Ctx, ns: Netns, _link: Link, skb: Skb): void {
  const f = skb.frame
  if (f.udp && vxlanRcv(ctx, ns, skb)) return
  if (f.tcp) return tcpRcv(ctx, ns, skb)
  if (f.udp) return udpRcv(ctx, ns, skb)
  if (f.icmp) return icmpRcv(ctx, ns, skb)
}

function sockName(s: Socket): string {
  return `${s.protocol} ${s.localIp}:${s.localPort}${s.remoteIp ? ` ↔ ${s.remoteIp}:${s.remotePort}` : ' (listen)'}`
}

function appName(s: Socket): string {
  return s.app.name ?? s.app.kind
}

function findSocket(ns: Netns, protocol: 'tcp' | 'udp', f: Frame): Socket | undefined {
  const ip = f.ip!
  const l4 = (f.tcp ?? f.udp)!
  const connected = ns.sockets.find((s) => s.protocol === protocol && s.remoteIp === ip.src && s.remotePort === l4.sport && s.localPort === l4.dport && (s.localIp === ip.dst || s.localIp === '0.0.0.0'))
  if (connected) return connected
  return ns.sockets.find((s) => s.protocol === protocol && (s.role === 'listen' || s.state === 'BOUND') && s.localPort === l4.dport && (s.localIp === ip.dst || s.localIp === '0.0.0.0') && s.remoteIp === undefined)
}

function tcpRcv(ctx: Ctx, ns: Netns, skb: Skb): void {
  const f = skb.frame
  const tcp = f.tcp!
  const sock = findSocket(ns, 'tcp', f)
  if (!sock) {
    emit(ctx, ns, skb, { kind: 'drop', code: 'no-listener', reason: `nothing listens on TCP ${f.ip!.dst}:${tcp.dport}; the kernel answers with a reset`, why: { code: 'tcp-no-listener', ip: f.ip!.dst, port: tcp.dport } })
    if (!tcp.flags.includes('RST')) sendTcpReset(ctx, ns, skb, `no socket for TCP port ${tcp.dport}`, { code: 'no-socket', port: tcp.dport })
    return
  }
  if (sock.role === 'listen') {
    if (!tcp.flags.includes('SYN') || tcp.flags.includes('ACK')) return sendTcpReset(ctx, ns, skb, 'segment for a listening socket that is not a SYN', { code: 'not-syn' })
    const child: Socket = { id: ctx.world.nextSocketId++, protocol: 'tcp', localIp: f.ip!.dst, localPort: tcp.dport, remoteIp: f.ip!.src, remotePort: tcp.sport, role: 'accepted', state: 'SYN_RECV', app: sock.app, sndNxt: ctx.world.prng.int(0, 2 ** 32 - 1), rcvNxt: tcp.seq + 1, tsOffset: ctx.world.prng.int(0, 2 ** 31), tsRecent: tsValOf(tcp) }
    ns.sockets.push(child)
    emit(ctx, ns, skb, { kind: 'sock.deliver', socket: sockName(sock), state: 'LISTEN', note: `SYN for a listening socket: the kernel answers SYN-ACK itself (the application has not accepted yet)` })
    sendTcp(ctx, ns, child, ['SYN', 'ACK'], undefined)
    child.sndNxt += 1
    return
  }
  if (tcp.flags.includes('RST')) {
    sock.state = 'CLOSED'
    emit(ctx, ns, skb, { kind: 'app.recv', app: appName(sock), flow: flowOfFrame(f)!, note: 'connect() failed: Connection refused (RST)' })
    if (sock.relay !== undefined) return upstreamRefused(ctx, sock)
    return ctx.finish({ kind: 'failed', summary: `The connection was refused: ${f.ip!.src} answered with a TCP reset.`, why: { code: 'refused', ip: f.ip!.src } })
  }
  sock.tsRecent = tsValOf(tcp) ?? sock.tsRecent
  if (sock.state === 'SYN_SENT' && tcp.flags.includes('SYN') && tcp.flags.includes('ACK')) {
    sock.state = 'ESTABLISHED'
    sock.rcvNxt = tcp.seq + 1
    emit(ctx, ns, skb, { kind: 'sock.deliver', socket: sockName(sock), state: 'ESTABLISHED', note: 'SYN-ACK received: the handshake completes with an ACK and connect() returns' })
    sendTcp(ctx, ns, sock, ['ACK'], undefined)
    if (sock.tls?.sni !== undefined) {
      const hello = clientHello(sock.tls.sni)
      ctx.queue.schedule(LATENCY.app, () => {
        emit(ctx, ns, null, { kind: 'app.send', app: appName(sock), flow: sockFlow(sock), note: `SSL_connect(): ${tlsNote(hello)}` })
        sendTcp(ctx, ns, sock, ['PSH', 'ACK'], hello)
      })
      return
    }
    if (sock.request !== undefined) {
      const request = sock.request
      ctx.queue.schedule(LATENCY.app, () => {
        emit(ctx, ns, null, { kind: 'app.send', app: appName(sock), flow: sockFlow(sock), note: `write(): ${firstLine(request)}` })
        sendTcp(ctx, ns, sock, ['PSH', 'ACK'], { kind: 'text', text: request })
      })
    }
    return
  }
  if (sock.state === 'SYN_RECV' && tcp.flags.includes('ACK')) {
    sock.state = 'ESTABLISHED'
    emit(ctx, ns, skb, { kind: 'sock.deliver', socket: sockName(sock), state: 'ESTABLISHED', note: 'the handshake is complete; accept() returns the connection to the server' })
  }
  if (f.payloadLength === 0) return
  sock.rcvNxt = tcp.seq + f.payloadLength
  // Quick-ACK mode at the start of a connection: the kernel acknowledges data at once,
  // before the application has even read it (tcp_event_data_recv / __tcp_ack_snd_check).
  sendTcp(ctx, ns, sock, ['ACK'], undefined)
  if (f.payload?.kind === 'tls' && tlsHandshake(ctx, ns, sock, skb)) return
  const text = f.payload?.kind === 'text' ? f.payload.text : (tlsPlaintext(f.payload) ?? '')
  emit(ctx, ns, skb, { kind: 'app.recv', app: appName(sock), flow: flowOfFrame(f)!, note: `${f.payload?.kind === 'tls' ? 'SSL_read()' : 'read()'}: ${firstLine(text)}` })
  // A proxy's own upstream connection: its answer goes back to the client, not into the outcome.
  if (sock.relay !== undefined) return relayAnswer(ctx, ns, sock, text)
  if (sock.role === 'client') return ctx.finish({ kind: 'completed', summary: `The client received the answer: ${oneLine(text)}`, why: { code: 'answer', answer: oneLine(text) } })
  if (sock.app.kind === 'tcp-proxy') return proxyRequest(ctx, ns, sock, text)
  if (sock.app.kind === 'tcp-server') {
    const response = sock.app.response
    ctx.queue.schedule(LATENCY.app, () => {
      emit(ctx, ns, null, { kind: 'app.send', app: appName(sock), flow: sockFlow(sock), note: `write(): ${firstLine(response)}` })
      sendTcp(ctx, ns, sock, ['PSH', 'ACK'], { kind: 'text', text: response })
    })
  }
}

/**
 * The TLS handshake's records, read by OpenSSL inside SSL_connect()/SSL_accept(): a Client Hello
 * makes a terminating server answer with its flight; the server's flight makes the client send
 * its Finished and then the request; the client's Finished completes the server's handshake.
 * Returns false for application data, which the application reads like any other bytes.
 */
function tlsHandshake(ctx: Ctx, ns: Netns, sock: Socket, skb: Skb): boolean {
  const p = skb.frame.payload!
  const flow = flowOfFrame(skb.frame)!
  if (isClientHello(p) && sock.app.kind === 'tcp-proxy' && sock.app.tls) {
    const sni = p.records[0].sni
    const cn = sock.app.tls.hosts.includes(sni) ? sni : sock.app.tls.defaultCertificate
    sock.tls = { sni, established: false }
    emit(ctx, ns, skb, { kind: 'app.recv', app: appName(sock), flow, note: `SSL_accept(): ${tlsNote(p)}` })
    const flight = serverFlight(cn)
    ctx.queue.schedule(LATENCY.app, () => {
      emit(ctx, ns, null, { kind: 'app.send', app: appName(sock), flow: sockFlow(sock), note: `SSL_accept(): ${tlsNote(flight)}` })
      sendTcp(ctx, ns, sock, ['PSH', 'ACK'], flight)
    })
    return true
  }
  if (isServerFlight(p) && sock.tls && sock.role === 'client') {
    emit(ctx, ns, skb, { kind: 'app.recv', app: appName(sock), flow, note: `SSL_connect(): ${tlsNote(p)}` })
    sock.tls.established = true
    const finished = clientFinished()
    const request = applicationData(sock.request ?? '')
    ctx.queue.schedule(LATENCY.app, () => {
      emit(ctx, ns, null, { kind: 'app.send', app: appName(sock), flow: sockFlow(sock), note: `SSL_connect(): ${tlsNote(finished)} — the handshake is done` })
      sendTcp(ctx, ns, sock, ['PSH', 'ACK'], finished)
      emit(ctx, ns, null, { kind: 'app.send', app: appName(sock), flow: sockFlow(sock), note: `SSL_write(): ${firstLine(sock.request ?? '')} (encrypted)` })
      sendTcp(ctx, ns, sock, ['PSH', 'ACK'], request)
    })
    return true
  }
  if (isClientFinished(p) && sock.tls) {
    sock.tls.established = true
    emit(ctx, ns, skb, { kind: 'app.recv', app: appName(sock), flow, note: `SSL_accept(): ${tlsNote(p)} — the handshake is done` })
    return true
  }
  return false
}

function udpRcv(ctx: Ctx, ns: Netns, skb: Skb): void {
  const f = skb.frame
  const sock = findSocket(ns, 'udp', f)
  if (!sock) {
    emit(ctx, ns, skb, { kind: 'drop', code: 'no-listener', reason: `nothing listens on UDP ${f.ip!.dst}:${f.udp!.dport}; the kernel answers ICMP port unreachable`, why: { code: 'udp-no-listener', ip: f.ip!.dst, port: f.udp!.dport } })
    return sendIcmpError(ctx, ns, skb, 3, 3)
  }
  const note = f.payload?.kind === 'dns' ? `recvfrom(): DNS ${dnsNote(f.payload.dns)}` : `recvfrom(): ${firstLine(f.payload?.kind === 'text' ? f.payload.text : '')}`
  emit(ctx, ns, skb, { kind: 'app.recv', app: appName(sock), flow: flowOfFrame(f)!, note })
  if (sock.onDns && f.payload?.kind === 'dns') return sock.onDns(f.payload.dns)
  if (sock.role === 'client') return ctx.finish({ kind: 'completed', summary: 'The client received the answer.', why: { code: 'answer-udp' } })
  const peer = { ip: f.ip!.src, port: f.udp!.sport, localIp: f.ip!.dst }
  const answer: AppPayload | null =
    sock.app.kind === 'dns-server' && f.payload?.kind === 'dns' ? { kind: 'dns', dns: answerDns(f.payload.dns, sock.app.records, sock.app) } : sock.app.kind === 'udp-server' ? { kind: 'text', text: sock.app.response } : null
  if (!answer) return
  ctx.queue.schedule(LATENCY.app, () => {
    emit(ctx, ns, null, { kind: 'app.send', app: appName(sock), flow: { protocol: 'udp', src: peer.localIp, dst: peer.ip, sport: sock.localPort, dport: peer.port }, note: answer.kind === 'dns' ? `sendto(): DNS ${dnsNote(answer.dns)}` : `sendto(): ${firstLine(answer.text)}` })
    sendUdp(ctx, ns, peer.localIp, sock.localPort, peer.ip, peer.port, answer, 64, 'reply')
  })
}

function icmpRcv(ctx: Ctx, ns: Netns, skb: Skb): void {
  const f = skb.frame
  const icmp = f.icmp!
  if (icmp.type === 8) {
    emit(ctx, ns, skb, { kind: 'sock.deliver', socket: 'icmp', state: '-', note: 'echo request: the kernel answers with an echo reply (icmp_echo)' })
    const reply: Frame = {
      eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', type: 'IPv4' },
      ip: { src: f.ip!.dst, dst: f.ip!.src, ttl: 64, protocol: 'icmp', id: ctx.world.prng.int(0, 65535), df: false, totalLength: f.ip!.totalLength, tos: 0 },
      icmp: { type: 0, code: 0, ...(icmp.id !== undefined ? { id: icmp.id } : {}), ...(icmp.seq !== undefined ? { seq: icmp.seq } : {}) },
      payloadLength: f.payloadLength,
    }
    return ipLocalOut(ctx, ns, newSkb(ctx, reply, 'reply'))
  }
  const client = ns.sockets.find((s) => s.role === 'client')
  if (!client) return
  if (icmp.type === 0) {
    emit(ctx, ns, skb, { kind: 'app.recv', app: appName(client), flow: flowOfFrame(f)!, note: `64 bytes from ${f.ip!.src}: icmp_seq=${icmp.seq ?? 1} ttl=${f.ip!.ttl}` })
    const count = ctx.world.spec.journey?.count ?? 1
    if ((icmp.seq ?? 1) < count) return
    return ctx.finish({ kind: 'completed', summary: count > 1 ? `All ${count} echo replies came back from ${f.ip!.src}.` : `The echo reply came back from ${f.ip!.src}.`, why: { code: 'echo', ip: f.ip!.src, count } })
  }
  emit(ctx, ns, skb, { kind: 'app.recv', app: appName(client), flow: flowOfFrame(f)!, note: `ICMP type ${icmp.type} code ${icmp.code} from ${f.ip!.src}` })
  ctx.finish({ kind: 'failed', summary: `The client got an ICMP error from ${f.ip!.src} (type ${icmp.type}, code ${icmp.code}).`, why: { code: 'icmp-error', ip: f.ip!.src, icmpType: icmp.type, icmpCode: icmp.code } })
}

/** A DNS message in a few words: `query AAAA web.default.svc.cluster.local`, `answer … A 10.96.0.10`, `answer … NXDOMAIN`. */
export function dnsNote(d: DnsMessage): string {
  const q = `${d.question.type} ${d.question.name}`
  if (d.qr === 'query') return `query ${q}`
  if (d.answers.length) return `answer ${q}: ${d.answers.map((a) => `${a.type} ${a.data}`).join(', ')}`
  return `answer ${q}: ${d.rcode === 'NOERROR' ? 'no such record (NODATA)' : d.rcode}`
}

function sockFlow(s: Socket) {
  return { protocol: s.protocol, src: s.localIp, dst: s.remoteIp!, sport: s.localPort, dport: s.remotePort! }
}

function tsValOf(t: TcpHeader): number | undefined {
  const ts = t.options?.find((o) => o.kind === 'TS')
  return ts?.kind === 'TS' ? ts.val : undefined
}

/**
 * MSS the kernel advertises: the route's device MTU minus the IPv4 and TCP headers, capped at
 * 65535 − 40 (ipv4_default_advmss) — which is why loopback's SYN says mss 65495, not 65496.
 */
function mssToward(ns: Netns, dst: Ipv4Addr): number {
  const r = lookupRoute(ns, dst)
  const mtu = (r.kind === 'local' ? ns.links.get('lo') : r.oif ? ns.links.get(r.oif) : undefined)?.mtu ?? 1500
  return Math.min(mtu, 0xffff) - IPV4_HLEN - 20
}

/**
 * Linux's options: SYN and SYN-ACK carry mss, sackOK, timestamps and window scale; every later
 * segment carries the timestamps. Windows: the initial window is 65535 rounded down to a
 * multiple of the MSS (the SYN-ACK's to MSS minus the 12 timestamp bytes); later segments carry
 * the scaled field. TS val runs on a millisecond clock from a per-connection random offset.
 */
function tcpOptions(ctx: Ctx, ns: Netns, s: Socket, flags: TcpFlag[]): { options: TcpOption[]; window: number } {
  const ts: TcpOption = { kind: 'TS', val: ((s.tsOffset ?? 0) + Math.floor(ctx.queue.now / 1000)) >>> 0, ecr: s.tsRecent ?? 0 }
  if (!flags.includes('SYN')) return { options: [{ kind: 'nop' }, { kind: 'nop' }, ts], window: 64 }
  const mss = mssToward(ns, s.remoteIp!)
  const unit = flags.includes('ACK') ? mss - 12 : mss
  return { options: [{ kind: 'mss', value: mss }, { kind: 'sackOK' }, ts, { kind: 'nop' }, { kind: 'wscale', value: windowScale(ns) }], window: Math.floor(65535 / unit) * unit }
}

/**
 * tcp_select_initial_window: the scale that lets the largest receive buffer be advertised,
 * ilog2(max(tcp_rmem[2], rmem_max)) − 15, clamped to 0…14. rmem_max (4 MiB by default) never
 * exceeds tcp_rmem[2] here.
 */
function windowScale(ns: Netns): number {
  const max = ns.spec.sysctl?.tcpRmemMax ?? DEFAULT_TCP_RMEM_MAX
  return Math.min(14, Math.max(0, Math.floor(Math.log2(max)) - 15))
}

export const DEFAULT_TCP_RMEM_MAX = 6291456

/**
 * A socket an application connects from: a fresh id, a random initial sequence number and a
 * random TCP timestamp offset (drawn in that order), nothing received yet.
 */
export function clientSocket(ctx: Ctx, protocol: 'tcp' | 'udp', local: { ip: Ipv4Addr; port: number }, remote: { ip: Ipv4Addr; port: number }, app: Socket['app']): Socket {
  return {
    id: ctx.world.nextSocketId++,
    protocol,
    localIp: local.ip,
    localPort: local.port,
    remoteIp: remote.ip,
    remotePort: remote.port,
    role: 'client',
    state: 'CLOSED',
    app,
    sndNxt: ctx.world.prng.int(0, 2 ** 32 - 1),
    rcvNxt: 0,
    tsOffset: ctx.world.prng.int(0, 2 ** 31),
  }
}

/** connect(): the SYN goes out and the socket waits for the SYN-ACK. */
export function tcpConnect(ctx: Ctx, ns: Netns, sock: Socket): void {
  sock.state = 'SYN_SENT'
  sendTcp(ctx, ns, sock, ['SYN'], undefined)
  sock.sndNxt += 1
}

/** Builds one TCP segment from a socket's state and sends it down the local output path. */
export function sendTcp(ctx: Ctx, ns: Netns, s: Socket, flags: TcpFlag[], payload: AppPayload | undefined): void {
  const len = payload?.kind === 'text' ? utf8Length(payload.text) : payload?.kind === 'tls' ? tlsLength(payload) : 0
  const { options, window } = tcpOptions(ctx, ns, s, flags)
  const tcp: TcpHeader = { sport: s.localPort, dport: s.remotePort!, seq: s.sndNxt, ack: flags.includes('ACK') ? s.rcvNxt : 0, flags, window, options }
  const frame: Frame = {
    eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', type: 'IPv4' },
    ip: { src: s.localIp, dst: s.remoteIp!, ttl: s.ttl ?? 64, protocol: 'tcp', id: flags.includes('SYN') && flags.includes('ACK') ? 0 : ctx.world.prng.int(0, 65535), df: true, totalLength: IPV4_HLEN + tcpHeaderLength(tcp) + len, tos: 0 },
    tcp,
    ...(payload ? { payload } : {}),
    payloadLength: len,
  }
  s.sndNxt += len
  ipLocalOut(ctx, ns, newSkb(ctx, frame, s.role === 'client' ? 'request' : 'reply'))
}

export function sendUdp(ctx: Ctx, ns: Netns, src: Ipv4Addr, sport: number, dst: Ipv4Addr, dport: number, payload: AppPayload, ttl = 64, leg: PacketLeg = 'request'): void {
  const len = payload.kind === 'text' ? utf8Length(payload.text) : dnsLength(payload)
  const frame: Frame = {
    eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', type: 'IPv4' },
    ip: { src, dst, ttl, protocol: 'udp', id: 0, df: true, totalLength: IPV4_HLEN + UDP_HLEN + len, tos: 0 },
    udp: { sport, dport, length: UDP_HLEN + len },
    payload,
    payloadLength: len,
  }
  ipLocalOut(ctx, ns, newSkb(ctx, frame, leg))
}

export function sendEcho(ctx: Ctx, ns: Netns, src: Ipv4Addr, dst: Ipv4Addr, id: number, seq: number, ttl = 64): void {
  const frame: Frame = {
    eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', type: 'IPv4' },
    ip: { src, dst, ttl, protocol: 'icmp', id: ctx.world.prng.int(0, 65535), df: true, totalLength: IPV4_HLEN + ICMP_HLEN + 56, tos: 0 },
    icmp: { type: 8, code: 0, id, seq },
    payloadLength: 56,
  }
  ipLocalOut(ctx, ns, newSkb(ctx, frame, 'request'))
}


function firstLine(s: string): string {
  const line = s.split(/\r?\n/)[0] ?? ''
  return line.length > 60 ? `${line.slice(0, 57)}…` : line
}


/** A multi-line answer on one line: its non-empty lines joined (status line … body). */
function oneLine(s: string): string {
  return s.split(/\r?\n/).filter((l) => l.trim()).join(' … ')
}
