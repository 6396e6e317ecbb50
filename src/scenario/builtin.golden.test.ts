/**
 * Golden scenarios: every built-in scenario (scenarios/*.yaml) runs with its own seed; its trace
 * (one line per hop) and every namespace's tables at the end (in real command formats) are
 * compared with reviewed text in __golden__/<id>.trace.txt and <id>.tables.txt. A new scenario
 * without reviewed goldens fails in CI (snapshots are never written there).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runLab } from '../engine'
import { formatHopLine } from '../engine/format/hop-line'
import { formatTablesReport } from '../engine/format/tables-report'
import { tablesAtStep } from '../engine/tables/fold'
import { loadScenarioSource } from '.'

const dir = join(import.meta.dirname, '../../scenarios')
const ids = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))

describe('golden built-in scenarios', () => {
  it.each(ids)('%s matches its reviewed trace and tables', async (id) => {
    const loaded = loadScenarioSource(readFileSync(join(dir, `${id}.yaml`), 'utf8'), `${id}.yaml`)
    const { trace } = runLab(loaded.spec!)
    const lines = trace!.hops.map(formatHopLine).join('\n')
    await expect(`# ${id} (seed ${trace!.seed}): ${trace!.outcome.kind} — ${trace!.outcome.summary}\n${lines}\n`).toMatchFileSnapshot(`__golden__/${id}.trace.txt`)
    await expect(formatTablesReport(tablesAtStep(trace!.initial, trace!.hops))).toMatchFileSnapshot(`__golden__/${id}.tables.txt`)
  })
})
