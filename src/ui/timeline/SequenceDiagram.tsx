/**
 * The journey as a sequence diagram: lanes grouped by node (short device names, the full one on
 * hover), an arrow per frame on the wire and a point per NAT, tunnel or drop, each labelled
 * (SYN, ARP who-has, DNAT → …). sequence-model.ts decides what is drawn and where; this file
 * only renders it, keeps the current step's marks highlighted and in view, and lets the box be
 * resized (drag or arrow keys on its handle) and scrolled by keyboard.
 */
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore, getAppStore } from '../../store'
import { selectPosition, selectReplyPackets, selectSteps } from '../../store/selectors'
import { useT } from '../i18n/useT'
import { buildSequence, currentMarks, layoutSequence, stepForMark, type SequenceLayout } from './sequence-model'

const FONT_PX = 12
const LINE_H = 15
const MAX_LABEL_W = 150
const HEIGHT_KEY = 'packet-journeys.sequence-height'
const MIN_H = 80

/** Text widths in the diagram's font, measured once per string on an offscreen canvas. */
function textMeter(): (s: string) => number {
  const ctx = document.createElement('canvas').getContext('2d')
  const cache = new Map<string, number>()
  if (ctx) ctx.font = `${FONT_PX}px ui-monospace, 'DejaVu Sans Mono', monospace`
  return (s) => {
    let w = cache.get(s)
    if (w === undefined) cache.set(s, (w = ctx ? ctx.measureText(s).width : s.length * FONT_PX * 0.61))
    return w
  }
}

const maxHeight = () => Math.max(MIN_H, Math.round(window.innerHeight * 0.6))
/** Small windows start with a short diagram, so the map keeps its room. */
const defaultHeight = () => (window.innerHeight < 800 ? 130 : 190)

function readHeight(): number {
  try {
    const v = Number(localStorage.getItem(HEIGHT_KEY))
    if (v >= MIN_H) return Math.min(v, maxHeight())
  } catch {
    // Storage may be unavailable (private mode): the default height it is.
  }
  return defaultHeight()
}

/** The static drawing: it changes only with the journey, the filter or the language. */
const Drawing = memo(function Drawing({ layout, title }: { layout: SequenceLayout; title: string }) {
  const { lanes, groups, marks, labelW, width, height } = layout
  return (
    <div className="pj-seqdiag-row">
      <svg className="pj-seqdiag-lanes" width={labelW} height={height} aria-hidden>
        {groups.map((g) => (
          <g key={g.host}>
            <rect className="group" x={0} y={g.top} width={labelW} height={g.bottom - g.top} />
            <text className="group-name" x={6} y={g.y}>
              {g.host}
            </text>
          </g>
        ))}
        {lanes.map((l) => (
          <text key={l.id} className="lane-name" x={labelW - 6} y={l.y - ((l.lines.length - 1) * LINE_H) / 2 + 4} textAnchor="end">
            <title>{`${l.netns} ${l.dev}`}</title>
            {l.lines.map((line, i) => (
              <tspan key={i} x={labelW - 6} dy={i ? LINE_H : 0}>
                {line}
              </tspan>
            ))}
          </text>
        ))}
      </svg>
      <svg className="pj-seqdiag-marks" role="img" aria-label={title} width={width} height={height}>
        {groups.map((g) => (
          <rect key={g.host} className="group" x={0} y={g.top} width={width} height={g.bottom - g.top} />
        ))}
        {lanes.map((l) => (
          <line key={l.id} className="lane" x1={0} x2={width} y1={l.y} y2={l.y} />
        ))}
        {marks.map(({ mark, x, y1, y2 }) =>
          mark.kind === 'arrow' ? (
            <g key={mark.seq} className={`mark arrow${mark.reply ? ' is-reply' : ''}${mark.arp ? ' is-arp' : ''}`} data-seq={mark.seq}>
              <title>{mark.title}</title>
              <line className="hit" x1={x} x2={x} y1={y1} y2={y2} />
              <line className="shaft" x1={x} x2={x} y1={y1} y2={y2} />
              {mark.to.map((to) => {
                const y = lanes.find((l) => l.id === to)?.y ?? y2
                return <circle key={to} cx={x} cy={y} r={3.5} />
              })}
              <text className="tag" x={x + 4} y={y1 - 4}>
                {mark.label}
              </text>
            </g>
          ) : (
            <g key={mark.seq} className={`mark event is-${mark.category}`} data-seq={mark.seq}>
              <title>{mark.title}</title>
              <rect className="dot" x={x - 5} y={y1 - 5} width={10} height={10} rx={mark.category === 'drop' ? 5 : 2} />
              <text className="tag" x={x + 7} y={y1 - 5}>
                {mark.label}
              </text>
            </g>
          ),
        )}
      </svg>
    </div>
  )
})

