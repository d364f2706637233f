import { PgClient } from "@effect/sql-pg"
import { Deferred, Duration, Effect, Option, Schedule, Stream } from "effect"
import { EngineConfig } from "../config/EngineConfig.ts"
import { CollectorAuth } from "./CollectorAuth.ts"

const channel = "aispm_credential_revoked"
const readyWithin = Duration.seconds(10)

/**
 * Revocations across engine processes on one PostgreSQL database: a revoke
 * is announced with NOTIFY, and every engine LISTENing ends the connections
 * opened with that credential and forgets its cached row at once. Should the
 * listening connection drop, the credential cache's time to live (30 s)
 * still bounds how long another process honours a revoked token. The
 * embedded store is one process by construction (its folder is locked), so
 * there it is local only.
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
          Effect.logWarning("revocation not announced to other engine processes; they honour it within 30 s", e))
      )

    if (shared) {
      // The feed is ready once it hears its own ping: LISTEN is in place before the engine serves.
      const ping = `ping:${crypto.randomUUID()}`
      const heard = yield* Deferred.make<void>()
      yield* pg.listen(channel).pipe(
        Stream.runForEach((payload) => payload === ping ? Deferred.succeed(heard, undefined) : auth.revoked(payload)),
        Effect.tapError((e) => Effect.logWarning("revocation feed lost; listening again", e)),
        Effect.retry(Schedule.exponential("1 second").pipe(Schedule.either(Schedule.spaced("30 seconds")))),
        Effect.forkScoped
      )
      yield* Deferred.await(heard).pipe(
        Effect.raceFirst(Effect.repeat(Effect.ignore(notify(ping)), Schedule.spaced("100 millis"))),
        Effect.timeoutOption(readyWithin),
        Effect.flatMap(Option.match({
          onNone: () => Effect.logWarning("revocation feed not confirmed; other processes' revocations take up to 30 s"),
          onSome: () => Effect.void
        }))
      )
    }

    /** After a revoke committed: this engine at once, the others through the feed. */
    const revoked = (credentialId: string) =>
      Effect.zipRight(auth.revoked(credentialId), shared ? announce(credentialId) : Effect.void)

    return { revoked } as const
  })
}) {}
