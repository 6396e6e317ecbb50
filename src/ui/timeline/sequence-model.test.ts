import { describe, expect, it } from 'vitest'
import { builtInScenario } from '../../worker/testing/built-in-scenario'
import { FILTERABLE } from '../../store/types'
import { selectReplyPackets, selectSteps } from '../../store/selectors'
import { translate } from '../i18n/useT'
import { buildSequence, currentMarks, layoutSequence, stepForMark, wrapLabel } from './sequence-model'

const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p)
const mono = (s: string) => s.length * 7

describe('the sequence diagram model', () => {
  const { trace } = builtInScenario('pod-to-service')
  const model = buildSequence(trace.hops, FILTERABLE, selectReplyPackets({ hops: trace.hops }), t)

  it('groups lanes by node in the order the journey reaches them, named as people say them', () => {
    expect(model.groups.map((g) => g.host)).toEqual(['node1', 'node2'])
    expect(model.groups[0]!.lanes[0]!.label).toBe('pod-a eth0')
    expect(model.groups.flatMap((g) => g.lanes).map((l) => l.label)).toContain('flannel.1')
  })

  it('labels each arrow with what crossed the wire and each NAT and tunnel event with what it did', () => {
    const labels = model.marks.map((m) => m.label)
    expect(labels).toContain('ARP who-has')
    expect(labels).toContain('SYN')
    expect(labels).toContain('SYN-ACK')
    expect(labels).toContain('VXLAN[SYN]')
    expect(labels.some((l) => /^DNAT → 10\.244\.2\.2:8080$/.test(l))).toBe(true)
    expect(model.marks.every((m) => m.label.length > 0 && m.title.length > 0)).toBe(true)
  })

  it('gives every mark a column wide enough for its label, in journey order', () => {
    const laid = layoutSequence(model, { width: mono, lineH: 15, maxLabelW: 150 })
    for (const [i, m] of laid.marks.entries()) {
      expect(m.w).toBeGreaterThanOrEqual(mono(m.mark.label))
      if (i) expect(m.x).toBeGreaterThanOrEqual(laid.marks[i - 1]!.x + laid.marks[i - 1]!.w)
    }
    expect(laid.labelW).toBeLessThanOrEqual(150)
  })

  it('wraps a long pod name at its hyphens instead of cutting it', () => {
    const lines = wrapLabel('ingress-nginx-controller-54dw4blbzl-ngd62 eth0', 140, mono)
    expect(lines.join('')).toBe('ingress-nginx-controller-54dw4blbzl-ngd62 eth0'.replace(/ /, ''))
    expect(lines.every((l) => mono(l) <= 140)).toBe(true)
  })

  it('marks the current step and sends a click to the clicked mark’s step', () => {
    const steps = selectSteps({ hops: trace.hops, level: 'kernel', filter: [...FILTERABLE] })
    const syn = model.marks.find((m) => m.label === 'SYN')!
    const i = steps.findIndex((s) => syn.seq >= s.first && syn.seq <= s.last)
    expect([...currentMarks(model.marks, steps[i]!, steps[i]!.last)]).toContain(syn.seq)
    expect(stepForMark(steps, syn.seq, 1)).toBe(steps[i]!.last)
    expect(stepForMark(steps, syn.seq, steps[i]!.last)).toBeNull()
  })
})
