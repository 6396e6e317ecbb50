/**
 * A userspace TCP proxy, as kube-proxy's userspace mode (pkg/proxy/userspace/proxysocket.go,
 * roundrobin.go, ≤ v1.25) and, with request rewriting, ingress-nginx run one. The kernel accepts
 * the client's connection like any server's; when the request has been read, the proxy picks an
 * upstream and connect()s to it from its own namespace — a second connection with its own
 * ephemeral port, sequence numbers and handshake — writes the request, reads the answer and
 * writes it back on the first connection. Nothing is spliced in the kernel: both connections
 * are ordinary sockets and every segment is traced as it crosses the datapath.
 *
 * The journey ends when the original client reads its answer, never when the proxy does.
 * Not modelled: kube-proxy's retries over EndpointDialTimeouts, FIN/close of either side.
 */
import type { TcpProxyAppSpec } from '../lab/spec'
import type { Netns, Socket } from '../sim/world'
import { lookupRoute } from '../net/route'
import { emit, LATENCY, type Ctx } from './context'
import { clientSocket, sendTcp, tcpConnect } from './local-delivery'
import { applicationData } from './tls'

/** Linux's default net.ipv4.ip_local_port_range, from which connect() takes a source port. */
const EPHEMERAL = { min: 32768, max: 60999 }

/** The accepted connection delivered a request: choose an upstream and connect to it. */
export function proxyRequest(ctx: Ctx, ns: Netns, accepted: Socket, request: string): void {
  const app = accepted.app as TcpProxyAppSpec
  const name = app.name ?? app.kind
  ctx.queue.schedule(LATENCY.app, () => {
    const choice = chooseUpstream(ctx, ns, accepted, app, request)
    if (!choice) return noUpstream(ctx, ns, accepted, app)
    const [ip = '', portText = ''] = choice.upstream.split(':')
    const port = Number(portText)
    const src = lookupRoute(ns, ip).src ?? '0.0.0.0'
    const sport = freePort(ctx, ns)
    const upstream: Socket = {
      ...clientSocket(ctx, 'tcp', { ip: src, port: sport }, { ip, port }, app),
      request: rewriteRequest(request, app.addHeaders ?? {}, accepted),
      relay: accepted.id,
    }
    ns.sockets.push(upstream)
    emit(ctx, ns, null, { kind: 'app.send', app: name, flow: { protocol: 'tcp', src, dst: ip, sport, dport: port }, note: `connect() to ${choice.upstream} (${choice.why}) for ${accepted.remoteIp}:${accepted.remotePort}` })
    tcpConnect(ctx, ns, upstream)
  })
}

/** The upstream answered on the proxy's own connection: copy the answer to the client's. */
export function relayAnswer(ctx: Ctx, ns: Netns, upstream: Socket, answer: string): void {
  const accepted = ns.sockets.find((s) => s.id === upstream.relay)
  if (!accepted) return
  const name = appName(upstream)
  ctx.queue.schedule(LATENCY.app, () => {
    const tls = accepted.tls !== undefined
    emit(ctx, ns, null, { kind: 'app.send', app: name, flow: { protocol: 'tcp', src: accepted.localIp, dst: accepted.remoteIp!, sport: accepted.localPort, dport: accepted.remotePort! }, note: `${tls ? 'SSL_write()' : 'write()'}: the answer from ${upstream.remoteIp}:${upstream.remotePort}, copied back to ${accepted.remoteIp}:${accepted.remotePort}${tls ? ' (encrypted)' : ''}` })
    sendTcp(ctx, ns, accepted, ['PSH', 'ACK'], tls ? applicationData(answer) : { kind: 'text', text: answer })
  })
}

/** The upstream refused the proxy's connect(). The client's connection is left to be closed (not modelled). */
export function upstreamRefused(ctx: Ctx, upstream: Socket): void {
  ctx.finish({ kind: 'failed', summary: `The proxy's connection to ${upstream.remoteIp}:${upstream.remotePort} was refused (TCP reset), so it has no answer to give the client.`, why: { code: 'proxy-refused', ip: upstream.remoteIp ?? '', port: upstream.remotePort ?? 0 } })
}

function appName(s: Socket): string {
  return s.app.name ?? s.app.kind
}

function noUpstream(ctx: Ctx, ns: Netns, accepted: Socket, app: TcpProxyAppSpec): void {
  const flow = { protocol: 'tcp' as const, src: accepted.localIp, dst: accepted.remoteIp!, sport: accepted.localPort, dport: accepted.remotePort! }
  if (app.noUpstreamResponse === undefined) {
    emit(ctx, ns, null, { kind: 'app.send', app: app.name ?? app.kind, flow, note: 'close(): no upstream to send the request to' })
    return ctx.finish({ kind: 'failed', summary: 'The proxy accepted the connection but had no upstream for it, so it closes it without an answer.', why: { code: 'proxy-no-upstream' } })
  }
  const text = app.noUpstreamResponse
  emit(ctx, ns, null, { kind: 'app.send', app: app.name ?? app.kind, flow, note: `write(): ${text.split(/\r?\n/)[0] ?? ''} (no upstream for this request)` })
  sendTcp(ctx, ns, accepted, ['PSH', 'ACK'], { kind: 'text', text })
}

