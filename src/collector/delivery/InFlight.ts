import type { SpooledEnvelope } from "../spool/Spool.ts"
import type { AckMessage, Outcome } from "./IngestProtocol.ts"

export interface Resolution {
  readonly outcomes: ReadonlyArray<Outcome>
  /** The envelopes the outcomes are about. */
  readonly sent: ReadonlyMap<string, SpooledEnvelope>
  /** Envelopes of a refused frame to send again in smaller frames. */
  readonly requeue: ReadonlyArray<SpooledEnvelope>
  /** The frame size to drop to, when a frame was refused as a whole. */
  readonly splitTo: number | undefined
}

/**
 * Envelopes sent on one socket and not yet answered, by event_id and by the
 * frame that carried them (frames are numbered from 1 in send order, as the
 * engine counts them). A frame refused as a whole is split in half and sent
 * again, down to one envelope, which is then refused on its own: the same
 * rule as a 413 on the HTTPS batch path.
 */
export const makeInFlight = () => {
  const items = new Map<string, SpooledEnvelope>()
  const frameOf = new Map<string, number>()
  const frames = new Map<number, ReadonlyArray<string>>()
  let lastFrame = 0

  const add = (frame: ReadonlyArray<SpooledEnvelope>): void => {
    const n = ++lastFrame
    frames.set(n, frame.map((i) => i.eventId))
    for (const item of frame) {
      items.set(item.eventId, item)
      frameOf.set(item.eventId, n)
    }
  }

  const take = (id: string): SpooledEnvelope | undefined => {
    const item = items.get(id)
    const n = frameOf.get(id)
    items.delete(id)
    frameOf.delete(id)
    if (n !== undefined && frames.get(n)?.every((x) => frameOf.get(x) !== n) === true) frames.delete(n)
    return item
  }

  const resolve = (acks: ReadonlyArray<AckMessage>): Resolution => {
    const outcomes: Array<Outcome> = []
    const sent = new Map<string, SpooledEnvelope>()
    const requeue: Array<SpooledEnvelope> = []
    let splitTo: number | undefined
    for (const ack of acks) {
      const { type: _t, event_id, frame, index: _i, seq: _s, hash: _h, ...answer } = ack
      const byId = event_id === undefined ? undefined : take(event_id)
      if (byId !== undefined) {
        sent.set(byId.eventId, byId)
        outcomes.push({ eventId: byId.eventId, ...answer })
        continue
      }
      const ids = frame === undefined ? undefined : frames.get(frame)
      if (ids === undefined || ack.status !== "rejected") continue
      const members = ids.filter((id) => frameOf.get(id) === frame).flatMap((id) => take(id) ?? [])
      if (members.length > 1 && answer.retryable !== true) {
        requeue.push(...members)
        splitTo = Math.min(splitTo ?? Infinity, Math.floor(members.length / 2))
        continue
      }
      for (const m of members) {
        sent.set(m.eventId, m)
        outcomes.push({ eventId: m.eventId, ...answer })
      }
    }
    return { outcomes, sent, requeue, splitTo }
  }

  return { add, resolve, has: (id: string) => items.has(id), size: () => items.size }
}
