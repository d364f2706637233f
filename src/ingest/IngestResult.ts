import type { EngineError } from "../domain/Errors.ts"
import type { Ack } from "../domain/StoredEvent.ts"

/** The outcome for one envelope of a request or frame, in input order. */
export type ItemOutcome =
  | { readonly _tag: "Acked"; readonly index: number; readonly ack: Ack }
  | { readonly _tag: "Refused"; readonly index: number; readonly eventId: string | undefined; readonly error: EngineError }

/** The wire form of an outcome (schemas/ingest-result.schema.json). */
export interface ItemResultJson {
  readonly index: number
  readonly event_id?: string
  readonly status: "accepted" | "duplicate" | "rejected"
  readonly seq?: number
  readonly hash?: string
  readonly error?: string
  readonly message?: string
  readonly field?: string
  readonly retryable?: boolean
}

export const outcomeJson = (o: ItemOutcome): ItemResultJson => {
  if (o._tag === "Acked") {
    return { index: o.index, event_id: o.ack.eventId, status: o.ack.status, seq: o.ack.seq, hash: o.ack.hash }
  }
  const e = o.error
  return {
    index: o.index,
    ...(o.eventId === undefined ? {} : { event_id: o.eventId }),
    status: "rejected",
    error: e.code,
    message: e.message,
    ...(e.field === undefined ? {} : { field: e.field }),
    retryable: e.retryable
  }
}

/** The event_id of an input that may not even be an object, for a rejection to name. */
export const eventIdOf = (input: unknown): string | undefined => {
  if (typeof input !== "object" || input === null) return undefined
  const event = (input as { readonly event?: unknown }).event
  if (typeof event !== "object" || event === null) return undefined
  const id = (event as { readonly event_id?: unknown }).event_id
  return typeof id === "string" ? id : undefined
}
