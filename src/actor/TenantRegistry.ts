import { Cause, Clock, Deferred, Duration, Effect, FiberMap, Metric, Queue, Schedule } from "effect"
import { EngineConfig } from "../config/EngineConfig.ts"
import type { Ack, CommitRefusal, PreparedEvent } from "../domain/StoredEvent.ts"
import { MailboxFull, Unavailable } from "../domain/Errors.ts"
import * as M from "../health/Metrics.ts"
import { type MailboxItem, runTenantActor } from "./TenantActor.ts"

interface Entry {
  readonly mailbox: Queue.Queue<MailboxItem>
  readonly ready: Deferred.Deferred<void>
  /** Senders still waiting for acknowledgements; an entry is only evicted at zero. */
  inFlight: number
  lastActive: number
}

export type SubmitMode = "refuse-when-full" | "wait-for-room"

export interface MailboxStats {
  readonly tenantId: string
  readonly depth: number
  readonly capacity: number
  readonly inFlight: number
}

/**
 * Restart backoff of a failed actor: 100 ms doubling, capped at 10 s, and
 * back to 100 ms once the actor has run a minute without failing (one bad
 * hour must not leave every later failure waiting the full 10 s).
 */
const restartSchedule = Schedule.exponential("100 millis").pipe(
  Schedule.either(Schedule.spaced("10 seconds")),
  Schedule.resetAfter("1 minute")
)

/**
 * The tenant actors: started on first use, supervised (restarted with backoff
 * after a failure, reloading from the store), evicted when idle, drained on
 * shutdown. Each tenant has its own bounded mailbox, so one noisy tenant
 * cannot starve another.
 */
