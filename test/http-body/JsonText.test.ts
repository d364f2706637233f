import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, FastCheck } from "effect"
import { exceedsDepth } from "../../src/http/body/JsonText.ts"
import { type BodyLimits, bodyLimitsConfig, decodeJsonText, defaultBodyLimits } from "../../src/http/body/RequestBody.ts"

const frameLimits: BodyLimits = { maxBodyBytes: 16, maxInflatedBytes: 16, maxJsonDepth: 3 }

const decode = (text: string, limits: BodyLimits = frameLimits) => Effect.either(decodeJsonText(text, limits))

describe("decodeJsonText (WebSocket frames)", () => {
  it.effect("parses a frame within the limits", () =>
    Effect.gen(function* () {
      expect(yield* decode('[{"a":[1]}]')).toMatchObject({ _tag: "Right", right: [{ a: [1] }] })
    }))

  it.effect("measures the frame in UTF-8 bytes, not characters", () =>
    Effect.gen(function* () {
      // 8 UTF-16 code units, 16 bytes: at the limit. One more 2-byte character passes it.
      expect((yield* decode('"😀😀東東"'))._tag).toBe("Right")
      expect(yield* decode('"😀😀東東é"')).toMatchObject({
        _tag: "Left",
        left: { _tag: "PayloadTooLarge", code: "frame_too_large", message: expect.stringContaining("16 bytes") }
      })
    }))

  it.effect.each([
    { name: "4 levels", text: "[[[[]]]]", code: "nesting_too_deep" },
    { name: "100k unclosed '['", text: "[".repeat(100_000), code: "nesting_too_deep" },
    { name: "a lone surrogate", text: '"\\ud800"', code: "invalid_unicode" },
    { name: "a cut-off object", text: '{"a":', code: "malformed_json" }
  ])("refuses $name with $code", ({ text, code }) =>
    Effect.gen(function* () {
      const limits = { ...frameLimits, maxBodyBytes: 200_000 }
      expect(yield* decode(text, limits)).toMatchObject({ _tag: "Left", left: { _tag: "InvalidRequest", code } })
    }))
})

const trueDepth = (value: unknown): number => {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(trueDepth))
  if (typeof value === "object" && value !== null) return 1 + Math.max(0, ...Object.values(value).map(trueDepth))
  return 0
}

describe("exceedsDepth", () => {
  it("agrees with the real nesting of generated JSON, strings with brackets included (seeded)", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.jsonValue({ maxDepth: 6 }), FastCheck.integer({ min: 0, max: 7 }), (value, max) => {
        expect(exceedsDepth(JSON.stringify(value), max)).toBe(trueDepth(value) > max)
      }),
      { seed: 7, numRuns: 400 }
    )
  })
})

describe("bodyLimitsConfig", () => {
  const load = (entries: ReadonlyArray<readonly [string, string]>) =>
    Effect.either(Effect.withConfigProvider(bodyLimitsConfig, ConfigProvider.fromMap(new Map(entries))))

  it.effect("defaults to 1 MiB body, 8 MiB inflated, depth 32", () =>
    Effect.gen(function* () {
      expect(yield* load([])).toMatchObject({ _tag: "Right", right: defaultBodyLimits })
      expect(defaultBodyLimits).toStrictEqual({ maxBodyBytes: 1_048_576, maxInflatedBytes: 8_388_608, maxJsonDepth: 32 })
    }))

  it.effect("reads AISPM_MAX_BODY_BYTES, AISPM_MAX_INFLATED_BYTES and AISPM_MAX_JSON_DEPTH", () =>
    Effect.gen(function* () {
      const loaded = yield* load([["AISPM_MAX_BODY_BYTES", "2048"], ["AISPM_MAX_INFLATED_BYTES", "4096"], ["AISPM_MAX_JSON_DEPTH", "8"]])
      expect(loaded).toMatchObject({ _tag: "Right", right: { maxBodyBytes: 2048, maxInflatedBytes: 4096, maxJsonDepth: 8 } })
    }))

  it.effect.each(["0", "-5", "lots"])("refuses AISPM_MAX_JSON_DEPTH=%s", (value) =>
    Effect.gen(function* () {
      expect((yield* load([["AISPM_MAX_JSON_DEPTH", value]]))._tag).toBe("Left")
    }))
})
