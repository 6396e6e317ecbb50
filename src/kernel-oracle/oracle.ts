/**
 * One oracle run: build the lab in namespaces, capture every interface, drive the journey,
 * run the engine on the same lab, and diff what each saw. Always tears down.
 */
import type { LabSpec } from '../engine/lab/spec'
import { runLab } from '../engine/sim/simulate'
import { startCapture } from './capture'
import { drive } from './drive'
import { realize } from './realize'
import { pinStatistic } from './pin'
import { diffLines, engineConntrack, engineCounters, kernelConntrack, kernelCounters, zeroCounters } from './tables'
import { tablesAtStep } from '../engine/tables/fold'
import { diffSightings, portRule, sightingsFromCapture, sightingsFromTrace, type Sighting } from './sightings'

export interface OracleResult {
  name: string
  problems: string[]
  engine: Sighting[]
  kernel: Sighting[]
  unparsed: string[]
  answer: string
  /** Conntrack and moved-counter lines compared. */
  tableLines?: number
}

export async function checkLab(name: string, spec: LabSpec, runId: string): Promise<OracleResult> {
  const fixed = [spec.journey?.sport, spec.journey?.dport, ...spec.apps.map((a) => Number(a.listen.split(':')[1])), ...spec.netns.flatMap((n) => n.links.map((l) => l.vxlan?.port ?? 8472))].filter((p): p is number => p !== undefined)
  const port = portRule(fixed)
  const { trace, diagnostics } = runLab(spec)
  if (!trace) return { name, problems: diagnostics.map((d) => `engine: ${d.message}`), engine: [], kernel: [], unparsed: [], answer: '', tableLines: 0 }
  const lab = realize(pinStatistic(spec, trace), runId)
  try {
    const ifaces = spec.netns.flatMap((n) => [
      ...n.links.map((l) => ({ netns: n.name, realNs: lab.ns.get(n.name)!, dev: l.name })),
      ...spec.netns.flatMap((o) => o.links.filter((l) => l.peer?.netns === n.name).map((l) => ({ netns: n.name, realNs: lab.ns.get(n.name)!, dev: l.peer!.name }))),
    ])
    for (const real of lab.ns.values()) zeroCounters(real)
    const cap = await startCapture(ifaces)
    const driven = await drive(spec, lab.ns)
    const raw = await cap.stop()
    // Read the tables while the client still holds its connection open (no FIN yet).
    const final = tablesAtStep(trace.initial, trace.hops)
    const tableProblems: string[] = []
    let compared = 0
    for (const t of final) {
      const real = lab.ns.get(t.netns)!
      const [ec, kc, en, kn] = [engineConntrack(t, port), kernelConntrack(real, port), engineCounters(t), kernelCounters(real)]
      compared += kc.length + kn.length
      tableProblems.push(...diffLines(`${t.netns} conntrack entries`, ec, kc), ...diffLines(`${t.netns} iptables counters that moved`, en, kn))
    }
    driven.stop()
    const engine = sightingsFromTrace(trace, port)
    const { sightings: kernel, unparsed } = sightingsFromCapture(raw, port)
    const problems = [...diffSightings(engine, kernel), ...tableProblems]
    if (!driven.answer.includes('done')) problems.unshift(`the real client got no answer (${driven.answer.trim() || 'timeout'})`)
    return { name, problems, engine, kernel, unparsed, answer: driven.answer, tableLines: compared }
  } finally {
    lab.teardown()
  }
}