export class TenantRegistry extends Effect.Service<TenantRegistry>()("TenantRegistry", {
  scoped: Effect.gen(function*() {
    const config = yield* EngineConfig
    const context = yield* Effect.context<Effect.Effect.Context<ReturnType<typeof runTenantActor>>>()
    const fibers = yield* FiberMap.make<string>()
    const scope = yield* Effect.scope
    const entries = new Map<string, Entry>()
    const lock = yield* Effect.makeSemaphore(1)
    let shuttingDown = false

    const unavailable = (code: string, message: string) =>
      new Unavailable({ code, message, retryAfterSeconds: config.retryAfterSeconds })

    const start = (tenantId: string) =>
      Effect.gen(function*() {
        const entry: Entry = {
          mailbox: yield* Queue.bounded<MailboxItem>(config.mailboxCapacity),
          ready: yield* Deferred.make<void>(),
          inFlight: 0,
          lastActive: yield* Clock.currentTimeMillis
        }
        const settings = {
          tenantId,
          window: config.postureWindow,
          groupCommitMax: config.groupCommitMax,
          snapshotEvery: config.snapshotEvery,
          retryAfterSeconds: config.retryAfterSeconds
        }
        const supervised = runTenantActor(settings, entry.mailbox, entry.ready).pipe(
          Effect.tapErrorCause((cause) =>
            Effect.zipRight(
              Effect.logWarning(`tenant actor ${tenantId} failed; restarting from the store`, Cause.pretty(cause)),
              Metric.increment(M.forTenant(M.actorRestarts, tenantId))
            )
          ),
          Effect.sandbox,
          Effect.retry(restartSchedule),
          Effect.provide(context)
        )
        yield* FiberMap.run(fibers, tenantId, supervised)
        entries.set(tenantId, entry)
        return entry
      })

    /** The tenant's entry (started if needed), counted as in use until `release`. */
    const acquire = (tenantId: string) =>
      lock.withPermits(1)(Effect.gen(function*() {
        if (shuttingDown) return yield* unavailable("shutting_down", "the engine is shutting down; retry shortly")
        const entry = entries.get(tenantId) ?? (yield* start(tenantId))
        entry.inFlight++
        entry.lastActive = yield* Clock.currentTimeMillis
        return entry
      }))

    const release = (entry: Entry) => Effect.sync(() => void entry.inFlight--)

    /**
     * Hands events to the tenant's actor. Returns once they are in the mailbox,
     * with an effect that awaits their acknowledgements (sent only after the
     * commit). `refuse-when-full` fails at once with 429 when the mailbox
     * cannot take them all; `wait-for-room` suspends the sender instead (a
     * WebSocket then stops being read).
     */
    const offer = (tenantId: string, events: ReadonlyArray<PreparedEvent>, mode: SubmitMode) =>
      Effect.gen(function*() {
        const entry = yield* acquire(tenantId)
        const items = yield* Effect.forEach(events, (event) =>
          Effect.map(Deferred.make<Ack, CommitRefusal>(), (done): MailboxItem => ({ event, done })))
        const queued = Effect.gen(function*() {
          if (mode === "refuse-when-full") {
            const depth = Math.max(0, yield* Queue.size(entry.mailbox))
            if (depth + items.length > config.mailboxCapacity) {
              yield* Metric.incrementBy(M.forTenant(M.mailboxRefusals, tenantId), items.length)
              return yield* new MailboxFull({
                code: "mailbox_full",
                message: `tenant mailbox is full (${depth}/${config.mailboxCapacity} events queued); retry later`,
                retryAfterSeconds: config.retryAfterSeconds
              })
            }
          }
          yield* Queue.offerAll(entry.mailbox, items)
        })
        yield* Effect.onExit(queued, (exit) => (exit._tag === "Failure" ? release(entry) : Effect.void))
        const acks = Effect.forEach(items, (i) => Effect.either(Deferred.await(i.done)))
        // The entry stays in use until the actor answered, whether or not the
        // sender is still there to read the answers (a closed WebSocket).
        yield* Effect.forkIn(Effect.ensuring(acks, release(entry)), scope)
        return acks
      })

    const submit = (tenantId: string, events: ReadonlyArray<PreparedEvent>, mode: SubmitMode) =>
      Effect.flatten(offer(tenantId, events, mode))

    /** Starts the tenant's actor (if needed) and waits until its state is loaded. */
    const ensure = (tenantId: string) =>
      Effect.acquireUseRelease(acquire(tenantId), (entry) => Deferred.await(entry.ready), release)

    const stats = Effect.suspend(() => Effect.forEach([...entries], ([tenantId, e]) =>
      Effect.map(Queue.size(e.mailbox), (size): MailboxStats => ({
        tenantId,
        depth: Math.max(0, size),
        capacity: config.mailboxCapacity,
        inFlight: e.inFlight
      }))))

    const evictIdle = lock.withPermits(1)(Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      for (const [tenantId, entry] of entries) {
        const idle = now - entry.lastActive >= config.actorIdleSeconds * 1000
        if (idle && entry.inFlight === 0 && (yield* Queue.size(entry.mailbox)) <= 0) {
          entries.delete(tenantId)
          yield* FiberMap.remove(fibers, tenantId)
        }
      }
    }))
    yield* Effect.forkScoped(
      Effect.repeat(evictIdle, Schedule.spaced(Duration.seconds(Math.max(1, config.actorIdleSeconds / 4))))
    )

    // Shutdown: refuse new work, let actors drain what they were given, then
    // answer anything left with a retryable error.
    yield* Effect.addFinalizer(() =>
      Effect.gen(function*() {
        shuttingDown = true
        const drained = Effect.forEach([...entries.values()], (e) => Queue.size(e.mailbox)).pipe(
          // Queue.size is negative while the actor waits to take: that is empty too.
          Effect.map((sizes) => sizes.every((n) => n <= 0) && [...entries.values()].every((e) => e.inFlight === 0)),
          Effect.repeat({ until: (done) => done, schedule: Schedule.spaced("10 millis") })
        )
        yield* Effect.interruptible(drained).pipe(Effect.timeout("10 seconds"), Effect.ignore)
        yield* FiberMap.clear(fibers)
        const refusal = unavailable("shutting_down", "the engine stopped before this event was committed; retry")
        for (const e of entries.values()) {
          const left = yield* Queue.takeAll(e.mailbox)
          yield* Effect.forEach(left, (i) => Deferred.fail(i.done, refusal), { discard: true })
        }
      })
    )

    return { offer, submit, ensure, stats } as const
  })
}) {}
