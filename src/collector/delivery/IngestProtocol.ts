import { Either, Schema } from "effect"

/** The engine's ingest wire messages (src/README.md, "Ingest wire protocol"). */
const opt = <S extends Schema.Schema.Any>(s: S) => Schema.optionalWith(s, { exact: true })

const outcomeFields = {
  event_id: Schema.String,
  status: Schema.Literal("accepted", "duplicate", "rejected"),
  seq: opt(Schema.Number),
  hash: opt(Schema.String),
  error: opt(Schema.String),
  message: opt(Schema.String),
  field: opt(Schema.String),
  retryable: opt(Schema.Boolean)
}

/**
 * One per envelope, in order. The engine also names the connection's frame
 * number (from 1) and the item's index in it; a refusal of a whole frame
 * (too many envelopes, unreadable) comes as one ack without `event_id`.
 */
export const AckMessage = Schema.Struct({
  type: Schema.Literal("ack"),
  ...outcomeFields,
  event_id: opt(Schema.String),
  frame: opt(Schema.Number),
  index: opt(Schema.Number)
})
export type AckMessage = typeof AckMessage.Type

export const ReadyMessage = Schema.Struct({
  type: Schema.Literal("ready"),
  tenant_ref: Schema.String,
  max_batch_events: Schema.Number
})

/** A refusal that is not about one envelope (frame unreadable, shutting down...). */
export const ProblemBody = Schema.Struct({
  error: Schema.String,
  message: Schema.String,
  field: opt(Schema.String),
  retryable: Schema.Boolean,
  retry_after_seconds: opt(Schema.Number)
})
export type ProblemBody = typeof ProblemBody.Type

export const ServerMessage = Schema.Union(AckMessage, ReadyMessage, ProblemBody)
export type ServerMessage = typeof ServerMessage.Type

export const BatchResultItem = Schema.Struct({
  index: Schema.Number,
  ...outcomeFields,
  event_id: opt(Schema.String)
})

export const BatchResponse = Schema.Struct({
  accepted: Schema.Number,
  duplicates: Schema.Number,
  rejected: Schema.Number,
  results: Schema.Array(BatchResultItem)
})
export type BatchResponse = typeof BatchResponse.Type

/** What the engine said about one envelope, whichever transport carried it. */
export interface Outcome {
  readonly eventId: string
  readonly status: "accepted" | "duplicate" | "rejected"
  readonly error?: string
  readonly message?: string
  readonly field?: string
  readonly retryable?: boolean
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const decodeServerMessage = (text: string): ServerMessage | undefined =>
  Either.getOrUndefined(Schema.decodeUnknownEither(ServerMessage)(parseJson(text)))

export const decodeBatchResponse = (body: unknown): BatchResponse | undefined =>
  Either.getOrUndefined(Schema.decodeUnknownEither(BatchResponse)(body))

export const decodeProblem = (body: unknown): ProblemBody | undefined =>
  Either.getOrUndefined(Schema.decodeUnknownEither(ProblemBody)(body))
