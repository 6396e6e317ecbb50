/**
 * The journey's real traffic: the lab's servers and its client, as tiny Python programs run in
 * the namespaces (python3 is on every machine this project runs on). Servers answer each request
 * with the lab's response and keep the connection open; the client binds the journey's source
 * port, sends the request, waits for the answer and keeps its socket open until the captures
 * stop, so no FIN teardown (which the engine does not model) is recorded.
 */
import type { ChildProcess } from 'node:child_process'
import type { LabSpec } from '../engine/lab/spec'
import { spawnInNetns, sleep } from './sh'

const TCP_SERVER = `
import socket, sys, time
ip, port, resp = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ip, port)); s.listen(8)
print("ready", flush=True)
s.settimeout(8)
conns = []
try:
    while True:
        c, _ = s.accept(); c.settimeout(4); conns.append(c)
        if c.recv(65536): c.sendall(resp)
except Exception:
    pass
`
const UDP_SERVER = `
import socket, sys
ip, port, resp = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((ip, port)); print("ready", flush=True); s.settimeout(8)
try:
    while True:
        d, a = s.recvfrom(65536); s.sendto(resp, a)
except Exception:
    pass
`
const CLIENT = `
import socket, sys, time
proto, dst, dport, sport, req = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].encode()
if proto == "tcp":
    s = socket.socket(); s.settimeout(4)
    if sport: s.bind(("0.0.0.0", sport))
    s.connect((dst, dport)); s.sendall(req); print(s.recv(65536).decode(errors="replace"), flush=True)
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(4)
    if sport: s.bind(("0.0.0.0", sport))
    s.sendto(req, (dst, dport)); print(s.recvfrom(65536)[0].decode(errors="replace"), flush=True)
print("done", flush=True)
time.sleep(3)
`

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
    if (app.kind === 'dns-server') continue
    const [ip, port] = app.listen.split(':')
    const p = spawnInNetns(real.get(app.netns)!, 'python3', ['-c', app.kind === 'tcp-server' ? TCP_SERVER : UDP_SERVER, ip!, port!, app.response])
    procs.push(p)
    await waitFor(p, 'ready', 3000)
  }
  const j = spec.journey!
  if (j.protocol === 'icmp') throw new Error('ICMP journeys are not driven yet')
  const client = spawnInNetns(real.get(j.from)!, 'python3', ['-c', CLIENT, j.protocol, j.dst, String(j.dport ?? 0), String(j.sport ?? 0), j.request ?? ''])
  procs.push(client)
  const answer = await waitFor(client, 'done', 6000)
  await sleep(200)
  return { answer, stop }
}
