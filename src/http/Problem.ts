import { HttpServerResponse } from "@effect/platform"
import { type EngineError, toProblem } from "../domain/Errors.ts"

/** A refusal as an HTTP response: the JSON problem body, its status, and Retry-After when retrying helps. */
export const problemResponse = (error: EngineError, extra?: Record<string, unknown>) =>
  HttpServerResponse.unsafeJson({ ...toProblem(error), ...extra }, {
    status: error.status,
    headers: "retryAfterSeconds" in error
      ? { "retry-after": String(error.retryAfterSeconds) }
      : error.status === 401
      ? { "www-authenticate": `Bearer realm="aispm", error="invalid_token"` }
      : {}
  })
