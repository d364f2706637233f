import { Effect, Either } from "effect"
import type { ConnectorType } from "../../../domain/Envelope.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import type { JsonRecord } from "./AgentInput.ts"
import { checkNow, invalidInput, makeDraft, readRecord, text } from "./AgentInput.ts"
import { payloadHash, recordKey } from "./Identity.ts"
import type { PlainFields, ToolFields } from "./ToolFields.ts"

/** A hook's stdin, read: the record, the collector's clock, its session id and its event name. */
export interface HookInput {
  readonly record: JsonRecord
  readonly now: string
  readonly sessionId: string
  readonly event: string
}

/** A string field the input must carry, or `missing_field` naming it. */
export const requiredText = (source: string, record: JsonRecord, key: string): Either.Either<string, InvalidRequest> => {
  const value = text(record, key)
  return value === undefined
    ? Either.left(invalidInput(source, "missing_field", `${key} is required`, key))
    : Either.right(value)
}

/** Reads a hook input that names its session in `sessionKey` and its event in `hook_event_name`. */
export const readHookInput = (
  source: string,
  input: string | unknown,
  now: string,
  sessionKey: string
): Either.Either<HookInput, InvalidRequest> =>
  Either.gen(function* () {
    const record = yield* readRecord(source, input)
    return {
      record,
      now: yield* checkNow(source, now),
      sessionId: yield* requiredText(source, record, sessionKey),
      event: yield* requiredText(source, record, "hook_event_name")
    }
  })

/** What an adapter reads off one record: what the tool did, and the raw payload that stays at the source. */
export interface MappedRecord {
  readonly fields: ToolFields | PlainFields
  readonly payload?: unknown
}

/** What one hook record becomes, before its identity and payload hash are added. */
export interface HookDraft {
  readonly connectorType: ConnectorType
  readonly agentId: string
  readonly sessionId: string
  readonly occurredAt: string
  readonly runtimeVersion?: string | undefined
  /** The record's own identifiers; with the record's digest they make the natural key. */
  readonly keyParts: ReadonlyArray<string | undefined>
  readonly record: unknown
  /** The raw payload that stays at the source; only its hash is sent. */
  readonly payload?: unknown
  readonly fields: ToolFields | PlainFields
}

export const hookDraft = (d: HookDraft): Effect.Effect<EventDraft> =>
  Effect.all([recordKey(d.keyParts, d.record), payloadHash(d.payload)]).pipe(
    Effect.map(([naturalKey, hash]) =>
      makeDraft({
        connectorType: d.connectorType,
        agentId: d.agentId,
        sessionId: d.sessionId,
        occurredAt: d.occurredAt,
        runtimeVersion: d.runtimeVersion,
        naturalKey,
        payloadHash: hash,
        ...d.fields
      })
    )
  )
