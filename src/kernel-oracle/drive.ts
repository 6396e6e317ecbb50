/**
 * The journey's real traffic: the lab's servers and its client, as tiny Python programs
 * (programs.ts) run in the namespaces. Servers answer each request with the lab's response and
 * keep the connection open; the client binds the journey's source port, sends the request (or
 * DNS query, or echo request), waits for the answer and keeps its socket open until the
 * captures stop, so no FIN teardown (which the engine does not model) is recorded.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'
import type { LabSpec, TcpProxyAppSpec } from '../engine/lab/spec'
import { CLIENT, DNS_SERVER, PING, TCP_PROXY, TCP_SERVER, UDP_SERVER } from './programs'
import { spawnInNetns, sleep } from './sh'

export interface Driven {
  answer: string
  stop(): void
}

function waitFor(p: ChildProcess, word: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let out = ''
    const timer = setTimeout(() => resolve(out), ms)
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes(word)) {
        clearTimeout(timer)
        resolve(out)
      }
    })
  })
}

/**
 * Every program runs on CPU 0. The engine runs one event at a time; the kernel on two cores
 * could let a server answer on one CPU while the client's next packet is still in flight on the
 * other (a DNS answer overtaking the AAAA query sent right after its A query). On one CPU a
 * packet sent in a syscall is processed before any woken program runs, as the engine assumes.
 */
function python(ns: string, args: string[]) {
  return spawnInNetns(ns, 'taskset', ['-c', '0', 'python3', ...args])
}

export async function drive(spec: LabSpec, real: Map<string, string>, opts: { connectTimeout?: number } = {}): Promise<Driven> {
  const procs: ChildProcess[] = []
  const stop = () => {
    procs.forEach((p) => p.kill('SIGKILL'))
    if (spec.journey?.resolve) rmSync(`/etc/netns/${real.get(spec.journey.from)!}`, { recursive: true, force: true })
  }
  for (const app of spec.apps) {
    const [ip, port] = app.listen.split(':')
    const [program, arg] =
      app.kind === 'dns-server' ? [DNS_SERVER, JSON.stringify({ records: app.records, ttl: app.ttl ?? 5, zone: app.zone, compress: app.compress ?? true })]
      : app.kind === 'tcp-proxy' ? [TCP_PROXY, JSON.stringify(proxyOrder(app))]
      : [app.kind === 'tcp-server' ? TCP_SERVER : UDP_SERVER, app.response]
    const p = python(real.get(app.netns)!, ['-c', program, ip!, port!, arg])
    procs.push(p)
    await waitFor(p, 'ready', 3000)
  }
  const j = spec.journey!
  // `ip netns exec` bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf: the pod's resolver.
  const resolvDir = j.resolve ? `/etc/netns/${real.get(j.from)!}` : null
  if (j.resolve && resolvDir) {
    mkdirSync(resolvDir, { recursive: true })
    writeFileSync(`${resolvDir}/resolv.conf`, `search ${j.resolve.search.join(' ')}\nnameserver ${j.resolve.nameserver}\noptions ndots:${j.resolve.ndots}\n`)
  }
  const client =
    j.protocol === 'icmp'
      ? python(real.get(j.from)!, ['-c', PING, j.dst, String(j.count ?? 1), String(j.ttl ?? 64)])
      : python(real.get(j.from)!, ['-c', CLIENT, j.protocol, j.dst, String(j.dport ?? 0), String(j.sport ?? 0), j.request ?? '', String(j.ttl ?? 64), j.query ?? '', j.resolve?.name ?? '', String(opts.connectTimeout ?? 4)])
  procs.push(client)
  const answer = await waitFor(client, 'done', 6000)
  await sleep(200)
  return { answer, stop }
}

/** The real proxy walks its upstreams in order; only an unshuffled, unrewritten proxy compares one to one. */
function proxyOrder(app: TcpProxyAppSpec): string[] {
  if ((app.policy ?? 'round-robin') !== 'round-robin' || app.addHeaders || app.routes)
    throw new Error(`kernel oracle: proxy ${app.name ?? app.kind} needs policy round-robin and no rewriting to be realized`)
  return app.upstreams
}
