import { Deferred, Effect, Exit, Metric, Option, Queue } from "effect"
import { EngineConfig } from "../config/EngineConfig.ts"
import { forTenant, subscriberDrops } from "../health/Metrics.ts"
import type { PostureState } from "../projection/PostureState.ts"
import { snapshotOf } from "../projection/Snapshot.ts"
import type { PostureDelta } from "../projection/Views.ts"
import type { StreamMessage } from "./StreamMessage.ts"

interface Subscriber {
  readonly queue: Queue.Queue<StreamMessage>
  /** Completed with the resume point when the hub detaches this subscriber for being too slow. */
  readonly dropped: Deferred.Deferred<number>
}

interface Channel {
  state: PostureState
  /** The latest deltas, oldest first, for subscribers resuming from a recent seq. */
  ring: Array<PostureDelta>
  readonly subscribers: Set<Subscriber>
}

/**
 * Per-tenant fan-out of posture deltas. The tenant actor publishes after each
 * commit; publishing never waits for a reader: a subscriber whose buffer is
 * full is sent `resync` and detached, so a slow dashboard can neither slow
 * ingestion nor grow memory. Publish and subscribe run without yielding, so
 * a new subscriber sees every delta after its starting point exactly once.
 */
export class StreamHub extends Effect.Service<StreamHub>()("StreamHub", {
  effect: Effect.gen(function*() {
    const { subscriberBuffer } = yield* EngineConfig
    const ringSize = subscriberBuffer
    const channels = new Map<string, Channel>()

    const attach = (tenantId: string, state: PostureState) =>
      Effect.sync(() => {
        const existing = channels.get(tenantId)
        if (existing && existing.state.seq === state.seq) return
        if (existing) {
          existing.state = state
          existing.ring = []
        } else {
          channels.set(tenantId, { state, ring: [], subscribers: new Set() })
        }
      })

    const publish = (tenantId: string, deltas: ReadonlyArray<PostureDelta>, state: PostureState) =>
      Effect.suspend(() => {
        const channel = channels.get(tenantId)
        if (!channel) return Effect.void
        channel.state = state
        channel.ring.push(...deltas)
        if (channel.ring.length > ringSize) channel.ring.splice(0, channel.ring.length - ringSize)
        let dropped = 0
        for (const sub of channel.subscribers) {
          for (const delta of deltas) {
            if (Option.getOrElse(sub.queue.unsafeSize(), () => 0) >= subscriberBuffer) {
              Queue.unsafeOffer(sub.queue, { type: "resync", reason: "subscriber_too_slow", resume_from: delta.seq - 1 })
              Deferred.unsafeDone(sub.dropped, Exit.succeed(delta.seq - 1))
              channel.subscribers.delete(sub)
              dropped++
              break
            }
            Queue.unsafeOffer(sub.queue, { type: "delta", seq: delta.seq, delta })
          }
        }
        return dropped === 0 ? Effect.void : Metric.incrementBy(forTenant(subscriberDrops, tenantId), dropped)
      })

    /**
     * Registers a subscriber and returns what it must be sent first: the
     * snapshot, or the deltas after `from` when they are still in the ring.
     * The tenant's actor must have attached the channel (TenantRegistry.ensure).
     */
    const subscribe = (tenantId: string, from: number | undefined) =>
      Effect.acquireRelease(
        Effect.gen(function*() {
          const queue = yield* Queue.dropping<StreamMessage>(subscriberBuffer + 1)
          const dropped = yield* Deferred.make<number>()
          const channel = channels.get(tenantId)
          if (!channel) return { initial: [] as ReadonlyArray<StreamMessage>, queue, dropped, sub: undefined }
          const { state, ring } = channel
          const snapshot: StreamMessage = { type: "snapshot", seq: state.seq, tenant_ref: tenantId, snapshot: snapshotOf(state) }
          let initial: ReadonlyArray<StreamMessage>
          if (from === undefined || from > state.seq) initial = [snapshot]
          else if (from === state.seq) initial = []
          else if (ring.length > 0 && ring[0]!.seq <= from + 1) {
            initial = ring.filter((d) => d.seq > from).map((delta) => ({ type: "delta", seq: delta.seq, delta }))
          } else initial = [snapshot]
          const sub: Subscriber = { queue, dropped }
          channel.subscribers.add(sub)
          return { initial, queue, dropped, sub }
        }),
        ({ queue, sub }) =>
          Effect.zipRight(
            Effect.sync(() => sub && channels.get(tenantId)?.subscribers.delete(sub)),
            Queue.shutdown(queue)
          )
      ).pipe(Effect.map(({ dropped, initial, queue }) => ({ initial, queue, dropped })))

    /** Tells every subscriber the engine is going away (they resume elsewhere or later). */
    const closeAll = Effect.sync(() => {
      for (const channel of channels.values()) {
        for (const sub of channel.subscribers) {
          Queue.unsafeOffer(sub.queue, { type: "resync", reason: "engine_shutting_down", resume_from: channel.state.seq })
        }
        channel.subscribers.clear()
      }
    })

    const currentSeq = (tenantId: string) => channels.get(tenantId)?.state.seq

    return { attach, publish, subscribe, closeAll, currentSeq } as const
  })
}) {}
