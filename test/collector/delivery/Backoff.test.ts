import { describe, expect, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Fiber, Option, Random, Schedule, TestClock } from "effect"
import { jitteredBackoff } from "../../../src/collector/delivery/DeliveryConfig.ts"

const delaysWithSeed = (seed: string) =>
  Schedule.run(Schedule.delays(jitteredBackoff("100 millis", "2 seconds")), 0, Array.from({ length: 8 }, () => 0)).pipe(
    Effect.map((c) => Chunk.toReadonlyArray(c).map(Duration.toMillis)),
    Effect.withRandom(Random.make(seed))
  )

describe("reconnect backoff", () => {
  it.effect("is exponential, jittered within ±20 %, capped, and reproducible from a seed", () =>
    Effect.gen(function* () {
      const a = yield* delaysWithSeed("collector-seed")
      expect(yield* delaysWithSeed("collector-seed")).toEqual(a)
      expect(yield* delaysWithSeed("another-seed")).not.toEqual(a)
      a.forEach((ms, i) => {
        const nominal = 100 * 2 ** i
        expect(ms).toBeGreaterThanOrEqual(Math.min(2000, 0.8 * nominal))
        expect(ms).toBeLessThanOrEqual(Math.min(2000, 1.2 * nominal))
      })
      expect(a.at(-1)).toBe(2000)
    })
  )

  it.effect("a driver waits exactly the scheduled delay on the clock, and reset starts over", () =>
    Effect.gen(function* () {
      const expected = yield* delaysWithSeed("driver-seed")
      const driver = yield* Schedule.driver(jitteredBackoff("100 millis", "2 seconds"))
      for (const ms of expected.slice(0, 3)) {
        const step = yield* Effect.fork(driver.next(undefined))
        yield* TestClock.adjust(Duration.millis(ms - 1))
        expect(Option.isNone(yield* Fiber.poll(step))).toBe(true)
        yield* TestClock.adjust(Duration.millis(1))
        yield* Fiber.join(step)
      }
      yield* driver.reset
      const first = yield* Effect.fork(driver.next(undefined))
      yield* TestClock.adjust(Duration.millis(expected[0]!))
      yield* Fiber.join(first)
    }).pipe(Effect.withRandom(Random.make("driver-seed")))
  )
})
