import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { runHarness } from "../../scripts/harness/RunHarness.ts"
import { defaultHarnessOptions } from "../../scripts/harness/Workload.ts"

// Small runs: each one boots a real embedded PGlite store in a temp folder.
const options = (seed: number) => ({ ...defaultHarnessOptions, seed, tenants: 2, events: 40, batch: 10, duplicateRate: 0.1, invalidRate: 0.1 })

// Seed 7 is shared by both tests (memoized): each test still reads as a whole.
const seven = Effect.runSync(Effect.cached(runHarness(options(7))))

describe("deterministic harness", () => {
  it.effect("the same seed gives the same digest, and the run is consistent", () =>
    Effect.gen(function*() {
      const first = yield* seven
      const again = yield* runHarness(options(7))
      expect(again.digest).toMatch(/^[0-9a-f]{64}$/)
      expect(again.digest).toBe(first.digest)
      expect(again.tenants).toEqual(first.tenants)
      expect(first.consistent).toBe(true)
      expect(first.mismatches).toEqual([])
      // The seeded faults reach the engine: duplicates and rejections are in the digest.
      const duplicates = first.tenants.reduce((n, t) => n + t.counts.duplicates, 0)
      const rejected = first.tenants.reduce((n, t) => n + Object.values(t.counts.rejected).reduce((a, b) => a + b, 0), 0)
      expect(duplicates).toBeGreaterThan(0)
      expect(rejected).toBeGreaterThan(0)
      for (const t of first.tenants) expect(t.head_seq).toBe(t.counts.accepted)
    }), 120_000)

  it.effect("a different seed gives a different digest", () =>
    Effect.gen(function*() {
      const first = yield* seven
      const other = yield* runHarness(options(8))
      expect(other.consistent).toBe(true)
      expect(other.digest).not.toBe(first.digest)
      expect(other.tenants.map((t) => t.head_hash)).not.toEqual(first.tenants.map((t) => t.head_hash))
    }), 120_000)
})
