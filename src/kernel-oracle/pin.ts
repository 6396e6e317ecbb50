/**
 * The engine draws kube-proxy's `-m statistic --mode random` from its seeded PRNG; the kernel
 * draws from its own. To compare one journey, the oracle pins the kernel to the engine's pick:
 * in each namespace, a statistic rule whose target the engine jumped to gets probability 1,
 * the others probability 0, so the same endpoint wins and the same counters move.
 */
import type { LabSpec } from '../engine/lab/spec'
import type { Trace } from '../engine/trace/events'

export function pinStatistic(spec: LabSpec, trace: Trace): LabSpec {
  const chosen = new Map<string, Set<string>>()
  for (const h of trace.hops) {
    if (h.kind !== 'nf.rule' || !/--mode random/.test(h.text)) continue
    const set = chosen.get(h.netns) ?? new Set<string>()
    set.add(h.text)
    chosen.set(h.netns, set)
  }
  return {
    ...spec,
    netns: spec.netns.map((n) => {
      if (!n.iptables) return n
      const picks = [...(chosen.get(n.name) ?? [])].map(pickKey).filter(Boolean)
      const iptables = n.iptables
        .split('\n')
        .map((line) => {
          if (!/--mode random --probability [\d.]+/.test(line)) return line
          const key = pickKey(line)
          return line.replace(/--probability [\d.]+/, `--probability ${key && picks.includes(key) ? '1.0' : '0.0'}`)
        })
        .join('\n')
      return { ...n, iptables }
    }),
  }
}

/** What a statistic rule chooses: its jump target, or for a DNAT its destination (a load balancer's rules all say DNAT). */
function pickKey(rule: string): string | undefined {
  const target = / -j (\S+)/.exec(rule)?.[1]
  return target === 'DNAT' ? `DNAT ${/--to-destination (\S+)/.exec(rule)?.[1]}` : target
}
