/**
 * `npm run test:kernel`: the real Linux kernel as the engine's oracle. Needs root and network
 * namespaces; elsewhere it prints one line and exits 0 (1 under CI=true). Prints `ok <case>` or the first place
 * each interface's frames differ, then `N passed, M failed`, and exits 1 on any disagreement.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LabSpec } from '../engine/lab/spec'
import { runLab } from '../engine/sim/simulate'
import { ORACLE_CASES } from './cases'
import { warmVariant } from './warm'
import { checkLab } from './oracle'
import { sweepLeftovers } from './realize'
import { run } from './sh'
import { formatRaw } from './raw'

function canRun(): string | null {
  if (process.getuid?.() !== 0) return 'needs root and network namespaces'
  try {
    run('ip', ['netns', 'list'])
    run('tcpdump', ['--version'])
    run('python3', ['--version'])
    run('iptables-restore', ['--version'])
  } catch (e) {
    return `needs root and network namespaces (${(e as Error).message.split('\n')[0]})`
  }
  return null
}

async function main(): Promise<number> {
  const why = canRun()
  if (why) {
    // On CI the machine is provisioned for the oracle (.ci/run installs its tools), so a skip
    // there would hide a broken install step behind a green run.
    if (process.env.CI === 'true') {
      console.error(`kernel oracle: cannot run on CI: ${why}`)
      return 1
    }
    console.log(`kernel oracle: skipped: ${why}`)
    return 0
  }
  sweepLeftovers()
  const only = process.argv.slice(2)
  const outDir = join(process.cwd(), '.kernel-oracle')
  mkdirSync(outDir, { recursive: true })
  let passed = 0
  let failed = 0
  let n = 0
  const cases: [string, LabSpec][] = []
  for (const [name, spec] of Object.entries(ORACLE_CASES)) {
    if (only.length && !only.includes(name)) continue
    cases.push([name, spec])
    const cold = runLab(spec).trace
    if (cold) cases.push([`${name}-warm`, warmVariant(spec, cold)])
  }
  for (const [name, spec] of cases) {
    const started = Date.now()
    const r = await checkLab(name, spec, `${process.pid % 10000}-${n++}`)
    const fmt = (xs: typeof r.engine) => xs.map((s) => `${s.netns} ${s.dev} ${s.dir}  ${s.text}`).join('\n') + '\n'
    writeFileSync(join(outDir, `${name}.engine.txt`), fmt(r.engine))
    writeFileSync(join(outDir, `${name}.kernel.txt`), fmt(r.kernel))
    writeFileSync(join(outDir, `${name}.tcpdump.txt`), formatRaw(r.raw))
    writeFileSync(join(outDir, `${name}.xtables-monitor.txt`), r.monitorText)
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    if (r.problems.length === 0) {
      passed++
      console.log(`ok ${name} (${r.kernel.length} sightings, ${r.ruleLines ?? 0} rule matches, ${r.tableLines ?? 0} table lines, ${secs}s)`)
    } else {
      failed++
      console.log(`FAIL ${name} (${secs}s)\n  ${r.problems.join('\n  ')}`)
    }
    if (r.unparsed.length) console.log(`  note: ${r.unparsed.length} tcpdump lines not understood, e.g. ${r.unparsed[0]}`)
  }
  console.log(`kernel oracle: ${passed} passed, ${failed} failed`)
  console.log(`${passed} passed, ${failed} failed`)
  return failed ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`kernel oracle: error: ${(e as Error).message}`)
    try {
      sweepLeftovers()
    } catch {
      /* best effort */
    }
    process.exit(1)
  },
)
