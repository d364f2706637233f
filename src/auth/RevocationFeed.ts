import { PgClient } from "@effect/sql-pg"
import { Deferred, Duration, Effect, Fiber, Option, Schedule, Stream } from "effect"
import { EngineConfig } from "../config/EngineConfig.ts"
import { CollectorAuth } from "./CollectorAuth.ts"

const channel = "aispm_credential_revoked"
/** How long the feed may take to confirm it listens before the engine serves anyway. */
const readyWithin = Duration.seconds(10)
/** How often the feed checks that it still hears itself, and how long it waits for its ping. */
const checkEvery = Duration.seconds(5)
const pingWithin = Duration.seconds(5)

/**
 * Revocations across engine processes on one PostgreSQL database: a revoke
 * is announced with NOTIFY, and every engine LISTENing ends the connections
 * opened with that credential and forgets its cached row at once.
 *
 * The listening connection can drop without a word (the driver swallows its
 * errors), so the feed pings itself every few seconds and, when it stops
 * hearing itself, listens again on a new connection. What was announced in
 * between is caught by CollectorAuth's periodic re-check of long-lived
 * connections and by the credential cache's time to live. The embedded
 * store is one process by construction (its folder is locked), so there it
 * is local only.
 */
export class RevocationFeed extends Effect.Service<RevocationFeed>()("RevocationFeed", {
  scoped: Effect.gen(function*() {
    const config = yield* EngineConfig
    const auth = yield* CollectorAuth
    const pg = yield* PgClient.PgClient
    const shared = Option.isSome(config.databaseUrl)

    // pg_notify, not PgClient.notify: that one sends `NOTIFY channel, $1`, which PostgreSQL cannot parse.
    const notify = (payload: string) => Effect.asVoid(pg`SELECT pg_notify(${channel}, ${payload})`)
    const announce = (credentialId: string) =>
      notify(credentialId).pipe(
        Effect.catchAll((e) =>
          Effect.logWarning("revocation not announced to other engine processes; they find it on their next check", e))
      )

    if (shared) {
      const pings = new Map<string, Deferred.Deferred<void>>()
      const listen = pg.listen(channel).pipe(
        Stream.runForEach((payload) => {
          const ping = pings.get(payload)
          return ping ? Deferred.succeed(ping, undefined) : payload.startsWith("ping:") ? Effect.void : auth.revoked(payload)
        }),
        Effect.catchAll((e) => Effect.logWarning("revocation feed failed", e))
      )
      /** Whether the feed hears a ping of its own within `pingWithin`. */
      const hearsItself = Effect.gen(function*() {
        const ping = `ping:${crypto.randomUUID()}`
        const heard = yield* Deferred.make<void>()
        pings.set(ping, heard)
        return yield* Deferred.await(heard).pipe(
          Effect.raceFirst(Effect.repeat(Effect.ignore(notify(ping)), Schedule.spaced("250 millis"))),
          Effect.timeoutOption(pingWithin),
          Effect.map(Option.isSome),
          Effect.ensuring(Effect.sync(() => pings.delete(ping)))
        )
      })

      let listener = yield* Effect.forkScoped(listen)
      // Ready once it hears itself: LISTEN is in place before the engine serves.
      const ready = yield* Effect.repeat(hearsItself, { until: (ok) => ok }).pipe(
        Effect.timeoutOption(readyWithin),
        Effect.map(Option.isSome)
      )
      if (!ready) yield* Effect.logWarning("revocation feed not confirmed yet; it keeps trying")
      yield* Effect.forkScoped(Effect.forever(Effect.gen(function*() {
        yield* Effect.sleep(checkEvery)
        if (yield* hearsItself) return
        yield* Effect.logWarning("revocation feed went silent; listening again on a new connection")
        yield* Fiber.interrupt(listener)
        listener = yield* Effect.forkScoped(listen)
      })))
    }

    /** After a revoke committed: this engine at once, the others through the feed. */
    const revoked = (credentialId: string) =>
      Effect.zipRight(auth.revoked(credentialId), shared ? announce(credentialId) : Effect.void)

    return { revoked } as const
  })
}) {}
