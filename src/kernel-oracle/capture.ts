/**
 * tcpdump on every interface of every namespace, one process per direction (`-Q in|out`), not
 * promiscuous (`-p`: a promiscuous bridge would see frames it never receives), link-level
 * headers (`-e`), numeric (`-nn`), line-buffered. Stopped with SIGINT so buffers flush.
 */
import type { ChildProcess } from 'node:child_process'
import { spawnInNetns, sleep } from './sh'

export interface RawCapture {
  netns: string
  dev: string
  dir: 'in' | 'out'
  lines: string[]
}

export interface Capture {
  stop(): Promise<RawCapture[]>
}

export async function startCapture(ifaces: { netns: string; realNs: string; dev: string }[]): Promise<Capture> {
  const procs: { p: ChildProcess; out: RawCapture; ready: Promise<void>; done: Promise<void> }[] = []
  for (const i of ifaces) {
    // On lo every packet is sent and received at once; tcpdump's -Q out sees none of them, so lo
    // gets one capture with no direction filter, recorded as 'out' (the engine's link.xmit).
    for (const dir of i.dev === 'lo' ? (['out'] as const) : (['in', 'out'] as const)) {
      const p = spawnInNetns(i.realNs, 'tcpdump', ['-p', '-e', '-nn', '-tt', '-l', '-U', ...(i.dev === 'lo' ? [] : ['-Q', dir]), '-i', i.dev])
      const out: RawCapture = { netns: i.netns, dev: i.dev, dir, lines: [] }
      let buf = ''
      p.stdout!.on('data', (d: Buffer) => {
        buf += d.toString()
        const parts = buf.split('\n')
        buf = parts.pop()!
        out.lines.push(...parts)
      })
      const ready = new Promise<void>((resolve) => {
        let err = ''
        p.stderr!.on('data', (d: Buffer) => {
          err += d.toString()
          if (/listening on/.test(err)) resolve()
        })
        setTimeout(resolve, 3000)
      })
      const done = new Promise<void>((resolve) => p.on('close', () => {
        if (buf) out.lines.push(buf)
        resolve()
      }))
      procs.push({ p, out, ready, done })
    }
  }
  await Promise.all(procs.map((x) => x.ready))
  await sleep(50)
  return {
    async stop() {
      await sleep(100)
      for (const x of procs) x.p.kill('SIGINT')
      await Promise.race([Promise.all(procs.map((x) => x.done)), sleep(3000)])
      for (const x of procs) x.p.kill('SIGKILL')
      return procs.map((x) => x.out)
    },
  }
}