/** A source port no socket in the namespace holds, from the seeded PRNG. */
function freePort(ctx: Ctx, ns: Netns): number {
  for (;;) {
    const port = ctx.world.prng.int(EPHEMERAL.min, EPHEMERAL.max)
    if (!ns.sockets.some((s) => s.localPort === port)) return port
  }
}

interface Choice {
  upstream: string
  why: string
}

/** The route that takes the request (Host, then longest path prefix), then its balancer's pick. */
export function chooseUpstream(ctx: Ctx, ns: Netns, accepted: Socket, app: TcpProxyAppSpec, request: string): Choice | null {
  const { host, path } = requestTarget(request)
  let key = 'default'
  let list = app.upstreams
  let routed = ''
  const matches = (app.routes ?? [])
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => (r.host === undefined || r.host === host) && path.startsWith(r.path ?? '/'))
    .sort((a, b) => Number(b.r.host !== undefined) - Number(a.r.host !== undefined) || (b.r.path ?? '/').length - (a.r.path ?? '/').length)
  const best = matches[0]
  if (best) {
    key = `route ${best.i}`
    list = best.r.upstreams
    routed = `route ${best.r.host ?? '*'}${best.r.path ?? '/'}; `
  }
  if (list.length === 0) return null
  const policy = app.policy ?? 'round-robin'
  if (policy === 'random') {
    const i = ctx.world.prng.int(0, list.length - 1)
    return { upstream: list[i]!, why: `${routed}random pick ${i + 1} of ${list.length}` }
  }
  const listen = ns.sockets.find((s) => s.role === 'listen' && s.app === app) ?? accepted
  const balancers = (listen.balancers ??= {})
  const state = (balancers[key] ??= { order: policy === 'shuffled-round-robin' ? shuffle(ctx, list) : [...list], next: 0 })
  const i = state.next
  state.next = (i + 1) % state.order.length
  const order = policy === 'shuffled-round-robin' ? `, order ${state.order.join(' ')}` : ''
  return { upstream: state.order[i]!, why: `${routed}round-robin ${i + 1} of ${state.order.length}${order}` }
}

/** Fisher–Yates with the seeded PRNG (kube-proxy shuffles with math/rand). */
function shuffle(ctx: Ctx, list: string[]): string[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = ctx.world.prng.int(0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** The Host header (without its port) and the path of an HTTP/1.x request; '/' when absent. */
export function requestTarget(request: string): { host?: string; path: string } {
  const [head = ''] = request.split(/\r?\n\r?\n/, 1)
  const lines = head.split(/\r?\n/)
  const path = (lines[0] ?? '').split(' ')[1] ?? '/'
  const hostLine = lines.slice(1).find((l) => /^host:/i.test(l))
  const host = hostLine?.slice(5).trim().replace(/:\d+$/, '')
  return { ...(host ? { host } : {}), path: path.startsWith('/') ? path : '/' }
}

/**
 * Adds the configured headers after the request line, replacing a client header of the same
 * name (nginx's proxy_set_header). Values expand nginx's variables for this connection.
 */
export function rewriteRequest(request: string, add: Record<string, string>, accepted: Socket): string {
  const names = Object.keys(add)
  if (names.length === 0) return request
  const sep = request.includes('\r\n') ? '\r\n' : '\n'
  const end = request.indexOf(`${sep}${sep}`)
  const head = end < 0 ? request : request.slice(0, end)
  const body = end < 0 ? '' : request.slice(end)
  const [line = '', ...headers] = head.split(sep)
  const header = (n: string) => headers.find((h) => h.toLowerCase().startsWith(`${n.toLowerCase()}:`))?.slice(n.length + 1).trim()
  const vars: Record<string, string> = {
    remote_addr: accepted.remoteIp ?? '',
    remote_port: String(accepted.remotePort ?? ''),
    server_addr: accepted.localIp,
    server_port: String(accepted.localPort),
    host: (header('host') ?? accepted.localIp).replace(/:\d+$/, ''),
  }
  const xff = header('x-forwarded-for')
  vars.proxy_add_x_forwarded_for = xff ? `${xff}, ${vars.remote_addr}` : vars.remote_addr!
  const expand = (v: string) => v.replace(/\$([a-z_]+)/g, (m, n: string) => vars[n] ?? m)
  const lower = new Set(names.map((n) => n.toLowerCase()))
  const kept = headers.filter((h) => !lower.has(h.slice(0, h.indexOf(':')).toLowerCase()))
  return [line, ...names.map((n) => `${n}: ${expand(add[n]!)}`), ...kept].join(sep) + body
}
