/**
 * Fidelity of formatIptablesSave against the real iptables (v1.8.9, nf_tables).
 *
 * Each fixture in __fixtures__ is `<name>.restore.txt` (input) with `<name>.save.txt` (what the
 * real `iptables-save` printed after `iptables-restore -c` of it, committed) and optionally
 * `<name>.save-c.txt` (`iptables-save -c`); a `<name>.save.txt` without a restore file is its own
 * input (verbatim excerpts of real clusters from shared/reference/kubernetes-networking.md).
 *
 * The committed captures are always compared. When running as root with `ip netns`, the fixture
 * is also loaded into a fresh namespace `pjipt-<random>` and the live output compared, so a
 * capture can never drift from the real tool. Recapture (after reviewing!) with:
 *   ip netns add X; ip netns exec X iptables-restore -c < F.restore.txt;
 *   ip netns exec X iptables-save | grep -v '^#' > F.save.txt; ip netns del X
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatIptablesSave, parseIptablesSave } from './index'

const dir = join(import.meta.dirname, '__fixtures__')
const read = (f: string) => readFileSync(join(dir, f), 'utf8')

/** nfacct objects cannot be created without the nfacct tool, so live runs leave those rules out. */
const withoutNfacct = (s: string) =>
  s
    .split('\n')
    .filter((l) => !l.includes('-m nfacct'))
    .join('\n')

function liveUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux'
  if (process.getuid?.() !== 0) return 'not root (network namespaces need CAP_SYS_ADMIN)'
  for (const [cmd, arg] of [['ip', '-V'], ['iptables-restore', '--version']] as const) {
    if (spawnSync(cmd, [arg]).status !== 0) return `${cmd} not available`
  }
  return undefined
}

/**
 * Restores `input` (with its counters) in a throwaway namespace and returns what
 * `iptables-save [-c]` prints there, without the `#` lines.
 */
function liveIptablesSave(input: string, opts: { counters?: boolean } = {}): string {
  const ns = `pjipt-${randomBytes(4).toString('hex')}`
  const run = (args: string[], stdin?: string) => {
    const r = spawnSync('ip', args, { input: stdin, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr}`)
    return r.stdout
  }
  run(['netns', 'add', ns])
  try {
    run(['netns', 'exec', ns, 'iptables-restore', '-c'], input)
    const out = run(['netns', 'exec', ns, 'iptables-save', ...(opts.counters ? ['-c'] : [])])
    return out
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n')
  } finally {
    run(['netns', 'del', ns])
  }
}

const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.save.txt'))
  .map((f) => f.replace(/\.save\.txt$/, ''))
  .sort()

const skipLive = liveUnavailable()
if (skipLive) console.warn(`iptables live comparison skipped: ${skipLive}`)

describe.each(fixtures)('fixture %s', (name) => {
  const restore = `${name}.restore.txt`
  const input = existsSync(join(dir, restore)) ? read(restore) : read(`${name}.save.txt`)
  const withCounters = existsSync(join(dir, `${name}.save-c.txt`))

  it('parses without diagnostics', () => {
    expect(parseIptablesSave(input).diagnostics).toEqual([])
  })

  it('prints what the real iptables-save printed (committed capture)', () => {
    expect(formatIptablesSave(parseIptablesSave(input).ruleset)).toBe(read(`${name}.save.txt`))
  })

  it.runIf(withCounters)('prints what the real iptables-save -c printed (committed capture)', () => {
    expect(formatIptablesSave(parseIptablesSave(input).ruleset, { counters: true })).toBe(read(`${name}.save-c.txt`))
  })

  it.skipIf(skipLive)('prints what iptables-save prints live in a fresh network namespace', () => {
    const text = withoutNfacct(input)
    const live = liveIptablesSave(text)
    expect(formatIptablesSave(parseIptablesSave(text).ruleset)).toBe(live)
    expect(live).toBe(withoutNfacct(read(`${name}.save.txt`)))
  })

  it.skipIf(skipLive || !withCounters)('prints what iptables-save -c prints live', () => {
    const live = liveIptablesSave(input, { counters: true })
    expect(formatIptablesSave(parseIptablesSave(input).ruleset, { counters: true })).toBe(live)
  })
})
