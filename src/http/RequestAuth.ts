import { HttpServerRequest } from "@effect/platform"
import { Effect, Metric } from "effect"
import { CollectorAuth } from "../auth/CollectorAuth.ts"
import type { Permission, Principal } from "../auth/Principal.ts"
import type { Forbidden, Unauthorized } from "../domain/Errors.ts"
import { accessRefused, eventsRejected, forTenant, UNAUTHENTICATED } from "../health/Metrics.ts"

/**
 * The caller of this request, with the permission the route needs. Only the
 * Authorization header names a credential (browsers' EventSource cannot set
 * it: dashboards use `fetch` streaming or a WebSocket with the header).
 */
export const principalFor = (
  permission: Permission
): Effect.Effect<Principal, Unauthorized | Forbidden, CollectorAuth | HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const auth = yield* CollectorAuth
    const request = yield* HttpServerRequest.HttpServerRequest
    const principal = yield* auth.authenticate(request.headers["authorization"]).pipe(
      Effect.tapError((e) =>
        Metric.increment(Metric.tagged(forTenant(eventsRejected, UNAUTHENTICATED), "reason", e.code))
      )
    )
    // A refused read is access evidence, not an event rejection: it is counted apart.
    const refusals = permission === "ingest" ? eventsRejected : accessRefused
    yield* auth.require(principal, permission).pipe(
      Effect.tapError((e) => Metric.increment(Metric.tagged(forTenant(refusals, principal.tenantId), "reason", e.code)))
    )
    return principal
  })
