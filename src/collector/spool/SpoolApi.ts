import type { Effect } from "effect"
import type { Envelope } from "../../domain/Envelope.ts"
import type { SpoolFull, SpoolIOError } from "./SpoolErrors.ts"
import type { RejectedLine } from "./SpoolFormat.ts"

/** What the spool offers its users: the CLI, hook adapters, the MCP proxy and delivery. */
export interface SpoolOptions {
  /** Bound on segment bytes on disk (default 64 MiB). */
  readonly maxBytes?: number
  /** A writer seals its segment and starts another past this size (default 1 MiB). */
  readonly segmentBytes?: number
}

export interface SpooledEnvelope {
  readonly eventId: string
  readonly envelope: Envelope
}

export interface Rejection {
  readonly eventId: string
  readonly envelope: Envelope
  readonly error: string
  readonly message: string
  readonly field?: string
}

export interface SpoolStatus {
  readonly dir: string
  readonly depth: number
  readonly bytes: number
  readonly maxBytes: number
  readonly segments: number
  readonly lastAckAt: string | undefined
  readonly rejected: number
  readonly tornLines: number
}

export interface Spool {
  readonly dir: string
  /** Durable once this succeeds (fsynced); fails with SpoolFull past the bound, writing nothing. */
  readonly append: (envelopes: ReadonlyArray<Envelope>) => Effect.Effect<void, SpoolFull | SpoolIOError>
  /** Envelopes not yet answered for good, oldest first, one per event_id. */
  readonly pending: Effect.Effect<ReadonlyArray<SpooledEnvelope>, SpoolIOError>
  readonly acknowledge: (eventIds: ReadonlyArray<{ readonly eventId: string; readonly status: "accepted" | "duplicate" }>) => Effect.Effect<void, SpoolIOError>
  /** Keeps the envelope and reason in rejected.jsonl, then marks it done: never sent again. */
  readonly reject: (items: ReadonlyArray<Rejection>) => Effect.Effect<void, SpoolIOError>
  /** Seals orphaned segments, deletes fully acknowledged ones, trims the ack log. */
  readonly compact: Effect.Effect<{ readonly removedSegments: number }, SpoolIOError>
  readonly status: Effect.Effect<SpoolStatus, SpoolIOError>
  readonly rejected: Effect.Effect<ReadonlyArray<RejectedLine>, SpoolIOError>
}
