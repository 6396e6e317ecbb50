/** Running commands for the oracle: synchronous, bounded by a timeout, failing loudly with stderr. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'

export function run(cmd: string, args: string[], input?: string, timeoutMs = 10_000): string {
  try {
    return execFileSync(cmd, args, { input, timeout: timeoutMs, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
  } catch (e) {
    const err = e as { stderr?: string; message: string }
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr?.trim() || err.message}`)
  }
}

/** `ip -batch -` with one command per line: one process for a whole namespace's setup. */
export function ipBatch(lines: string[]): void {
  if (lines.length) run('ip', ['-batch', '-'], lines.join('\n') + '\n')
}

export function inNetns(ns: string, cmd: string, args: string[], input?: string, timeoutMs?: number): string {
  return run('ip', ['netns', 'exec', ns, cmd, ...args], input, timeoutMs)
}

export function spawnInNetns(ns: string, cmd: string, args: string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
