/**
 * The tracer: stage code calls `rec.emit(ns, skb, event)`; the recorder numbers the event,
 * stamps the virtual time, host and packet number, snapshots the frame and attaches the table
 * deltas the stage reports. Stage code stays free of bookkeeping (smoltcp's Tracer over a Device).
 */
import type { TableDelta } from '../tables/types'
import type { Frame } from '../wire/frame'
import type { HopEvent, PacketLeg } from './events'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** What a stage supplies; the recorder fills in the rest. */
export type HopInput = DistributiveOmit<HopEvent, 'seq' | 'time' | 'host' | 'netns' | 'packet' | 'leg' | 'frame' | 'deltas'> & {
  deltas?: TableDelta[]
}

export interface Recorder {
  readonly hops: HopEvent[]
  now: number
  emit(where: { netns: string; host: string }, skb: { frame?: Frame; packet: number } | null, ev: HopInput): HopEvent
  /** Attach a delta to the most recent event (for mutations that follow the event they explain). */
  delta(d: TableDelta): void
}

export function createRecorder(legOf: (packet: number) => PacketLeg | undefined = () => undefined): Recorder {
  const hops: HopEvent[] = []
  return {
    hops,
    now: 0,
    emit(where, skb, ev) {
      const full = {
        seq: hops.length + 1,
        time: this.now,
        host: where.host,
        netns: where.netns,
        packet: skb?.packet ?? 0,
        ...(skb && legOf(skb.packet) ? { leg: legOf(skb.packet) } : {}),
        ...(skb?.frame ? { frame: cloneFrame(skb.frame) } : {}),
        deltas: ev.deltas ?? [],
        ...ev,
      } as HopEvent
      full.deltas = ev.deltas ?? []
      hops.push(full)
      return full
    },
    delta(d) {
      const last = hops[hops.length - 1]
      if (last) last.deltas.push(d)
    },
  }
}

/** Frames are plain JSON-safe data, so a JSON round trip is an exact deep copy. */
export function cloneFrame(f: Frame): Frame {
  return JSON.parse(JSON.stringify(f)) as Frame
}
