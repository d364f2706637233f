import { Schema } from "effect"

/**
 * Every way the engine refuses something. Each error carries a stable reason
 * `code`, a human `message`, optionally the `field` at fault, its HTTP
 * `status` and whether a retry can help. The HTTP edge turns them into a
 * problem body; the health layer counts them by code.
 */
const problem = {
  code: Schema.String,
  message: Schema.String,
  field: Schema.optional(Schema.String)
}
const retryableProblem = { ...problem, retryAfterSeconds: Schema.Number }

/** 400: the request itself is malformed (JSON, UTF-8, nesting, query). */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", problem) {
  get status(): number { return 400 }
  get retryable(): boolean { return false }
}

/** 401: no credential, or one the engine does not know. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", problem) {
  get status(): number { return 401 }
  get retryable(): boolean { return false }
}

/** 403: a known credential that may not do this (role, tenant, scope). */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", problem) {
  get status(): number { return 403 }
  get retryable(): boolean { return false }
}

/** 404: nothing of this tenant's under that name. */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", problem) {
  get status(): number { return 404 }
  get retryable(): boolean { return false }
}

/** 409: conflicts with what is stored (e.g. an idempotency key reused for another event). */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", problem) {
  get status(): number { return 409 }
  get retryable(): boolean { return false }
}

/** 413: body, batch or inflated body larger than the configured limit. */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", problem) {
  get status(): number { return 413 }
  get retryable(): boolean { return false }
}

/** 415: Content-Type or Content-Encoding the engine does not take. */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()(
  "UnsupportedMediaType",
  problem
) {
  get status(): number { return 415 }
  get retryable(): boolean { return false }
}

/** 422: well-formed JSON that breaks the contract or a semantic rule. */
export class EnvelopeInvalid extends Schema.TaggedError<EnvelopeInvalid>()("EnvelopeInvalid", problem) {
  get status(): number { return 422 }
  get retryable(): boolean { return false }
}

/** 429: the tenant's mailbox is full; come back after `retryAfterSeconds`. */
export class MailboxFull extends Schema.TaggedError<MailboxFull>()("MailboxFull", retryableProblem) {
  get status(): number { return 429 }
  get retryable(): boolean { return true }
}

/** 503: the store failed or the engine is shutting down; nothing was acknowledged. */
export class Unavailable extends Schema.TaggedError<Unavailable>()("Unavailable", retryableProblem) {
  get status(): number { return 503 }
  get retryable(): boolean { return true }
}

export type PermanentError =
  | InvalidRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | PayloadTooLarge
  | UnsupportedMediaType
  | EnvelopeInvalid

export type RetryableError = MailboxFull | Unavailable

export type EngineError = PermanentError | RetryableError

/** The JSON problem body every refusal is answered with. */
export interface Problem {
  readonly error: string
  readonly message: string
  readonly field?: string
  readonly retryable: boolean
  readonly retry_after_seconds?: number
}

export const toProblem = (e: EngineError): Problem => {
  const base = { error: e.code, message: e.message, retryable: e.retryable }
  const withField = e.field === undefined ? base : { ...base, field: e.field }
  return "retryAfterSeconds" in e ? { ...withField, retry_after_seconds: e.retryAfterSeconds } : withField
}
