import { Duration, Effect, Either, Schedule } from "effect"
import type { SpoolIOError } from "../spool/SpoolErrors.ts"
import { type DeliveryConfig, type ResolvedConfig, resolveConfig } from "./DeliveryConfig.ts"
import { DeliveryFailed } from "./DeliveryErrors.ts"
import { postBatch } from "./HttpBatch.ts"
import { type DrainReport, type RunContext, makeRunContext } from "./RunContext.ts"
import { runSession } from "./WsSession.ts"

/** Sends everything spooled right now over HTTPS batches; retryable refusals stay spooled. */
const httpRound = (cfg: ResolvedConfig, run: RunContext): Effect.Effect<void, DeliveryFailed | SpoolIOError> =>
  Effect.gen(function* () {
    const pending = yield* cfg.spool.pending
    for (let i = 0; i < pending.length; i += cfg.httpBatchEvents) {
      const chunk = pending.slice(i, i + cfg.httpBatchEvents)
      const outcomes = yield* postBatch(cfg, chunk.map((item) => run.forSend(item, "batch")))
      yield* run.settle(outcomes, new Map(chunk.map((item) => [item.eventId, item])))
    }
  })

/**
 * The delivery loop: the persistent WebSocket first; after `fallbackAfter`
 * consecutive failed connections (0: always), one round over HTTPS batch; between
 * attempts the `reconnect` schedule's delay (reset once a connection worked),
 * stretched to a `Retry-After` the engine gave. A refused credential or a
 * request the engine will never take stops the loop: waiting cannot help.
 */
const deliver = (
  cfg: ResolvedConfig,
  mode: "drain" | "follow"
): Effect.Effect<DrainReport, DeliveryFailed | SpoolIOError> =>
  Effect.gen(function* () {
    const run = makeRunContext(cfg)
    const reconnect = yield* Schedule.driver(cfg.reconnect)
    let failures = 0
    while (true) {
      if (mode === "drain" && (yield* cfg.spool.pending).length === 0) break
      let retryAfter: number | undefined
      if (failures >= cfg.fallbackAfter) {
        failures = 0
        const round = yield* Effect.either(httpRound(cfg, run))
        if (Either.isLeft(round)) {
          if (round.left._tag === "SpoolIOError" || !round.left.retryable) return yield* Effect.fail(round.left)
        } else if ((yield* cfg.spool.pending).length === 0) {
          // Everything answered for good: no backoff. Only retryable refusals fall through to it.
          yield* reconnect.reset
          if (mode === "follow") yield* Effect.sleep(cfg.pollInterval)
          continue
        }
      } else {
        const end = yield* Effect.scoped(runSession(cfg, run, mode))
        if (mode === "follow") yield* cfg.spool.compact
        if (end._tag === "Drained") break
        if (end._tag === "GaveUp" && mode === "drain") break
        if (end._tag === "ConnectFailed") {
          failures++
          retryAfter = end.retryAfterSeconds
        } else {
          failures = 0
          yield* reconnect.reset
        }
      }
      if (retryAfter !== undefined) yield* cfg.sleep(Duration.seconds(retryAfter))
      const step = yield* Effect.either(reconnect.next(undefined))
      if (Either.isLeft(step)) {
        if (mode === "drain") break
        return yield* new DeliveryFailed({
          code: "reconnect_exhausted",
          message: "the reconnect schedule ended without reaching the engine",
          retryable: true
        })
      }
    }
    yield* cfg.spool.compact
    return run.report((yield* cfg.spool.pending).length)
  })

/**
 * Ships what is spooled now and returns: what a hook's next invocation or
 * `aispm-collect` after a batch of input calls. Bounded by the reconnect
 * schedule (default: 5 attempts); envelopes not acknowledged stay spooled.
 */
export const drainOnce = (config: DeliveryConfig): Effect.Effect<DrainReport, DeliveryFailed | SpoolIOError> => {
  const cfg = resolveConfig(config)
  return deliver(
    { ...cfg, reconnect: config.reconnect ?? cfg.reconnect.pipe(Schedule.intersect(Schedule.recurs(5))) },
    "drain"
  )
}

/**
 * The background sender: keeps one WebSocket open, follows the spool for new
 * envelopes, and only returns on a failure waiting cannot fix. Compacts the
 * spool when idle and after every connection.
 */
export const runDelivery = (config: DeliveryConfig): Effect.Effect<never, DeliveryFailed | SpoolIOError> =>
  Effect.flatMap(deliver(resolveConfig(config), "follow"), () =>
    Effect.die(new Error("the follow loop only ends with a failure"))
  )
