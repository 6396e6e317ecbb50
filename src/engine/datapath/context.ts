/**
 * What every datapath stage receives: the world, the recorder, the queue, and the journey's
 * bookkeeping. Stages are plain functions over this context (no classes, no hidden state).
 */
import type { Recorder, HopInput } from '../trace/recorder'
import type { EventQueue } from '../sim/queue'
import type { Netns, Skb, World } from '../sim/world'
import type { PacketLeg, TraceOutcome } from '../trace/events'
import type { Frame } from '../wire/frame'

/** Virtual latencies in microseconds. Not measured from hardware; they only order events and make time readable. */
export const LATENCY = { veth: 2, bridgePort: 2, segment: 40, app: 15, arpRetrans: 1_000_000 }

export interface Ctx {
  world: World
  rec: Recorder
  queue: EventQueue
  /** Allocates the next journey packet number, remembering which leg of the journey it is. */
  newPacket(leg: PacketLeg): number
  outcome: TraceOutcome | null
  finish(outcome: TraceOutcome): void
}

export function emit(ctx: Ctx, ns: Netns, skb: Skb | { frame?: Frame; packet: number } | null, ev: HopInput) {
  ctx.rec.now = ctx.queue.now
  return ctx.rec.emit({ netns: ns.name, host: ns.host }, skb, ev)
}

export function nsOf(ctx: Ctx, name: string): Netns {
  const ns = ctx.world.netns.get(name)
  if (!ns) throw new Error(`internal: namespace ${name} vanished`)
  return ns
}

/** A fresh skb for a frame this namespace originates. */
export function newSkb(ctx: Ctx, frame: Frame, leg: PacketLeg): Skb {
  return { frame, packet: ctx.newPacket(leg), mark: 0, localOut: true }
}

/** Copy of an skb for flooding: every port gets its own frame. */
export function cloneSkb(skb: Skb): Skb {
  return { ...skb, frame: JSON.parse(JSON.stringify(skb.frame)) as Frame }
}
