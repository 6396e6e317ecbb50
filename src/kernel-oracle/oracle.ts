/**
 * One oracle run: build the lab in namespaces, trace iptables, capture every interface, drive
 * the journey, run the engine on the same lab, and diff what each saw — frames per interface
 * (sightings.ts), rules matched per namespace (ruletrace.ts), conntrack and moved counters
 * (tables.ts), and `ip -br addr`/`ip neigh`/`bridge fdb`/`ip route` afterwards (observe.ts).
 * Always tears down.
 */
import type { LabSpec } from '../engine/lab/spec'
import { runLab } from '../engine/sim/simulate'
import { startCapture, type RawCapture } from './capture'
import { drive } from './drive'
import { diffRuleTrace, ruleTraceFromTrace, startRuleTrace } from './ruletrace'
import { realize } from './realize'
import { pinStatistic } from './pin'
import { diffLines, engineConntrack, engineCounters, kernelConntrack, kernelCounters, zeroCounters } from './tables'
import { tablesAtStep } from '../engine/tables/fold'
import { diffObserved, engineObserved, kernelObserved } from './observe'
import { diffSightings, labPortRule, sightingsFromCapture, sightingsFromTrace, type Sighting } from './sightings'

export interface OracleResult {
  name: string
  /** What tcpdump printed, per interface and direction (for fixtures and reading). */
  raw: RawCapture[]
  /** What xtables-monitor --trace printed, per namespace. */
  monitorText: string
  problems: string[]
  engine: Sighting[]
  kernel: Sighting[]
  unparsed: string[]
  answer: string
  /** iptables rule matches and policies the kernel traced. */
  ruleLines?: number
  /** Table lines compared: conntrack, moved counters, addresses, neighbours, FDB, routes. */
  tableLines?: number
}

export async function checkLab(name: string, spec: LabSpec, runId: string): Promise<OracleResult> {
  const port = labPortRule(spec)
  const { trace, diagnostics } = runLab(spec)
  if (!trace) return { name, raw: [], monitorText: '', problems: diagnostics.map((d) => `engine: ${d.message}`), engine: [], kernel: [], unparsed: [], answer: '', tableLines: 0 }
  const lab = realize(pinStatistic(spec, trace), runId)
  try {
    const ifaces = spec.netns.flatMap((n) => [
      ...n.links.map((l) => ({ netns: n.name, realNs: lab.ns.get(n.name)!, dev: l.name })),
      ...spec.netns.flatMap((o) => o.links.filter((l) => l.peer?.netns === n.name).map((l) => ({ netns: n.name, realNs: lab.ns.get(n.name)!, dev: l.peer!.name }))),
      // lo only where the journey itself runs over it (localhost inside a pod).
      ...(spec.journey?.from === n.name && spec.journey.dst.startsWith('127.') ? [{ netns: n.name, realNs: lab.ns.get(n.name)!, dev: 'lo' }] : []),
    ])
    const hasRaw = new Map(spec.netns.map((n) => [n.name, /^\*raw$/m.test(n.iptables ?? '')]))
    const tracer = await startRuleTrace(spec.netns.filter((n) => n.iptables).map((n) => ({ netns: n.name, realNs: lab.ns.get(n.name)!, hasRaw: hasRaw.get(n.name)! })))
    for (const real of lab.ns.values()) zeroCounters(real)
    const cap = await startCapture(ifaces)
    // The engine sends one SYN and models no retransmission: when it predicts a drop, the real
    // client gives up before its first retransmission (initial RTO 1 s, RFC 6298 §2.1).
    const driven = await drive(spec, lab.ns, trace.outcome.kind === 'dropped' ? { connectTimeout: 0.8 } : {})
    const [raw, { rules, text: monitorText }] = await Promise.all([cap.stop(), tracer.stop()])
    // Read the tables while the client still holds its connection open (no FIN yet).
    const final = tablesAtStep(trace.initial, trace.hops)
    const tableProblems: string[] = []
    let compared = 0
    for (const t of final) {
      const real = lab.ns.get(t.netns)!
      // The oracle's own TRACE rules (ruletrace.ts) and, in a lab without one, the raw table.
      const kn = kernelCounters(real).filter((l) => !l.endsWith(' -j TRACE') && (hasRaw.get(t.netns) || !l.startsWith('raw ')))
      const [ec, kc, en] = [engineConntrack(t, port), kernelConntrack(real, port), engineCounters(t)]
      compared += kc.length + kn.length
      tableProblems.push(...diffLines(`${t.netns} conntrack entries`, ec, kc), ...diffLines(`${t.netns} iptables counters that moved`, en, kn))
      const ether = spec.netns.find((n) => n.name === t.netns)?.links.filter((l) => l.type === 'ether').map((l) => l.name)
      const ko = kernelObserved(real, ether)
      compared += ko.addrs.length + ko.neigh.length + ko.fdb.length + ko.routes.length
      tableProblems.push(...diffObserved(t.netns, engineObserved(t), ko))
    }
    driven.stop()
    const engine = sightingsFromTrace(trace, port)
    const { sightings: kernel, unparsed } = sightingsFromCapture(raw, port)
    const problems = [...diffSightings(engine, kernel), ...diffRuleTrace(ruleTraceFromTrace(trace), rules), ...tableProblems]
    if (!driven.answer.includes('done')) problems.unshift(`the real client got no answer (${driven.answer.trim() || 'timeout'})`)
    return { name, raw, monitorText, problems, engine, kernel, unparsed, answer: driven.answer, tableLines: compared, ruleLines: [...rules.values()].reduce((n, r) => n + r.length, 0) }
  } finally {
    lab.teardown()
  }
}
