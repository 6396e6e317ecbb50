/**
 * A lane per device that transmits or receives, an arrow per link.xmit, in journey order; the
 * arrow of the current step is highlighted and clicking an arrow jumps there. Drawn with d3's
 * data join into an SVG that React only mounts.
 */
import { useEffect, useMemo, useRef } from 'react'
import { select } from 'd3-selection'
import { useAppStore, getAppStore } from '../../store'
import { selectReplyPackets } from '../../store/selectors'

const LANE_H = 22
const COL_W = 34
const LEFT = 190

export function SequenceDiagram() {
  const hops = useAppStore((s) => s.hops)
  const step = useAppStore((s) => s.step)
  const ref = useRef<SVGSVGElement>(null)
  const model = useMemo(() => {
    const lanes: string[] = []
    const lane = (id: string) => {
      let i = lanes.indexOf(id)
      if (i < 0) i = lanes.push(id) - 1
      return i
    }
    const replies = selectReplyPackets({ hops })
    const arrows = hops.flatMap((h) =>
      h.kind === 'link.xmit' && h.dev
        ? h.to.map((to) => ({ seq: h.seq, from: lane(`${h.netns} ${h.dev}`), to: lane(`${to.netns} ${to.dev}`), reply: replies.has(h.packet), arp: !!h.frame?.arp }))
        : [],
    )
    return { lanes, arrows }
  }, [hops])

  useEffect(() => {
    const svg = select(ref.current)
    if (!ref.current) return
    const { lanes, arrows } = model
    const cols = [...new Set(arrows.map((a) => a.seq))]
    const x = (seq: number) => LEFT + cols.indexOf(seq) * COL_W + COL_W / 2
    const y = (l: number) => 14 + l * LANE_H
    svg.attr('width', LEFT + cols.length * COL_W + 20).attr('height', y(lanes.length - 1) + 16)
    svg.selectAll('g.lane').data(lanes).join((e) => {
      const g = e.append('g').attr('class', 'lane')
      g.append('line')
      g.append('text')
      return g
    })
      .call((g) => g.select('line').attr('x1', LEFT - 6).attr('x2', LEFT + cols.length * COL_W).attr('y1', (_, i) => y(i)).attr('y2', (_, i) => y(i)))
      .call((g) => g.select('text').attr('x', LEFT - 10).attr('y', (_, i) => y(i) + 4).attr('text-anchor', 'end').text((d) => d))
    svg.selectAll<SVGGElement, (typeof arrows)[number]>('g.arrow').data(arrows, (d) => `${d.seq}-${d.to}`).join((e) => {
      const g = e.append('g').attr('class', 'arrow')
      g.append('line').attr('class', 'hit')
      g.append('line').attr('class', 'shaft')
      g.append('circle').attr('r', 3.5)
      return g
    })
      .classed('is-reply', (d) => d.reply)
      .classed('is-arp', (d) => d.arp)
      .attr('data-seq', (d) => d.seq)
      .on('click', (_, d) => getAppStore().getState().setStep(d.seq))
      .call((g) => g.selectAll<SVGLineElement, (typeof arrows)[number]>('line').attr('x1', (d) => x(d.seq)).attr('x2', (d) => x(d.seq)).attr('y1', (d) => y(d.from)).attr('y2', (d) => y(d.to)))
      .call((g) => g.select('circle').attr('cx', (d) => x(d.seq)).attr('cy', (d) => y(d.to)))
  }, [model])

  useEffect(() => {
    if (!ref.current) return
    const svg = select(ref.current)
    const last = model.arrows.filter((a) => a.seq <= step).pop()?.seq
    svg.selectAll<SVGGElement, { seq: number }>('g.arrow').classed('is-current', (d) => d.seq === last).classed('is-past', (d) => d.seq <= step)
    const el = ref.current.querySelector('g.arrow.is-current') as SVGGElement | null
    el?.scrollIntoView?.({ block: 'nearest', inline: 'center' })
  }, [step, model])

  return (
    <div className="pj-seq" data-testid="timeline.sequence">
      <svg ref={ref} role="img" />
    </div>
  )
}
