import { Clock, Effect, TestClock } from "effect"
import type { ItemOutcome } from "../../src/ingest/IngestResult.ts"
import { IngestPipeline } from "../../src/ingest/IngestPipeline.ts"
import { timeBound } from "../generator/index.ts"
import { inputOf, type TenantStream } from "./Workload.ts"

/**
 * The engine clock for round `round`: the generator's bound on every valid
 * timestamp of the items handed over so far, so nothing valid is in the
 * future and nothing is late but what the generator made late.
 */
export const roundTime = (round: number, batch: number): number => Date.parse(timeBound(undefined, (round + 1) * batch))

/**
 * Feeds every tenant's stream to the pipeline in rounds of `batch` items.
 * Each round first moves the TestClock, then hands every tenant its slice at
 * once: all of a round's reads of the clock see the same instant, so the
 * engine's receive times (and with them the hash chain) do not depend on how
 * the tenants' fibers interleave. Returns each tenant's outcomes in item order.
 */
export const driveRounds = (streams: ReadonlyArray<TenantStream>, batch: number) =>
  Effect.gen(function*() {
    const pipeline = yield* IngestPipeline
    const outcomes = streams.map((): Array<ItemOutcome> => [])
    const longest = Math.max(0, ...streams.map((s) => s.items.length))
    for (let round = 0; round * batch < longest; round++) {
      const now = yield* Clock.currentTimeMillis
      yield* TestClock.setTime(Math.max(now, roundTime(round, batch)))
      yield* Effect.forEach(streams, (stream, t) => {
        const slice = stream.items.slice(round * batch, (round + 1) * batch)
        if (slice.length === 0) return Effect.void
        return Effect.map(
          pipeline.ingest(stream.principal, slice.map(inputOf), "wait-for-room"),
          (results) => {
            for (const r of results) outcomes[t]!.push({ ...r, index: r.index + round * batch })
          }
        )
      }, { concurrency: "unbounded", discard: true })
    }
    return outcomes
  })
