import { Clock, Deferred, Effect, Metric, Option, Queue } from "effect"
import type { Ack, CommitRefusal, PreparedEvent } from "../domain/StoredEvent.ts"
import { Conflict, Unavailable } from "../domain/Errors.ts"
import * as M from "../health/Metrics.ts"
import { StreamHub } from "../stream/StreamHub.ts"
import { type ActorState, loadActorState } from "./ActorState.ts"
import { Failpoints } from "./Failpoints.ts"
import { commitIsolating } from "./IsolatingCommit.ts"

/** One event waiting in a tenant's mailbox, with the promise its sender awaits. */
export interface MailboxItem {
  readonly event: PreparedEvent
  readonly done: Deferred.Deferred<Ack, CommitRefusal>
}

export interface ActorSettings {
  readonly tenantId: string
  readonly window: number
  readonly groupCommitMax: number
  readonly snapshotEvery: number
  readonly retryAfterSeconds: number
}

type Answer = Ack | Conflict | Unavailable
const isAck = (answer: Answer): answer is Ack => !(answer instanceof Conflict || answer instanceof Unavailable)

const recordMetrics = (tenantId: string, items: ReadonlyArray<MailboxItem>, acks: ReadonlyArray<Answer>, ms: number) =>
  Effect.gen(function*() {
    const t = <A, I, O>(m: Metric.Metric<A, I, O>) => M.forTenant(m, tenantId)
    let accepted = 0, duplicates = 0, late = 0, retries = 0, redactions = 0
    for (let i = 0; i < items.length; i++) {
      const { event } = items[i]!
      const ack = acks[i]!
      retries += event.envelope.transport.retry_count ?? 0
      if (!isAck(ack)) {
        // A store failure is counted as one, not as a rejected event.
        if (ack instanceof Conflict) yield* Metric.increment(Metric.tagged(t(M.eventsRejected), "reason", ack.code))
        continue
      }
      if (ack.status !== "accepted") {
        duplicates++
        continue
      }
      accepted++
      if (event.late) late++
      redactions += event.redactions
      // Both times are normalized, but a summary fed one NaN never computes its quantiles again: guard it.
      const lag = Date.parse(event.ingestedAt) - Date.parse(event.envelope.event.occurred_at)
      if (Number.isFinite(lag)) yield* Metric.update(t(M.ingestLagMs), lag)
    }
    yield* Metric.incrementBy(t(M.eventsAccepted), accepted)
    yield* Metric.incrementBy(t(M.eventsDuplicate), duplicates)
    yield* Metric.incrementBy(t(M.eventsLate), late)
    yield* Metric.incrementBy(t(M.transportRetries), retries)
    yield* Metric.incrementBy(t(M.redactions), redactions)
    yield* Metric.increment(t(M.groupCommits))
    yield* Metric.update(t(M.commitLatencyMs), ms)
  })

/**
 * The single writer of one tenant's log and projection. Loads its state from
 * the store, then drains the mailbox in group commits forever. An event the
 * store refuses is answered alone with a retryable error (see
 * `commitIsolating`); a failing store answers the batch so and fails the
 * actor, whose supervisor restarts it from the store: memory is only a cache.
 */
export const runTenantActor = (
  s: ActorSettings,
  mailbox: Queue.Queue<MailboxItem>,
  ready: Deferred.Deferred<void>
) =>
  Effect.gen(function*() {
    const hub = yield* StreamHub
    const failpoints = yield* Failpoints
    let state: ActorState = yield* loadActorState(s.tenantId, s.window)
    yield* hub.attach(s.tenantId, state.posture)
    yield* Deferred.succeed(ready, undefined)

    for (;;) {
      const items = [...(yield* Queue.takeBetween(mailbox, 1, s.groupCommitMax))]
      // A batch taken from the mailbox is always answered: the commit and the
      // acknowledgements run uninterruptibly, so shutdown waits for them.
      yield* Effect.uninterruptible(Effect.gen(function*() {
        const started = yield* Clock.currentTimeMillis
        const refusal = new Unavailable({
          code: "storage_unavailable",
          message: "the event store did not commit this event; nothing was acknowledged for it, retry",
          retryAfterSeconds: s.retryAfterSeconds
        })
        const outcome = yield* Effect.gen(function*() {
          yield* failpoints.beforeCommit(s.tenantId, items.length)
          return yield* commitIsolating(s.tenantId, state, items.map((i) => i.event), s.snapshotEvery, refusal)
        }).pipe(Effect.sandbox, Effect.either)
        if (outcome._tag === "Left") {
          yield* Effect.forEach(items, (i) => Deferred.fail(i.done, refusal), { discard: true })
          yield* Metric.increment(M.forTenant(M.storageFailures, s.tenantId))
          return yield* Effect.failCause(outcome.left)
        }
        const result = outcome.right
        state = result.state
        yield* hub.publish(s.tenantId, result.deltas, state.posture)
        // Health figures first, so whoever holds an acknowledgement already sees it counted.
        const finished = yield* Clock.currentTimeMillis
        yield* recordMetrics(s.tenantId, items, result.answers, finished - started)
        yield* Metric.incrementBy(M.forTenant(M.storageFailures, s.tenantId), result.failedCommits)
        yield* Effect.forEach(items, (item, i) => {
          const answer = result.answers[i]!
          return isAck(answer) ? Deferred.succeed(item.done, answer) : Deferred.fail(item.done, answer)
        }, { discard: true })
        if (Option.isSome(result.storeFailure)) return yield* Effect.failCause(result.storeFailure.value)
      }))
    }
  })
