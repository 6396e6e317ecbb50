/**
 * runLab: load a LabSpec, start its applications and journey, run the event queue to the end
 * and return the trace. Same spec and seed → byte-identical trace. Bad input comes back as
 * diagnostics; an internal failure is reported as one, never thrown at the caller.
 */
import type { Diagnostic } from '../diagnostics'
import { capDiagnostics, LabError } from '../diagnostics'
import type { JourneySpec, LabSpec } from '../lab/spec'
import { TRACE_VERSION, type PacketLeg, type Trace, type TraceOutcome } from '../trace/events'
import { createRecorder } from '../trace/recorder'
import { buildTopology } from '../trace/build-topology'
import { snapshotTables } from '../tables/snapshot'
import { lookupRoute } from '../net/route'
import { emit, LATENCY, type Ctx } from '../datapath/context'
import { resolveName } from '../datapath/resolver'
import { clientSocket, sendEcho, sendUdp, tcpConnect } from '../datapath/local-delivery'
import { createQueue } from './queue'
import { loadWorld } from './load'
import type { Netns, Socket, World } from './world'

export interface RunOptions {
  seed?: number
}

export interface RunResult {
  trace: Trace | null
  diagnostics: Diagnostic[]
}

export function runLab(spec: LabSpec, opts: RunOptions = {}): RunResult {
  const { trace, diagnostics } = simulate(spec, opts)
  return { trace, diagnostics: capDiagnostics(diagnostics) }
}

/** runLab plus the world as it stands after the journey (tests compare it with the folded deltas). */
export function simulate(spec: LabSpec, opts: RunOptions = {}): RunResult & { world?: World } {
  try {
    const seed = opts.seed ?? spec.seed ?? 1
    const { world, diagnostics } = loadWorld({ ...spec, seed })
    if (!world) return { trace: null, diagnostics }
    const initial = snapshotTables(world)
    const topology = buildTopology(world)
    const legs: PacketLeg[] = []
    const rec = createRecorder((packet) => legs[packet - 1])
    const queue = createQueue()
    const ctx: Ctx = {
      world,
      rec,
      queue,
      newPacket: (leg) => legs.push(leg),
      outcome: null,
      finish(o: TraceOutcome) {
        if (!this.outcome) this.outcome = o
      },
    }
    const appDiags = bindApps(ctx)
    if (appDiags.length) return { trace: null, diagnostics: [...diagnostics, ...appDiags] }
    if (spec.journey) startJourney(ctx, spec.journey)
    // Run until nothing is left: after the client has its answer, the ACKs already on the
    // wire still arrive and are traced, as tcpdump would show them.
    while (queue.step()) {
      /* each step runs one scheduled delivery or timer */
    }
    const last = rec.hops[rec.hops.length - 1]
    const outcome: TraceOutcome =
      ctx.outcome ??
      (last?.kind === 'drop'
        ? { kind: 'dropped', summary: `The packet was dropped: ${last.reason}`, why: { code: 'dropped', drop: last.why } }
        : (spec.journey ? { kind: 'idle', summary: 'The journey ended without an answer.', why: { code: 'no-answer' } } : { kind: 'idle', summary: 'No journey: the lab only loads its tables.', why: { code: 'no-journey' } }))
    return { trace: { version: TRACE_VERSION, lab: spec.name, seed, topology, initial, hops: rec.hops, outcome }, diagnostics, world }
  } catch (e) {
    if (e instanceof LabError) return { trace: null, diagnostics: e.diagnostics }
    const message = e instanceof Error ? e.message : String(e)
    return { trace: null, diagnostics: [{ severity: 'error', message: `internal engine error: ${message}`, hint: 'this is a bug in Packet Journeys; please report it with the lab file' }] }
  }
}

function parseListen(listen: string): { ip: string; port: number } | null {
  const m = /^(\d+\.\d+\.\d+\.\d+|\*):(\d+)$/.exec(listen.trim())
  if (!m) return null
  return { ip: m[1] === '*' ? '0.0.0.0' : m[1]!, port: Number(m[2]) }
}

