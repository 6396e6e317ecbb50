/**
 * Fidelity of the nft script reader and the `nft list table` printer against the real nft
 * (nftables on this kernel). __fixtures__/kube-proxy.nft is a transaction in the shape kube-proxy's
 * nftables proxier writes (chain names from its own hashing, cf. chain-names.test.ts);
 * kube-proxy.nft-list.txt is what the real `nft list table ip kube-proxy` printed after
 * `nft -f` of it, committed. The capture is always compared; as root with `ip netns`, the script
 * is also loaded into a fresh namespace and the live listing compared, so the capture cannot drift.
 * Recapture (after reviewing!) with:
 *   ip netns add X; ip netns exec X nft -f kube-proxy.nft;
 *   ip netns exec X nft list table ip kube-proxy > kube-proxy.nft-list.txt; ip netns del X
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyNftScript } from './parse'
import { formatNftListTable } from '../../../format/nft-list'

const dir = join(import.meta.dirname, '__fixtures__')
const script = readFileSync(join(dir, 'kube-proxy.nft'), 'utf8')
const captured = readFileSync(join(dir, 'kube-proxy.nft-list.txt'), 'utf8')

function liveUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux'
  if (process.getuid?.() !== 0) return 'not root (network namespaces need CAP_SYS_ADMIN)'
  for (const [cmd, arg] of [['ip', '-V'], ['nft', '--version']] as const) if (spawnSync(cmd, [arg]).status !== 0) return `${cmd} not available`
  return undefined
}

function liveNftList(input: string): string {
  const ns = `pjnft-${randomBytes(4).toString('hex')}`
  const run = (args: string[], stdin?: string) => {
    const r = spawnSync('ip', args, { input: stdin, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr}`)
    return r.stdout
  }
  run(['netns', 'add', ns])
  try {
    run(['netns', 'exec', ns, 'nft', '-f', '-'], input)
    return run(['netns', 'exec', ns, 'nft', 'list', 'table', 'ip', 'kube-proxy'])
  } finally {
    run(['netns', 'del', ns])
  }
}

const skipLive = liveUnavailable()
if (skipLive) console.warn(`nftables live comparison skipped: ${skipLive}`)

describe('kube-proxy-shaped nft transaction', () => {
  const { ruleset, diagnostics } = applyNftScript(script)

  it('applies without diagnostics and prints exactly what the real nft listed', () => {
    expect(diagnostics).toEqual([])
    expect(ruleset.tables).toHaveLength(1)
    expect(formatNftListTable(ruleset.tables[0]!)).toBe(captured)
  })

  it.skipIf(!!skipLive)('matches a live nft in a fresh namespace', () => {
    expect(liveNftList(script)).toBe(captured)
  })
})
