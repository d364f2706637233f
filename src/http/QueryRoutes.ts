import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { AdminAuth } from "../auth/AdminAuth.ts"
import { isAdminToken } from "../auth/Tokens.ts"
import { InvalidRequest, NotFound } from "../domain/Errors.ts"
import type { StoredEvent } from "../domain/StoredEvent.ts"
import { HealthReport } from "../health/HealthReport.ts"
import { buildReplayPacket } from "../projection/Replay.ts"
import { ChainAudit } from "../store/ChainAudit.ts"
import { EventStore } from "../store/EventStore.ts"
import { principalFor } from "./RequestAuth.ts"

/** Most events one replay packet holds. */
const REPLAY_LIMIT = 10_000

export const storedEventJson = (e: StoredEvent) => ({
  tenant_ref: e.tenantId,
  seq: e.seq,
  hash: e.hash,
  prev_hash: e.prevHash,
  ingested_at: e.ingestedAt,
  late: e.late,
  redactions: e.redactions,
  envelope: e.envelope
})

/** A path parameter; one holding U+0000 names nothing that can be stored, so it is refused before the store. */
const param = (name: string) =>
  Effect.flatMap(HttpRouter.params, (p) => {
    const value = p[name] ?? ""
    return value.includes("\u0000")
      ? Effect.fail(new InvalidRequest({ code: "invalid_identifier", message: `${name} contains U+0000`, field: name }))
      : Effect.succeed(value)
  })

/** GET /events/{event_id} (viewer, auditor) — another tenant's id is simply not found. */
const eventById = Effect.gen(function*() {
  const principal = yield* principalFor("read")
  const eventId = yield* param("event_id")
  const store = yield* EventStore
  const event = yield* store.byEventId(principal.tenantId, eventId)
  if (!event) {
    return yield* new NotFound({ code: "event_not_found", message: `no event ${eventId} in this tenant`, field: "event_id" })
  }
  return HttpServerResponse.unsafeJson(storedEventJson(event))
})

/** GET /replay/{session_id} (auditor): the session as a replay packet. */
const replay = Effect.gen(function*() {
  const principal = yield* principalFor("replay")
  const sessionId = yield* param("session_id")
  const store = yield* EventStore
  const events = yield* store.session(principal.tenantId, sessionId, REPLAY_LIMIT)
  if (events.length === 0) {
    return yield* new NotFound({
      code: "session_not_found",
      message: `no session ${sessionId} in this tenant`,
      field: "session_id"
    })
  }
  return HttpServerResponse.unsafeJson(buildReplayPacket(sessionId, events))
})

/** GET /audit/chain (auditor): recomputes the tenant's whole hash chain. */
const verifyChain = Effect.gen(function*() {
  const principal = yield* principalFor("replay")
  const audit = yield* ChainAudit
  return HttpServerResponse.unsafeJson(yield* audit.verify(principal.tenantId))
})

/** GET /ingestion/health: a viewer or auditor gets its tenant; the admin token the overall view. */
const health = Effect.gen(function*() {
  const report = yield* HealthReport
  const request = yield* HttpServerRequest.HttpServerRequest
  if (isAdminToken(request.headers["authorization"])) {
    const admin = yield* AdminAuth
    yield* admin.authenticate(request.headers["authorization"])
    return HttpServerResponse.unsafeJson(yield* report.operatorReport)
  }
  const principal = yield* principalFor("read")
  return HttpServerResponse.unsafeJson(yield* report.report(principal.tenantId))
})

export const queryRoutes = HttpRouter.empty.pipe(
  HttpRouter.get("/events/:event_id", eventById),
  HttpRouter.get("/replay/:session_id", replay),
  HttpRouter.get("/audit/chain", verifyChain),
  HttpRouter.get("/ingestion/health", health)
)
