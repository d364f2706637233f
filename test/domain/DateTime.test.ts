import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { parseDateTimeMillis } from "../../src/domain/DateTime.ts"

describe("parseDateTimeMillis", () => {
  it.each([
    ["2026-06-11T08:00:00Z", "2026-06-11T08:00:00.000Z"],
    ["2026-06-11t08:00:00z", "2026-06-11T08:00:00.000Z"],
    ["2026-06-11 08:00:00Z", "2026-06-11T08:00:00.000Z"],
    ["2026-06-11T10:00:00+02:00", "2026-06-11T08:00:00.000Z"],
    ["2026-06-11T10:00:00+0200", "2026-06-11T08:00:00.000Z"],
    ["2026-06-11T05:30:00-02:30", "2026-06-11T08:00:00.000Z"],
    ["2026-06-11T08:00:00.123456789Z", "2026-06-11T08:00:00.123Z"],
    ["2026-06-11T08:00:00.5Z", "2026-06-11T08:00:00.500Z"],
    ["2016-12-31T23:59:60Z", "2017-01-01T00:00:00.000Z"],
    ["0099-01-01T00:00:00Z", "0099-01-01T00:00:00.000Z"]
  ])("%s is %s", (text, iso) => {
    expect(parseDateTimeMillis(text)).toBe(Date.parse(iso))
  })

  it.each(["2026-06-11", "2026-06-11T08:00:00", "yesterday", "", "2026-06-11T08:00Z"])("%j is not a date-time", (text) => {
    expect(parseDateTimeMillis(text)).toBeUndefined()
  })

  it("agrees with Date for every instant it prints (seeded)", () => {
    const instant = FastCheck.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true })
    FastCheck.assert(
      FastCheck.property(instant, (d) => {
        expect(parseDateTimeMillis(d.toISOString())).toBe(d.getTime())
      }),
      { seed: 42, numRuns: 300 }
    )
  })
})
