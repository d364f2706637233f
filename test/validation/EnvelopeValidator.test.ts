import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, TestClock } from "effect"
import { EnvelopeValidator } from "../../src/validation/EnvelopeValidator.ts"
import { example, type Json, part } from "./contract.ts"

// The example occurred at 2026-06-11T08:00:00Z and was received 2 s later.
const occurred = Date.parse("2026-06-11T08:00:00Z")
const second = 1000

const withSettings = (settings: ReadonlyArray<readonly [string, string]>) =>
  Layer.provide(EnvelopeValidator.Default, Layer.setConfigProvider(ConfigProvider.fromMap(new Map(settings))))

// An empty provider: the defaults, whatever the machine's environment holds.
const defaults = withSettings([])

const validateAt = (nowMillis: number, input: unknown) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(nowMillis)
    const validator = yield* EnvelopeValidator
    return yield* Effect.either(validator.validate(input))
  })

const edited = (edit: (e: Json) => void): Json => {
  const e = example()
  edit(e)
  return e
}

const expectRefused = (result: unknown, code: string, field: string) => {
  expect(result).toMatchObject({ _tag: "Left", left: { _tag: "EnvelopeInvalid", code, field } })
}

describe("EnvelopeValidator", () => {
  it.effect("accepts the public example on time", () =>
    Effect.gen(function* () {
      const result = yield* validateAt(occurred + 5 * second, example())
      expect(result).toMatchObject({ _tag: "Right", right: { late: false } })
    }).pipe(Effect.provide(defaults)))

  it.effect("occurred_in_future: past now + 300 s skew is refused, at the bound it is accepted", () =>
    Effect.gen(function* () {
      const beyond = yield* validateAt(occurred - 301 * second, example())
      expectRefused(beyond, "occurred_in_future", "event.occurred_at")
      const atBound = yield* validateAt(occurred - 300 * second, example())
      expect(atBound._tag).toBe("Right")
    }).pipe(Effect.provide(defaults)))

  it.effect("occurred_in_future compares instants, not strings (offsets count)", () =>
    Effect.gen(function* () {
      const input = edited((e) => {
        part(e, "event").occurred_at = "2026-06-11T10:10:00+02:00"
        part(e, "event").received_at = "2026-06-11T08:10:00Z"
      })
      expect((yield* validateAt(occurred + 10 * 60 * second, input))._tag).toBe("Right")
      const refused = yield* validateAt(occurred + 4 * 60 * second, input)
      expectRefused(refused, "occurred_in_future", "event.occurred_at")
    }).pipe(Effect.provide(defaults)))

  it.effect("received_before_occurred: received more than the skew before occurred", () =>
    Effect.gen(function* () {
      const early = edited((e) => void (part(e, "event").received_at = "2026-06-11T07:54:59Z"))
      expectRefused(yield* validateAt(occurred, early), "received_before_occurred", "event.received_at")
      const withinSkew = edited((e) => void (part(e, "event").received_at = "2026-06-11T07:55:00Z"))
      expect((yield* validateAt(occurred, withinSkew))._tag).toBe("Right")
    }).pipe(Effect.provide(defaults)))

  it.effect("decision_missing: a policy_decision without event.decision", () =>
    Effect.gen(function* () {
      const input = edited((e) => {
        part(e, "event").event_type = "policy_decision"
        delete part(e, "event").decision
      })
      expectRefused(yield* validateAt(occurred, input), "decision_missing", "event.decision")
      const other = edited((e) => void delete part(e, "event").decision)
      expect((yield* validateAt(occurred, other))._tag).toBe("Right")
    }).pipe(Effect.provide(defaults)))

  it.effect("payload_ref_missing: private_payload_ref without (or with an empty) payload_ref", () =>
    Effect.gen(function* () {
      const absent = edited((e) => void delete part(e, "event").payload_ref)
      expectRefused(yield* validateAt(occurred, absent), "payload_ref_missing", "event.payload_ref")
      const empty = edited((e) => void (part(e, "event").payload_ref = ""))
      expectRefused(yield* validateAt(occurred, empty), "payload_ref_missing", "event.payload_ref")
      const metadataOnly = edited((e) => {
        delete part(e, "event").payload_ref
        part(e, "redaction").payload_handling = "metadata_only"
      })
      expect((yield* validateAt(occurred, metadataOnly))._tag).toBe("Right")
    }).pipe(Effect.provide(defaults)))

  it.effect("signature_ref_missing: signature_required without signature_ref", () =>
    Effect.gen(function* () {
      const input = edited((e) => void delete part(e, "integrity").signature_ref)
      expectRefused(yield* validateAt(occurred, input), "signature_ref_missing", "integrity.signature_ref")
      const unsigned = edited((e) => {
        delete part(e, "integrity").signature_ref
        part(e, "integrity").signature_required = false
      })
      expect((yield* validateAt(occurred, unsigned))._tag).toBe("Right")
    }).pipe(Effect.provide(defaults)))

  it.effect("late events are accepted and flagged after 3600 s", () =>
    Effect.gen(function* () {
      const atBound = yield* validateAt(occurred + 3600 * second, example())
      expect(atBound).toMatchObject({ _tag: "Right", right: { late: false } })
      const late = yield* validateAt(occurred + 3601 * second, example())
      expect(late).toMatchObject({ _tag: "Right", right: { late: true } })
      const monthOld = yield* validateAt(occurred + 30 * 24 * 3600 * second, example())
      expect(monthOld).toMatchObject({ _tag: "Right", right: { late: true } })
    }).pipe(Effect.provide(defaults)))

  it.effect("schema violations come before semantic rules", () =>
    Effect.gen(function* () {
      const input = edited((e) => {
        delete part(e, "integrity").signature_ref
        part(e, "event").extra = true
      })
      expectRefused(yield* validateAt(occurred, input), "unknown_field", "event.extra")
    }).pipe(Effect.provide(defaults)))

  it.effect("AISPM_CLOCK_SKEW_SECONDS and AISPM_LATE_AFTER_SECONDS are read from Config", () =>
    Effect.gen(function* () {
      const validator = yield* EnvelopeValidator
      expect(validator.settings).toStrictEqual({ clockSkewSeconds: 0, lateAfterSeconds: 60 })
      expectRefused(yield* validateAt(occurred - second, example()), "occurred_in_future", "event.occurred_at")
      const late = yield* validateAt(occurred + 61 * second, example())
      expect(late).toMatchObject({ _tag: "Right", right: { late: true } })
    }).pipe(
      Effect.provide(withSettings([["AISPM_CLOCK_SKEW_SECONDS", "0"], ["AISPM_LATE_AFTER_SECONDS", "60"]]))
    ))

  it.effect("a negative setting fails the layer with a ConfigError", () =>
    Effect.gen(function* () {
      const built = yield* Effect.either(
        Layer.build(withSettings([["AISPM_CLOCK_SKEW_SECONDS", "-1"]])).pipe(Effect.scoped)
      )
      expect(built).toMatchObject({ _tag: "Left", left: { _op: "InvalidData" } })
    }))
})
