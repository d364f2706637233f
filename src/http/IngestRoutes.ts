import { HttpRouter, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { EngineConfig } from "../config/EngineConfig.ts"
import { InvalidRequest, PayloadTooLarge } from "../domain/Errors.ts"
import { countRejection, IngestPipeline } from "../ingest/IngestPipeline.ts"
import { outcomeJson } from "../ingest/IngestResult.ts"
import { bodyLimitsConfig } from "./body/RequestBody.ts"
import { problemResponse } from "./Problem.ts"
import { readJsonBody } from "./ReadBody.ts"
import { principalFor } from "./RequestAuth.ts"

/** POST /events (one envelope) and POST /events/batch (a bounded array, one result per item). */
export const ingestRoutes = Effect.gen(function*() {
  const limits = yield* bodyLimitsConfig
  const config = yield* EngineConfig
  const batchLimits = { ...limits, maxBodyBytes: config.batchMaxBytes }

  const single = Effect.gen(function*() {
    const pipeline = yield* IngestPipeline
    const principal = yield* principalFor("ingest")
    const body = yield* readJsonBody(limits).pipe(
      Effect.filterOrFail((b) => !Array.isArray(b), () =>
        new InvalidRequest({
          code: "expected_object",
          message: "POST /events takes one envelope; send arrays to /events/batch"
        })),
      Effect.tapError((e) => countRejection(principal.tenantId, e))
    )
    const [outcome] = yield* pipeline.ingest(principal, [body], "refuse-when-full")
    if (!outcome) return yield* Effect.die("no outcome for a single envelope")
    if (outcome._tag === "Refused") return problemResponse(outcome.error)
    const { event_id, status, seq, hash } = outcomeJson(outcome)
    return HttpServerResponse.unsafeJson({ event_id, status, seq, hash }, { status: status === "accepted" ? 201 : 200 })
  })

  const batchBody = Effect.gen(function*() {
    const body = yield* readJsonBody(batchLimits)
    if (!Array.isArray(body)) {
      return yield* new InvalidRequest({ code: "expected_array", message: "POST /events/batch takes a JSON array of envelopes" })
    }
    if (body.length === 0) {
      return yield* new InvalidRequest({ code: "empty_batch", message: "the batch holds no envelope" })
    }
    if (body.length > config.batchMaxEvents) {
      return yield* new PayloadTooLarge({
        code: "batch_too_large",
        message: `the batch holds ${body.length} envelopes; the limit is ${config.batchMaxEvents}`
      })
    }
    return body as ReadonlyArray<unknown>
  })

  const batch = Effect.gen(function*() {
    const pipeline = yield* IngestPipeline
    const principal = yield* principalFor("ingest")
    const body = yield* batchBody.pipe(Effect.tapError((e) => countRejection(principal.tenantId, e)))
    const outcomes = yield* pipeline.ingest(principal, body, "refuse-when-full")
    const results = outcomes.map(outcomeJson)
    const counts = {
      accepted: results.filter((r) => r.status === "accepted").length,
      duplicates: results.filter((r) => r.status === "duplicate").length,
      rejected: results.filter((r) => r.status === "rejected").length
    }
    // When the store failed part of the batch, say so at the HTTP level too:
    // a client retries the whole batch and the duplicates are recognised.
    const retryable = outcomes.find((o) => o._tag === "Refused" && o.error.retryable)
    if (retryable && retryable._tag === "Refused") return problemResponse(retryable.error, { ...counts, results })
    return HttpServerResponse.unsafeJson({ ...counts, results })
  })

  return HttpRouter.empty.pipe(
    HttpRouter.post("/events", single),
    HttpRouter.post("/events/batch", batch)
  )
})
