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
import { diffSightings, portRule, sightingsFromCapture, sightingsFromTrace, type Sighting } from './sightings'

export interface OracleResult {
  name: string
  problems: string[]
  engine: Sighting[]
  kernel: Sighting[]
  unparsed: string[]
  answer: string
}

export async function checkLab(name: string, spec: LabSpec, runId: string): Promise<OracleResult> {
  const fixed = [spec.journey?.sport, spec.journey?.dport, ...spec.apps.map((a) => Number(a.listen.split(':')[1])), ...spec.netns.flatMap((n) => n.links.map((l) => l.vxlan?.port ?? 8472))].filter((p): p is number => p !== undefined)
  const port = portRule(fixed)
  const { trace, diagnostics } = runLab(spec)
  if (!trace) return { name, problems: diagnostics.map((d) => `engine: ${d.message}`), engine: [], kernel: [], unparsed: [], answer: '' }
  const lab = realize(pinStatistic(spec, trace), runId)
  try {
    const ifaces = spec.netns.flatMap((n) => [
      ...n.links.map((l) => ({ netns: n.name, realNs: lab.ns.get(n.name)!, dev: l.name })),
      ...spec.netns.flatMap((o) => o.links.filter((l) => l.peer?.netns === n.name).map((l) => ({ netns: n.name, realNs: lab.ns.get(n.name)!, dev: l.peer!.name }))),
    ])
    const cap = await startCapture(ifaces)
    const driven = await drive(spec, lab.ns)
    const raw = await cap.stop()
    driven.stop()
    const engine = sightingsFromTrace(trace, port)
    const { sightings: kernel, unparsed } = sightingsFromCapture(raw, port)
    const problems = diffSightings(engine, kernel)
    if (!driven.answer.includes('done')) problems.unshift(`the real client got no answer (${driven.answer.trim() || 'timeout'})`)
    return { name, problems, engine, kernel, unparsed, answer: driven.answer }
  } finally {
    lab.teardown()
  }
}
