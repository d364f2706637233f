import type { Conflict, EnvelopeInvalid, Unavailable } from "./Errors.ts"
import type { Envelope } from "./Envelope.ts"

/**
 * An envelope after it passed the gate: redacted, normalized and stamped by
 * the engine. `envelope` is what is stored and hashed; nothing raw survives.
 */
export interface PreparedEvent {
  readonly tenantId: string
  readonly envelope: Envelope
  /** Engine receive time, UTC ISO (`YYYY-MM-DDTHH:mm:ss.sssZ`). */
  readonly ingestedAt: string
  /** Number of values the redactor replaced in this event. */
  readonly redactions: number
  /** occurred_at older than the late threshold when it arrived. */
  readonly late: boolean
  /** Canonical JSON of `envelope`, when already computed: hashed and stored as is. */
  readonly canonicalEnvelope?: string
}

/** A committed row of a tenant's log. */
export interface StoredEvent extends PreparedEvent {
  readonly seq: number
  readonly prevHash: string
  readonly hash: string
}

export type AckStatus = "accepted" | "duplicate"

export interface Ack {
  readonly eventId: string
  readonly status: AckStatus
  readonly seq: number
  readonly hash: string
}

/**
 * Why the actor did not acknowledge an event: the store failed (retryable),
 * its id or idempotency key is taken by an event with other content, or the
 * store cannot hold it (both permanent).
 */
export type CommitRefusal = Unavailable | Conflict | EnvelopeInvalid
