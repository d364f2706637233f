import { Either } from "effect"
import type { Envelope } from "../domain/Envelope.ts"
import { EnvelopeInvalid } from "../domain/Errors.ts"
import { EARLIEST_MILLIS, LATEST_MILLIS, parseDateTimeMillis } from "../domain/DateTime.ts"
import { checkStorable } from "./StorableRules.ts"

export interface SemanticSettings {
  /** Tolerated disagreement between collector and engine clocks. */
  readonly clockSkewSeconds: number
  /** Events older than this when they arrive are flagged late (and still accepted). */
  readonly lateAfterSeconds: number
}

export const defaultSemanticSettings: SemanticSettings = { clockSkewSeconds: 300, lateAfterSeconds: 3600 }

export interface SemanticVerdict {
  readonly envelope: Envelope
  readonly late: boolean
}

const fail = (code: string, field: string, message: string): Either.Either<never, EnvelopeInvalid> =>
  Either.left(new EnvelopeInvalid({ code, message, field }))

// An empty reference points nowhere: the contract allows "", the rules do not.
const absent = (ref: string | undefined): boolean => ref === undefined || ref.trim() === ""

/** A timestamp as epoch milliseconds, within the years the store and the figures can hold. */
const instant = (text: string, field: string): Either.Either<number, EnvelopeInvalid> => {
  const ms = parseDateTimeMillis(text)
  if (ms === undefined) return fail("invalid_format", field, `${field} must be an RFC 3339 date-time`)
  if (ms < EARLIEST_MILLIS || ms > LATEST_MILLIS) {
    return fail("timestamp_out_of_range", field, `${field} must lie between 1970-01-01 and 9999-12-31 (UTC)`)
  }
  return Either.right(ms)
}

const seconds = (n: number): string => `${n} second${n === 1 ? "" : "s"}`

/**
 * Rules the JSON Schema cannot express. `nowMillis` is the engine's clock at
 * receipt. The envelope is expected to have passed the schema; the timestamp
 * format checks here only guard callers that skip it.
 */
export const checkSemantics = (
  envelope: Envelope,
  nowMillis: number,
  settings: SemanticSettings
): Either.Either<SemanticVerdict, EnvelopeInvalid> => {
  const storable = checkStorable(envelope)
  if (Either.isLeft(storable)) return Either.left(storable.left)
  const { event, redaction, integrity } = envelope
  const skewMillis = settings.clockSkewSeconds * 1000
  const occurred = instant(event.occurred_at, "event.occurred_at")
  if (Either.isLeft(occurred)) return Either.left(occurred.left)
  if (occurred.right > nowMillis + skewMillis) {
    return fail(
      "occurred_in_future",
      "event.occurred_at",
      `event.occurred_at is later than the engine clock by more than the allowed skew of ${seconds(settings.clockSkewSeconds)}`
    )
  }
  if (event.received_at !== undefined) {
    const received = instant(event.received_at, "event.received_at")
    if (Either.isLeft(received)) return Either.left(received.left)
    if (received.right < occurred.right - skewMillis) {
      return fail(
        "received_before_occurred",
        "event.received_at",
        `event.received_at is earlier than event.occurred_at by more than the allowed skew of ${seconds(settings.clockSkewSeconds)}`
      )
    }
  }
  if (event.event_type === "policy_decision" && event.decision === undefined) {
    return fail("decision_missing", "event.decision", "a policy_decision event must carry event.decision")
  }
  if (redaction.payload_handling === "private_payload_ref" && absent(event.payload_ref)) {
    return fail(
      "payload_ref_missing",
      "event.payload_ref",
      "redaction.payload_handling is private_payload_ref but event.payload_ref is absent or empty"
    )
  }
  if (integrity.signature_required && absent(integrity.signature_ref)) {
    return fail(
      "signature_ref_missing",
      "integrity.signature_ref",
      "integrity.signature_required is true but integrity.signature_ref is absent or empty"
    )
  }
  // Late is information for the dashboards, never a reason to refuse.
  const late = nowMillis - occurred.right > settings.lateAfterSeconds * 1000
  return Either.right({ envelope, late })
}
