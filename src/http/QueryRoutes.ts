import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { AdminAuth } from "../auth/AdminAuth.ts"
import { isAdminToken } from "../auth/Tokens.ts"
import { NotFound } from "../domain/Errors.ts"
import type { StoredEvent } from "../domain/StoredEvent.ts"
import { HealthReport } from "../health/HealthReport.ts"
import { REPLAY_PAGE_MAX, replayFold } from "../projection/Replay.ts"
import { ChainAudit } from "../store/ChainAudit.ts"
import { EventStore } from "../store/EventStore.ts"
import { HeavyReads } from "../store/HeavyReads.ts"
import { intQuery, param, textQuery } from "./Query.ts"
import { principalFor } from "./RequestAuth.ts"

/** Events read from the store at a time while a session is folded. */
const REPLAY_SCAN = 1000

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

/**
 * GET /replay/{session_id}?after_seq=&limit= (auditor): the session as a
 * replay packet. Summary and times cover the whole session; the steps come
 * in pages of at most `limit`, `page.next_after_seq` naming the next one.
 */
const replay = Effect.gen(function*() {
  const principal = yield* principalFor("replay")
  const sessionId = yield* param("session_id")
  const afterSeq = yield* intQuery("after_seq", 0, 0, Number.MAX_SAFE_INTEGER)
  const limit = yield* intQuery("limit", REPLAY_PAGE_MAX, 1, REPLAY_PAGE_MAX)
  const store = yield* EventStore
  const heavy = yield* HeavyReads
  const fold = replayFold(sessionId, afterSeq, limit)
  for (let cursor = 0;;) {
    const rows = yield* heavy.page(store.session(principal.tenantId, sessionId, cursor, REPLAY_SCAN))
    for (const row of rows) fold.add(row)
    if (rows.length < REPLAY_SCAN) break
    cursor = rows[rows.length - 1]!.seq
  }
  const packet = fold.packet()
  if (packet.summary.steps === 0) {
    return yield* new NotFound({
      code: "session_not_found",
      message: `no session ${sessionId} in this tenant`,
      field: "session_id"
    })
  }
  return HttpServerResponse.unsafeJson(packet)
})

/** GET /audit/chain (auditor): recomputes the tenant's whole hash chain. */
const verifyChain = Effect.gen(function*() {
  const principal = yield* principalFor("replay")
  const audit = yield* ChainAudit
  return HttpServerResponse.unsafeJson(yield* audit.verify(principal.tenantId))
})

/** Tenants one page of the operator's health view lists (`?limit=`), by default and at most. */
const OPERATOR_PAGE_DEFAULT = 100
const OPERATOR_PAGE_MAX = 1000

/**
 * GET /ingestion/health: a viewer or auditor gets its tenant; the admin
 * token the overall view, its tenants in pages (`?after=<tenant_ref>&limit=`).
 */
const health = Effect.gen(function*() {
  const report = yield* HealthReport
  const request = yield* HttpServerRequest.HttpServerRequest
  if (isAdminToken(request.headers["authorization"])) {
    const admin = yield* AdminAuth
    yield* admin.authenticate(request.headers["authorization"])
    const after = yield* textQuery("after")
    const limit = yield* intQuery("limit", OPERATOR_PAGE_DEFAULT, 1, OPERATOR_PAGE_MAX)
    return HttpServerResponse.unsafeJson(yield* report.operatorReport({ after, limit }))
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