function bindApps(ctx: Ctx): Diagnostic[] {
  const diags: Diagnostic[] = []
  ctx.world.spec.apps.forEach((app, i) => {
    const ns = ctx.world.netns.get(app.netns)
    const l = parseListen(app.listen)
    if (!ns) return
    if (!l || l.port < 1 || l.port > 65535) {
      diags.push({ severity: 'error', message: `listen address '${app.listen}' is not ip:port`, path: `apps[${i}].listen`, hint: "write it as '0.0.0.0:8080'" })
      return
    }
    const protocol = app.kind === 'tcp-server' || app.kind === 'tcp-proxy' ? 'tcp' : 'udp'
    ns.sockets.push({ id: ctx.world.nextSocketId++, protocol, localIp: l.ip, localPort: l.port, role: protocol === 'tcp' ? 'listen' : 'client', state: protocol === 'tcp' ? 'LISTEN' : 'BOUND', app, sndNxt: 0, rcvNxt: 0 })
    if (protocol === 'udp') ns.sockets[ns.sockets.length - 1]!.role = 'listen'
  })
  return diags
}

const PING_INTERVAL_US = 1_000_000

/** The client: getaddrinfo() first when the journey names a host, then connect()/sendto()/ping. */
function startJourney(ctx: Ctx, j: JourneySpec): void {
  const ns = ctx.world.netns.get(j.from)!
  // The process: ping for an echo journey, else the container named in the scenario.
  const name = j.protocol === 'icmp' ? 'ping' : j.app ?? 'client'
  if (!j.resolve) return sendFirst(ctx, ns, j, name)
  const host = j.resolve.name
  resolveName(ctx, ns, name, j.resolve, (ip) => ctx.queue.schedule(LATENCY.app, () => sendFirst(ctx, ns, { ...j, dst: ip }, name, host)))
}

/** `host`: the name getaddrinfo() resolved to `j.dst`, when there was a lookup. */
function sendFirst(ctx: Ctx, ns: Netns, j: JourneySpec, name: string, host?: string): void {
  const src = lookupRoute(ns, j.dst).src ?? '0.0.0.0'
  const app = { kind: 'client' as const, netns: ns.name, name }
  if (j.protocol === 'icmp') {
    const id = ctx.world.prng.int(1, 65535)
    ns.sockets.push(journeySocket(ctx, 'udp', src, id, j, app))
    const count = j.count ?? 1
    emit(ctx, ns, null, { kind: 'app.send', app: 'ping', flow: { protocol: 'icmp', src, dst: j.dst }, note: `ping -c ${count} ${j.dst}: echo request icmp_seq=1` })
    sendEcho(ctx, ns, src, j.dst, id, 1, j.ttl)
    // ping sends one echo request a second, whether or not the previous one was answered.
    for (let seq = 2; seq <= count; seq++)
      ctx.queue.schedule((seq - 1) * PING_INTERVAL_US, () => {
        emit(ctx, ns, null, { kind: 'app.send', app: 'ping', flow: { protocol: 'icmp', src, dst: j.dst }, note: `echo request icmp_seq=${seq}` })
        sendEcho(ctx, ns, src, j.dst, id, seq, j.ttl)
      })
    return
  }
  const sport = j.sport ?? ctx.world.prng.int(32768, 60999)
  const sock = journeySocket(ctx, j.protocol, src, sport, j, app)
  ns.sockets.push(sock)
  const flow = { protocol: j.protocol, src, dst: j.dst, sport, dport: j.dport ?? 0 }
  if (j.protocol === 'tcp') {
    emit(ctx, ns, null, { kind: 'app.send', app: name, flow, note: `connect() to ${j.dst}:${j.dport}${host ? ` (getaddrinfo("${host}") returned ${j.dst})` : ''}` })
    return tcpConnect(ctx, ns, sock)
  }
  const payload = j.query
    ? { kind: 'dns' as const, dns: { id: ctx.world.prng.int(0, 65535), qr: 'query' as const, question: { name: j.query, type: 'A' as const }, answers: [], rcode: 'NOERROR' as const } }
    : { kind: 'text' as const, text: j.request ?? '' }
  emit(ctx, ns, null, { kind: 'app.send', app: name, flow, note: j.query ? `sendto(): DNS query A ${j.query}` : `sendto() to ${j.dst}:${j.dport}` })
  sendUdp(ctx, ns, src, sport, j.dst, j.dport ?? 0, payload, j.ttl)
}

/** The journey's own socket: an application's client socket with the journey's request, TLS and TTL. */
function journeySocket(ctx: Ctx, protocol: 'tcp' | 'udp', src: string, port: number, j: JourneySpec, app: Socket['app']): Socket {
  return {
    ...clientSocket(ctx, protocol, { ip: src, port }, { ip: j.dst, port: j.dport ?? 0 }, app),
    ...(j.request !== undefined ? { request: j.request } : {}),
    ...(j.tls ? { tls: { sni: j.tls.sni, established: false } } : {}),
    ...(j.ttl !== undefined ? { ttl: j.ttl } : {}),
  }
}
