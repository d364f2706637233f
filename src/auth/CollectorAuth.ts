import { Cache, Duration, Effect, PubSub, Queue, Schedule } from "effect"
import { Forbidden, Unauthorized } from "../domain/Errors.ts"
import { AdminAuth } from "./AdminAuth.ts"
import { sha256Hex } from "../integrity/Digest.ts"
import { CredentialStore } from "../store/CredentialStore.ts"
import { may, type Permission, type Principal } from "./Principal.ts"
import { constantTimeEqual, parseToken } from "./Tokens.ts"

const permissionWords: Record<Permission, string> = {
  ingest: "send events",
  read: "read events, streams or health",
  replay: "replay sessions or audit the chain"
}

const unauthorized = (code: string, message: string) => new Unauthorized({ code, message })

/** How often a long-lived connection re-checks its credential (a revocation it was not told of). */
const RECHECK_EVERY = Duration.seconds(15)

/**
 * Bearer tokens → principals. Credential rows are cached briefly by
 * credential id so single events do not pay a store round trip each; the
 * secret is hashed and compared on every request. A revocation through this
 * engine evicts the row at once and closes the sockets and streams opened
 * with it; one made by another engine process on the same database arrives
 * through the RevocationFeed, or at worst takes effect for new requests
 * within the cache's time to live (30 s) and for open connections on their
 * next re-check (within 45 s). Store failures are never cached.
 */
export class CollectorAuth extends Effect.Service<CollectorAuth>()("CollectorAuth", {
  scoped: Effect.gen(function*() {
    const credentials = yield* CredentialStore
    const admin = yield* AdminAuth
    const cache = yield* Cache.make({
      capacity: 10_000,
      timeToLive: Duration.seconds(30),
      lookup: (credentialId: string) =>
        credentials.find(credentialId).pipe(
          Effect.catchAll(() => Effect.fail(unauthorized("auth_unavailable", "credentials could not be checked")))
        )
    })

    const verify = (token: string): Effect.Effect<Principal, Unauthorized | Forbidden> =>
      Effect.gen(function*() {
        const parsed = parseToken(token)
        if (!parsed) return yield* unauthorized("invalid_token", "the bearer token is not an AISPM token")
        // A genuine admin token may not do this: 403, like a viewer sending events. A forged one is 401.
        if (parsed.admin) {
          yield* admin.authenticate(`Bearer ${token}`).pipe(
            Effect.mapError(() => unauthorized("invalid_token", "unknown or revoked credential"))
          )
          return yield* new Forbidden({
            code: "admin_token_not_accepted",
            message: "an admin token works on /admin and on the operator health view only; use a collector, viewer or auditor token"
          })
        }
        const record = yield* cache.get(parsed.credentialId).pipe(
          Effect.tapError(() => cache.invalidate(parsed.credentialId))
        )
        const hash = yield* sha256Hex(parsed.secret)
        if (!record || !constantTimeEqual(hash, record.tokenHash) || record.revoked) {
          return yield* unauthorized("invalid_token", "unknown or revoked credential")
        }
        return { tenantId: record.tenantId, credentialId: record.credentialId, role: record.role, scopes: record.scopes }
      })

    /** Reads `Authorization: Bearer <token>` (or a token passed by a WebSocket/SSE query). */
    const authenticate = (authorization: string | undefined) =>
      Effect.gen(function*() {
        const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
        if (!token) return yield* unauthorized("missing_credentials", "send Authorization: Bearer <token>")
        return yield* verify(token)
      })

    const revocations = yield* PubSub.unbounded<string>()

    /** After a revocation: forgets the credential's cached row and ends the connections opened with it. */
    const revoked = (credentialId: string) =>
      Effect.zipRight(cache.invalidate(credentialId), PubSub.publish(revocations, credentialId))

    /** Whether the credential is still good as far as the cache knows; a store failure does not cut anyone off. */
    const stillValid = (credentialId: string) =>
      cache.get(credentialId).pipe(
        Effect.map((record) => record !== undefined && !record.revoked),
        Effect.orElseSucceed(() => true)
      )

    /**
     * For a long-lived connection: subscribes now (in the caller's scope) and
     * gives an effect that completes when this credential is revoked: at once
     * when the revocation is announced, else (another process's, over a feed
     * that dropped it) on a re-check every RECHECK_EVERY through the cache.
     */
    const whenRevoked = (credentialId: string) =>
      Effect.map(PubSub.subscribe(revocations), (subscription) => {
        const announced = Effect.repeat(Queue.take(subscription), { until: (id) => id === credentialId })
        const found = Effect.repeat(stillValid(credentialId), {
          schedule: Schedule.spaced(RECHECK_EVERY),
          until: (valid) => !valid
        })
        return Effect.asVoid(Effect.raceFirst(announced, found))
      })

    const require = (principal: Principal, permission: Permission): Effect.Effect<void, Forbidden> =>
      may(principal.role, permission)
        ? Effect.void
        : Effect.fail(
          new Forbidden({
            code: "wrong_role",
            message: `a ${principal.role} credential may not ${permissionWords[permission]}`
          })
        )

    return { authenticate, require, revoked, whenRevoked } as const
  })
}) {}
