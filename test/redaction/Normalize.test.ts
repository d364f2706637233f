import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { parseDateTimeMillis } from "../../src/domain/DateTime.ts"
import { normalizeTimestamp } from "../../src/redaction/Normalize.ts"

const cases: ReadonlyArray<readonly [string, string]> = [
  ["2026-06-11T08:00:00Z", "2026-06-11T08:00:00.000Z"],
  ["2026-06-11T08:00:00.000Z", "2026-06-11T08:00:00.000Z"],
  ["2026-06-11T10:00:00+02:00", "2026-06-11T08:00:00.000Z"],
  ["2026-06-11T08:00:00.5-05:30", "2026-06-11T13:30:00.500Z"],
  ["2026-06-11t08:00:00.123456789z", "2026-06-11T08:00:00.123Z"],
  ["2026-06-11T08:00:00.9999Z", "2026-06-11T08:00:00.999Z"],
  ["2026-06-11T08:00:00.12Z", "2026-06-11T08:00:00.120Z"],
  ["2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"],
  ["2025-12-31T23:30:00-00:45", "2026-01-01T00:15:00.000Z"],
  ["2024-02-29T12:00:00+00:00", "2024-02-29T12:00:00.000Z"],
  ["0099-01-01T00:00:00Z", "0099-01-01T00:00:00.000Z"],
  ["2026-06-11 08:00:00Z", "2026-06-11T08:00:00.000Z"],
  ["2016-12-31T23:59:60Z", "2017-01-01T00:00:00.000Z"],
  // Every form the contract's date-time format admits, not only the common one.
  ["2026-06-11T10:00:00+0200", "2026-06-11T08:00:00.000Z"],
  ["2026-12-04T05:01:57+00", "2026-12-04T05:01:57.000Z"],
  ["2026-12-04T07:01:57+02", "2026-12-04T05:01:57.000Z"],
  ["2026-12-04\t05:01:57Z", "2026-12-04T05:01:57.000Z"],
  ["2026-12-04\u00a005:01:57Z", "2026-12-04T05:01:57.000Z"],
  ["2026-12-04\u300005:01:57Z", "2026-12-04T05:01:57.000Z"]
]

const unchanged: ReadonlyArray<string> = [
  "not a date",
  "",
  "2026-02-30T00:00:00Z",
  "2025-02-29T00:00:00Z",
  "2026-13-01T00:00:00Z",
  "2026-06-11T24:00:00Z",
  "2026-06-11T08:60:00Z",
  "2026-06-11T08:00:00",
  "2026-06-11T08:00:00+2",
  "2026-06-11T08:00:00+02:0",
  "2026-06-11T08:00:00+24:00",
  "2026-06-11",
  "1718092800000"
]

describe("normalizeTimestamp", () => {
  it.each(cases)("%s -> %s", (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected)
  })

  it.each(unchanged)("leaves %j as it is", (input) => {
    expect(normalizeTimestamp(input)).toBe(input)
    expect(parseDateTimeMillis(input)).toBeUndefined()
  })

  it("agrees with Date on every instant and is idempotent", () => {
    const offsets = FastCheck.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 })
    const instants = FastCheck.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) })
    FastCheck.assert(
      FastCheck.property(instants, offsets, FastCheck.integer({ min: 0, max: 999_999 }), (ms, offset, extra) => {
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19)
        const sign = offset < 0 ? "-" : "+"
        const abs = Math.abs(offset)
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
        const fraction = `${String(ms % 1000).padStart(3, "0")}${String(extra).padStart(6, "0")}`
        const input = `${local}.${fraction}${zone}`
        const out = normalizeTimestamp(input)
        expect(out).toBe(new Date(ms).toISOString())
        expect(normalizeTimestamp(out)).toBe(out)
      }),
      { seed: 11, numRuns: 500 }
    )
  })

  it("orders instants across offsets", () => {
    const a = parseDateTimeMillis("2026-06-11T10:00:00+02:00")
    const b = parseDateTimeMillis("2026-06-11T08:00:00.001Z")
    expect(a).toBeDefined()
    expect(b).toBeDefined()
    expect((b ?? 0) - (a ?? 0)).toBe(1)
  })
})
