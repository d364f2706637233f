import { Clock, Effect, Either, Metric } from "effect"
import { TenantRegistry, type SubmitMode } from "../actor/TenantRegistry.ts"
import { authorizeEnvelope } from "../auth/EnvelopeScope.ts"
import type { Principal } from "../auth/Principal.ts"
import { type EngineError, EnvelopeInvalid, type Forbidden } from "../domain/Errors.ts"
import type { Ack, CommitRefusal, PreparedEvent } from "../domain/StoredEvent.ts"
import * as M from "../health/Metrics.ts"
import { canonicalJson } from "../integrity/CanonicalJson.ts"
import { identifierHoldingSecret, redactEnvelope } from "../redaction/RedactEnvelope.ts"
import { Redactor } from "../redaction/Redactor.ts"
import { EnvelopeValidator, validateEnvelopeAt } from "../validation/EnvelopeValidator.ts"
import { eventIdOf, type ItemOutcome } from "./IngestResult.ts"

/** Counts a refusal under its reason code, for the health report. */
export const countRejection = (tenantId: string, error: EngineError) =>
  Metric.increment(Metric.tagged(M.forTenant(M.eventsRejected, tenantId), "reason", error.code))

/**
 * The flow from a decoded value to acknowledgements, shared by HTTP and the
 * WebSocket: validate → authorize → redact/normalize → tenant actor. Each
 * input is judged alone: a bad one is refused with its reason and the others
 * go on. `offer` returns once the events are in the mailbox, with an effect
 * that awaits their commits, so a WebSocket can pipeline frames in order.
 */
export class IngestPipeline extends Effect.Service<IngestPipeline>()("IngestPipeline", {
  effect: Effect.gen(function*() {
    const validator = yield* EnvelopeValidator
    const redactor = yield* Redactor
    const registry = yield* TenantRegistry

    // Pure per-envelope work, run as plain functions: this is the hot path of
    // every batch, and one Effect per stage per envelope costs more than the work.
    const prepare = (
      principal: Principal,
      input: unknown,
      nowMillis: number,
      now: string
    ): Either.Either<PreparedEvent, EnvelopeInvalid | Forbidden> => {
      const verdict = validateEnvelopeAt(input, nowMillis, validator.settings)
      if (Either.isLeft(verdict)) return Either.left(verdict.left)
      const refusal = authorizeEnvelope(principal, verdict.right.envelope)
      if (refusal) return Either.left(refusal)
      const leaking = identifierHoldingSecret(verdict.right.envelope)
      if (leaking !== undefined) {
        return Either.left(new EnvelopeInvalid({
          code: "secret_in_identifier",
          message: `${leaking} holds what looks like a credential or key; identifiers are stored and shown as sent`,
          field: leaking
        }))
      }
      const redacted = redactEnvelope(verdict.right.envelope, redactor.profile)
      return Either.right({
        tenantId: principal.tenantId,
        envelope: redacted.envelope,
        ingestedAt: now,
        redactions: redacted.redactions,
        late: verdict.right.late,
        canonicalEnvelope: canonicalJson(redacted.envelope)
      })
    }

    const offer = (principal: Principal, inputs: ReadonlyArray<unknown>, mode: SubmitMode) =>
      Effect.gen(function*() {
        const nowMillis = yield* Clock.currentTimeMillis
        const now = new Date(nowMillis).toISOString()
        const prepared = inputs.map((input) => prepare(principal, input, nowMillis, now))
        const refused: Array<ItemOutcome> = []
        const accepted: Array<{ readonly index: number; readonly event: PreparedEvent }> = []
        for (const [index, p] of prepared.entries()) {
          if (Either.isLeft(p)) {
            refused.push({ _tag: "Refused", index, eventId: eventIdOf(inputs[index]), error: p.left })
            yield* countRejection(principal.tenantId, p.left)
          } else accepted.push({ index, event: p.right })
        }
        const awaitAcks: Effect.Effect<ReadonlyArray<Either.Either<Ack, CommitRefusal>>> = accepted.length === 0
          ? Effect.succeed([])
          : yield* registry.offer(principal.tenantId, accepted.map((a) => a.event), mode)
        return Effect.map(awaitAcks, (results) => {
          const outcomes: Array<ItemOutcome> = [...refused]
          results.forEach((r, i) => {
            const index = accepted[i]!.index
            outcomes.push(
              Either.isRight(r)
                ? { _tag: "Acked", index, ack: r.right }
                : { _tag: "Refused", index, eventId: accepted[i]!.event.envelope.event.event_id, error: r.left }
            )
          })
          return outcomes.sort((a, b) => a.index - b.index)
        })
      })

    const ingest = (principal: Principal, inputs: ReadonlyArray<unknown>, mode: SubmitMode) =>
      Effect.flatten(offer(principal, inputs, mode))

    return { offer, ingest } as const
  })
}) {}
