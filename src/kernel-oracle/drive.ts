/**
 * The journey's real traffic: the lab's servers and its client, as tiny Python programs
 * (programs.ts) run in the namespaces. Servers answer each request with the lab's response and
 * keep the connection open; the client binds the journey's source port, sends the request (or
 * DNS query, or echo request), waits for the answer and keeps its socket open until the
 * captures stop, so no FIN teardown (which the engine does not model) is recorded.
 */
import type { ChildProcess } from 'node:child_process'
import type { LabSpec } from '../engine/lab/spec'
import { CLIENT, DNS_SERVER, PING, TCP_SERVER, UDP_SERVER } from './programs'
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

export async function drive(spec: LabSpec, real: Map<string, string>): Promise<Driven> {
  const procs: ChildProcess[] = []
  const stop = () => procs.forEach((p) => p.kill('SIGKILL'))
  for (const app of spec.apps) {
    const [ip, port] = app.listen.split(':')
    const [program, arg] = app.kind === 'dns-server' ? [DNS_SERVER, JSON.stringify(app.records)] : [app.kind === 'tcp-server' ? TCP_SERVER : UDP_SERVER, app.response]
    const p = spawnInNetns(real.get(app.netns)!, 'python3', ['-c', program, ip!, port!, arg])
    procs.push(p)
    await waitFor(p, 'ready', 3000)
  }
  const j = spec.journey!
  const client =
    j.protocol === 'icmp'
      ? spawnInNetns(real.get(j.from)!, 'python3', ['-c', PING, j.dst, String(j.count ?? 1), String(j.ttl ?? 64)])
      : spawnInNetns(real.get(j.from)!, 'python3', ['-c', CLIENT, j.protocol, j.dst, String(j.dport ?? 0), String(j.sport ?? 0), j.request ?? '', String(j.ttl ?? 64), j.query ?? ''])
  procs.push(client)
  const answer = await waitFor(client, 'done', 6000)
  await sleep(200)
  return { answer, stop }
}
