import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { gzipSync } from "node:zlib"
import { inflateGzipCapped } from "../../src/http/body/GzipInflate.ts"
import { decodeJsonBody, defaultBodyLimits } from "../../src/http/body/RequestBody.ts"

// 50 MB of zeros compress to about 50 KB: well under the 1 MiB wire limit.
const bomb = gzipSync(new Uint8Array(50 * 1024 * 1024), { level: 9 })

describe("gzip bomb", () => {
  it("is small on the wire", () => {
    expect(bomb.byteLength).toBeLessThan(defaultBodyLimits.maxBodyBytes)
  })

  it.effect("is refused with 413 inflated_too_large under the default 8 MiB cap", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(
        decodeJsonBody(bomb, { contentType: "application/json", contentEncoding: "gzip" }, defaultBodyLimits)
      )
      expect(result).toMatchObject({
        _tag: "Left",
        left: { _tag: "PayloadTooLarge", code: "inflated_too_large", message: expect.stringContaining("8388608 bytes") }
      })
    }))

  it.effect("stops reading about one chunk past the cap instead of inflating 50 MB", () =>
    Effect.gen(function* () {
      const cap = 1024 * 1024
      const outcome = yield* inflateGzipCapped(bomb, cap)
      expect(outcome._tag).toBe("TooLarge")
      if (outcome._tag !== "TooLarge") return
      expect(outcome.inflatedBytes).toBeGreaterThan(cap)
      expect(outcome.inflatedBytes).toBeLessThan(cap + 256 * 1024)
    }))

  it.effect("inflates a body exactly at the cap", () =>
    Effect.gen(function* () {
      const outcome = yield* inflateGzipCapped(gzipSync(new Uint8Array(4096).fill(0x20)), 4096)
      expect(outcome).toMatchObject({ _tag: "Inflated", inflatedBytes: 4096 })
    }))
})
