import { Either } from "effect"
import type { Envelope } from "../domain/Envelope.ts"
import { EnvelopeInvalid } from "../domain/Errors.ts"
import { parseDateTimeMillis } from "./Timestamp.ts"

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
  const { event, redaction, integrity } = envelope
  const skewMillis = settings.clockSkewSeconds * 1000
  const occurred = parseDateTimeMillis(event.occurred_at)
  if (occurred === undefined) {
    return fail("invalid_format", "event.occurred_at", "event.occurred_at must be an RFC 3339 date-time")
  }
  if (occurred > nowMillis + skewMillis) {
    return fail(
      "occurred_in_future",
      "event.occurred_at",
      `event.occurred_at is later than the engine clock by more than the allowed skew of ${seconds(settings.clockSkewSeconds)}`
    )
  }
  if (event.received_at !== undefined) {
    const received = parseDateTimeMillis(event.received_at)
    if (received === undefined) {
      return fail("invalid_format", "event.received_at", "event.received_at must be an RFC 3339 date-time")
    }
    if (received < occurred - skewMillis) {
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
  const late = nowMillis - occurred > settings.lateAfterSeconds * 1000
  return Either.right({ envelope, late })
}
