import { HttpRouter, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { type EngineError, NotFound, Unavailable } from "../domain/Errors.ts"
import { adminRoutes } from "./AdminRoutes.ts"
import { ingestRoutes } from "./IngestRoutes.ts"
import { ingestSocket } from "./IngestSocket.ts"
import { problemResponse } from "./Problem.ts"
import { queryRoutes } from "./QueryRoutes.ts"
import { streamRoute } from "./StreamRoute.ts"

export const API_PREFIX = "/enterprise/aispm"

const engineTags = new Set([
  "InvalidRequest",
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "Conflict",
  "PayloadTooLarge",
  "UnsupportedMediaType",
  "EnvelopeInvalid",
  "MailboxFull",
  "Unavailable"
])

const isEngineError = (e: unknown): e is EngineError =>
  typeof e === "object" && e !== null && "_tag" in e && engineTags.has(String(e._tag))

/**
 * Every failure leaves as a problem body: typed refusals with their own
 * status, an unknown route as 404, anything else (the store failing under a
 * read) as a retryable 503. A defect is logged and answered 503 too: the
 * engine keeps serving.
 */
const toResponse = (e: unknown) =>
  Effect.gen(function*() {
    if (isEngineError(e)) return problemResponse(e)
    if (typeof e === "object" && e !== null && "_tag" in e && e._tag === "RouteNotFound") {
      return problemResponse(new NotFound({ code: "route_not_found", message: "no such endpoint" }))
    }
    yield* Effect.logWarning("request failed", e)
    return problemResponse(
      new Unavailable({ code: "storage_unavailable", message: "the engine could not answer; retry", retryAfterSeconds: 1 })
    )
  })

export const makeRouter = Effect.gen(function*() {
  const ingest = yield* ingestRoutes
  const api = HttpRouter.empty.pipe(
    HttpRouter.concat(ingest),
    HttpRouter.concat(queryRoutes),
    HttpRouter.concat(adminRoutes),
    HttpRouter.get("/ingest", ingestSocket),
    HttpRouter.get("/stream", streamRoute),
    HttpRouter.prefixAll(API_PREFIX),
    HttpRouter.get("/healthz", HttpServerResponse.json({ status: "ok" }))
  )
  return api.pipe(
    Effect.catchAll(toResponse),
    Effect.catchAllDefect((defect) =>
      Effect.zipRight(
        Effect.logError("defect while serving a request", defect),
        Effect.succeed(problemResponse(
          new Unavailable({ code: "internal_error", message: "the engine hit an internal error; retry", retryAfterSeconds: 1 })
        ))
      )
    )
  )
})
