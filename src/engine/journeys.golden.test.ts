/**
 * Golden journeys: each lab runs headless with a fixed seed; its trace (one line per hop) and
 * every namespace's tables afterwards (in real command formats) are compared with reviewed text
 * files in __golden__/. The goldens were checked against the real kernel (src/kernel-oracle) —
 * never accept a change here just because "that is what we print now".
 */
import { describe, expect, it } from 'vitest'
import { runLab } from './sim/simulate'
import { tablesAtStep } from './tables/fold'
import { formatHopLine } from './format/hop-line'
import { formatTablesReport } from './format/tables-report'
import { ENGINE_LABS } from './testing/engine-labs'

describe('golden journeys', () => {
  it.each(Object.entries(ENGINE_LABS))('%s matches its reviewed trace and tables', async (id, lab) => {
    const { trace, diagnostics } = runLab(lab)
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const lines = trace!.hops.map(formatHopLine).join('\n')
    await expect(`# ${id} (seed ${trace!.seed}): ${trace!.outcome.kind} — ${trace!.outcome.summary}\n${lines}\n`).toMatchFileSnapshot(`__golden__/${id}.trace.txt`)
    await expect(formatTablesReport(tablesAtStep(trace!.initial, trace!.hops))).toMatchFileSnapshot(`__golden__/${id}.tables.txt`)
  })
})
