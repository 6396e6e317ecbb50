/**
 * A lane per device that transmits or receives, an arrow per link.xmit, in journey order; the
 * arrow of the current step is highlighted and clicking an arrow jumps there. Drawn with d3's
 * data join into SVGs that React only mounts: the lane names in their own SVG that stays put
 * (sticky) while the arrows scroll sideways to follow the journey.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { select } from 'd3-selection'
import { useAppStore, getAppStore } from '../../store'
import { selectReplyPackets } from '../../store/selectors'

const LANE_H = 22
/** Arrow spacing: at least this, and widened up to MAX_COL_W while the journey fits the width. */
const COL_W = 34
const MAX_COL_W = 72
const MIN_LABEL_W = 110

const laneY = (l: number) => 14 + l * LANE_H

export function SequenceDiagram() {
  const hops = useAppStore((s) => s.hops)
  const step = useAppStore((s) => s.step)
  const labelsRef = useRef<SVGSVGElement>(null)
  const ref = useRef<SVGSVGElement>(null)
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  const [labelW, setLabelW] = useState(MIN_LABEL_W)
  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(el.clientWidth))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
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
  const height = laneY(model.lanes.length - 1) + 16

  useEffect(() => {
    if (!labelsRef.current) return
    const texts = select(labelsRef.current)
      .selectAll<SVGTextElement, string>('text')
      .data(model.lanes)
      .join('text')
      .attr('text-anchor', 'end')
      .attr('y', (_, i) => laneY(i) + 4)
      .text((d) => d)
    // The label column fits the longest lane name (pod names run long), measured once drawn.
    let widest = 0
    texts.each(function () {
      widest = Math.max(widest, this.getComputedTextLength?.() ?? 0)
    })
    const w = Math.max(MIN_LABEL_W, Math.ceil(widest) + 18)
    texts.attr('x', w - 8)
    setLabelW(w)
  }, [model])

  useEffect(() => {
    if (!ref.current) return
    const svg = select(ref.current)
    const { lanes, arrows } = model
    const cols = [...new Set(arrows.map((a) => a.seq))]
    const colW = Math.max(COL_W, Math.min(MAX_COL_W, (width - labelW - 20) / Math.max(cols.length, 1)))
    const x = (seq: number) => cols.indexOf(seq) * colW + colW / 2
    svg.attr('width', cols.length * colW + 20)
    svg
      .selectAll<SVGLineElement, string>('line.lane')
      .data(lanes)
      // Lanes go under the arrows, whenever they are added.
      .join((e) => e.insert('line', ':first-child').attr('class', 'lane'))
      .attr('x1', 0)
      .attr('x2', cols.length * colW)
      .attr('y1', (_, i) => laneY(i))
      .attr('y2', (_, i) => laneY(i))
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
      .call((g) => g.selectAll<SVGLineElement, (typeof arrows)[number]>('line').attr('x1', (d) => x(d.seq)).attr('x2', (d) => x(d.seq)).attr('y1', (d) => laneY(d.from)).attr('y2', (d) => laneY(d.to)))
      .call((g) => g.select('circle').attr('cx', (d) => x(d.seq)).attr('cy', (d) => laneY(d.to)))
  }, [model, width, labelW])

  useEffect(() => {
    if (!ref.current) return
    const svg = select(ref.current)
    const last = model.arrows.filter((a) => a.seq <= step).pop()?.seq
    svg.selectAll<SVGGElement, { seq: number }>('g.arrow').classed('is-current', (d) => d.seq === last).classed('is-past', (d) => d.seq <= step)
    const el = ref.current.querySelector('g.arrow.is-current') as SVGGElement | null
    el?.scrollIntoView?.({ block: 'nearest', inline: 'center' })
  }, [step, model, width, labelW])

  return (
    <div className="pj-seqdiag" ref={box} data-testid="timeline.sequence">
      <div className="pj-seqdiag-row">
        <svg ref={labelsRef} className="pj-seqdiag-lanes" width={labelW} height={height} aria-hidden />
        <svg ref={ref} role="img" height={height} />
      </div>
    </div>
  )
}
