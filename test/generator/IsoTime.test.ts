import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { isoUtc } from "../../scripts/generator/IsoTime.ts"

describe("isoUtc", () => {
  it("formats exactly like Date#toISOString", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoUtc(ms)).toBe(new Date(ms).toISOString())
      }),
      { seed: 11, numRuns: 2000 }
    )
  })

  it("stays right across day, month and year boundaries, forwards and back", () => {
    const start = Date.parse("2026-12-31T23:59:58.500Z")
    for (let step = 0; step < 400; step++) {
      const ms = start + step * 37 - (step % 3 === 0 ? 86_400_000 : 0)
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString())
    }
    expect(isoUtc(0)).toBe("1970-01-01T00:00:00.000Z")
  })
})