export function SequenceDiagram() {
  const t = useT()
  const hops = useAppStore((s) => s.hops)
  const filter = useAppStore((s) => s.filter)
  const steps = useAppStore(useShallow((s) => selectSteps(s)))
  const position = useAppStore((s) => s.step)
  const currentIndex = useAppStore((s) => selectPosition(s).index)
  const box = useRef<HTMLDivElement>(null)
  const [height, setHeight] = useState(readHeight)
  const meter = useMemo(textMeter, [])

  const layout = useMemo(() => {
    const model = buildSequence(hops, filter, selectReplyPackets({ hops }), t)
    // Leave room for the first mark's label above the first lane.
    return layoutSequence(model, { width: meter, lineH: LINE_H, maxLabelW: MAX_LABEL_W })
  }, [hops, filter, t, meter])
  const title = t('seq.img', { marks: layout.marks.length, lanes: layout.lanes.length })

  // Highlight the current step's marks and keep the first in view.
  const step = steps[currentIndex] ?? null
  const now = useMemo(() => [...currentMarks(layout.marks.map((m) => m.mark), step, position)].join(','), [layout, step, position])
  useEffect(() => {
    const el = box.current
    if (!el) return
    const seqs = new Set(now ? now.split(',').map(Number) : [])
    let first: SVGGElement | null = null
    for (const g of el.querySelectorAll<SVGGElement>('g.mark')) {
      const seq = Number(g.dataset.seq)
      const on = seqs.has(seq)
      g.classList.toggle('is-current', on)
      g.classList.toggle('is-past', seq <= position)
      if (on && !first) first = g
    }
    if (!first) return
    const r = first.getBoundingClientRect()
    const b = el.getBoundingClientRect()
    const labelW = layout.labelW
    if (r.left < b.left + labelW || r.right > b.right) el.scrollLeft += r.left - (b.left + labelW + (b.width - labelW) / 2)
    if (r.top < b.top || r.bottom > b.bottom) el.scrollTop += r.top - b.top - 24
  }, [now, position, layout])

  const onClick = (e: React.MouseEvent) => {
    const g = (e.target as Element).closest('g.mark') as SVGGElement | null
    if (!g) return
    const to = stepForMark(steps, Number(g.dataset.seq), position)
    if (to !== null) getAppStore().getState().setStep(to)
  }

  const resize = (h: number) => {
    const v = Math.round(Math.min(Math.max(h, MIN_H), maxHeight()))
    setHeight(v)
    try {
      localStorage.setItem(HEIGHT_KEY, String(v))
    } catch {
      // Not remembered; still resized.
    }
  }
  const onHandleKey = (e: KeyboardEvent) => {
    const by = e.key === 'ArrowUp' ? 20 : e.key === 'ArrowDown' ? -20 : e.key === 'PageUp' ? 80 : e.key === 'PageDown' ? -80 : 0
    if (!by) return
    e.preventDefault()
    e.stopPropagation()
    resize(height + by)
  }
  const onHandleDown = (e: PointerEvent<HTMLDivElement>) => {
    const y0 = e.clientY
    const h0 = height
    const el = e.currentTarget
    el.setPointerCapture(e.pointerId)
    const move = (ev: globalThis.PointerEvent) => resize(h0 + (y0 - ev.clientY))
    const up = () => {
      el.removeEventListener('pointermove', move)
      el.removeEventListener('pointerup', up)
    }
    el.addEventListener('pointermove', move)
    el.addEventListener('pointerup', up)
  }

  return (
    <>
      <div
        className="pj-seqdiag-handle"
        role="separator"
        aria-orientation="horizontal"
        aria-label={t('seq.resize')}
        aria-valuenow={height}
        aria-valuemin={MIN_H}
        aria-valuemax={maxHeight()}
        tabIndex={0}
        data-testid="timeline.sequence.resize"
        onKeyDown={onHandleKey}
        onPointerDown={onHandleDown}
      />
      <div
        className="pj-seqdiag"
        ref={box}
        style={{ height, maxHeight: 'none' }}
        data-testid="timeline.sequence"
        tabIndex={0}
        role="region"
        aria-label={t('seq.label')}
        onClick={onClick}
        // The diagram scrolls with the arrow keys while focused; the page's step keys stay away.
        onKeyDown={(e) => {
          if (e.key.startsWith('Arrow') || e.key === 'PageUp' || e.key === 'PageDown') e.stopPropagation()
        }}
      >
        <Drawing layout={layout} title={title} />
      </div>
    </>
  )
}
