/**
 * Which iptables rules each packet matched, in order, as the kernel reports it: a `-j TRACE`
 * rule first in raw PREROUTING and OUTPUT sets nftrace on every packet (iptables-nft), and
 * `xtables-monitor --trace` prints each rule that matched and each policy that applied, in
 * iptables-save syntax:
 *
 *   TRACE: 2 7f53d75e nat:KUBE-SERVICES:rule:0x23:JUMP:KUBE-SVC-…  -4 -t nat -A KUBE-SERVICES …
 *   TRACE: 2 7f53d75e nat:POSTROUTING:policy:ACCEPT
 *
 * Rules that were evaluated but did not match are not reported (nor does the engine emit
 * them), and RETURN prints as the raw verdict `0xfffffffb`. The engine's `nf.rule` and
 * `nf.policy` events are reduced to the same lines; both are compared per namespace, in order.
 * The TRACE rules are the oracle's own: their lines, and the raw table's policy counters when
 * the lab has no raw table, are left out of every comparison.
 */
import type { ChildProcess } from 'node:child_process'
import type { Trace } from '../engine/trace/events'
import { inNetns, sleep, spawnInNetns } from './sh'

/** One line per matched rule or applied policy: `nat:KUBE-SERVICES -A KUBE-SERVICES …`. */
export type RuleTrace = Map<string, string[]>

/** The oracle pins statistic probabilities (pin.ts); compare rules without them. */
const unpin = (rule: string) => rule.replace(/--probability [\d.]+/, '--probability P')

const RULE_RE = /^\s*TRACE: \d+ ([0-9a-f]+) (\w+):(\S+?):rule:0x[0-9a-f]+:\S+\s+-4 -t \w+ (-A .*?)\s*$/
const POLICY_RE = /^\s*TRACE: \d+ ([0-9a-f]+) (\w+):(\S+?):policy:(\w+)\s*$/

/** xtables-monitor's lines for one namespace → rule lines; `hasRaw`: the lab has a raw table. */
export function parseRuleTrace(text: string, hasRaw: boolean): string[] {
  const out: { id: string; line: string }[] = []
  for (const line of text.split('\n')) {
    const r = RULE_RE.exec(line)
    if (r) {
      if (r[4]!.endsWith(' -j TRACE')) continue
      out.push({ id: r[1]!, line: `${r[2]}:${r[3]} ${unpin(r[4]!)}` })
      continue
    }
    const p = POLICY_RE.exec(line)
    if (p && (hasRaw || p[2] !== 'raw')) out.push({ id: p[1]!, line: `${p[2]}:${p[3]} policy ${p[4]}` })
  }
  return unnestRejects(out)
}

/**
 * A REJECT target sends its ICMP error (through OUTPUT) before the monitor reports the REJECT
 * rule itself. Put each REJECT line back right after its own packet's previous event, where the
 * rule matched, so the nested send does not read as a different path.
 */
function unnestRejects(events: { id: string; line: string }[]): string[] {
  const out: { id: string; line: string }[] = []
  for (const e of events) {
    if (!/ -j REJECT\b/.test(e.line)) {
      out.push(e)
      continue
    }
    let at = out.length
    while (at > 0 && out[at - 1]!.id !== e.id) at--
    out.splice(at, 0, e)
  }
  return out.map((e) => e.line)
}

export function ruleTraceFromTrace(trace: Trace): RuleTrace {
  const m: RuleTrace = new Map()
  const add = (ns: string, line: string) => m.set(ns, [...(m.get(ns) ?? []), line])
  for (const h of trace.hops) {
    if (h.kind === 'nf.rule') add(h.netns, `${h.table}:${h.chain} ${unpin(h.text)}`)
    if (h.kind === 'nf.policy') add(h.netns, `${h.table}:${h.chain} policy ${h.policy}`)
  }
  return m
}

export interface RuleTracer {
  /** The matched rules per namespace, and what xtables-monitor printed (`# <netns>` blocks). */
  stop(): Promise<{ rules: RuleTrace; text: string }>
}

/** A saved monitor text (`# <netns>` then its lines, per namespace) → rule lines. */
export function parseRuleTraceFile(text: string, hasRaw: (netns: string) => boolean): RuleTrace {
  const m: RuleTrace = new Map()
  for (const block of text.split(/^# /m).filter((b) => b.trim())) {
    const nl = block.indexOf('\n')
    const ns = (nl < 0 ? block : block.slice(0, nl)).trim()
    m.set(ns, parseRuleTrace(nl < 0 ? '' : block.slice(nl + 1), hasRaw(ns)))
  }
  return m
}

/** Adds the TRACE rules and starts one monitor per namespace that has iptables rules. */
export async function startRuleTrace(namespaces: { netns: string; realNs: string; hasRaw: boolean }[]): Promise<RuleTracer> {
  const mons: { netns: string; hasRaw: boolean; p: ChildProcess; out: string; done: Promise<void> }[] = []
  for (const n of namespaces) {
    for (const chain of ['PREROUTING', 'OUTPUT']) inNetns(n.realNs, 'iptables', ['-t', 'raw', '-I', chain, '1', '-j', 'TRACE'])
    const p = spawnInNetns(n.realNs, 'xtables-monitor', ['--trace', '-4'])
    const mon = { netns: n.netns, hasRaw: n.hasRaw, p, out: '', done: new Promise<void>((r) => p.on('close', () => r())) }
    p.stdout!.on('data', (d: Buffer) => (mon.out += d.toString()))
    mons.push(mon)
  }
  // xtables-monitor prints nothing when it is ready; give it a moment to subscribe.
  if (mons.length) await sleep(150)
  return {
    async stop() {
      await sleep(50)
      for (const m of mons) m.p.kill('SIGINT')
      await Promise.race([Promise.all(mons.map((m) => m.done)), sleep(2000)])
      for (const m of mons) m.p.kill('SIGKILL')
      const rules: RuleTrace = new Map(mons.map((m) => [m.netns, parseRuleTrace(m.out, m.hasRaw)]))
      return { rules, text: mons.map((m) => `# ${m.netns}\n${m.out.replace(/\n*$/, '\n')}`).join('') }
    },
  }
}

/** Per namespace, the first rule line where engine and kernel part ways, with context. */
/**
 * Per namespace, the rules each side matched and how often. Compared as sorted lists: when two
 * packets are in flight at once (an ACK and the request right behind it), the kernel's report
 * interleaves their walks in an order that depends on timing, so a CI run must not hinge on it.
 * (Frames per interface, compared in order in sightings.ts, keep the sequence honest.)
 */
export function diffRuleTrace(engine: RuleTrace, kernel: RuleTrace): string[] {
  const problems: string[] = []
  for (const ns of [...new Set([...engine.keys(), ...kernel.keys()])].sort()) {
    const a = [...(engine.get(ns) ?? [])].sort()
    const b = [...(kernel.get(ns) ?? [])].sort()
    const i = a.findIndex((l, j) => l !== b[j])
    const at = i >= 0 ? i : a.length < b.length ? a.length : -1
    if (at < 0) continue
    const ctx = (xs: string[]) => xs.slice(Math.max(0, at - 2), at + 3).map((t, j) => `      ${j + Math.max(0, at - 2) === at ? '>' : ' '} ${t}`).join('\n') || '      (nothing)'
    problems.push(`${ns} iptables rules matched: #${at + 1} differs\n    engine:\n${ctx(a)}\n    kernel:\n${ctx(b)}`)
  }
  return problems
}
