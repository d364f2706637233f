import { Effect, Schedule } from "effect"
import { HealthCounterStore, type StoredCounter } from "../store/HealthCounterStore.ts"
import { readMetrics } from "./MetricReader.ts"

const keyOf = (tenantId: string, counter: string) => `${tenantId}\u0000${counter}`

/**
 * Counter totals that survive restarts: what the store held at start, plus
 * what the metrics counted since (metrics live in the process, which may
 * have counted before this engine started, hence the offset). Persisted
 * every few seconds and at shutdown.
 */
export class HealthCounters extends Effect.Service<HealthCounters>()("HealthCounters", {
  scoped: Effect.gen(function*() {
    const store = yield* HealthCounterStore
    const baseline = new Map((yield* store.loadAll).map((c) => [keyOf(c.tenantId, c.counter), c.value]))
    const offset = new Map((yield* readMetrics).counters.map((c) => [keyOf(c.tenantId, c.key), c.value]))

    const totals = Effect.map(readMetrics, ({ counters }) => {
      const out = new Map(baseline)
      for (const c of counters) {
        const k = keyOf(c.tenantId, c.key)
        out.set(k, (baseline.get(k) ?? 0) + c.value - (offset.get(k) ?? 0))
      }
      return [...out].map(([k, value]): StoredCounter => {
        const [tenantId, counter] = k.split("\u0000") as [string, string]
        return { tenantId, counter, value }
      })
    })

    const persist = Effect.flatMap(totals, store.save).pipe(
      Effect.catchAll((e) => Effect.logWarning("health counters not persisted", e))
    )
    yield* Effect.forkScoped(Effect.repeat(persist, Schedule.spaced("5 seconds")))
    yield* Effect.addFinalizer(() => persist)

    return { totals, persist } as const
  })
}) {}
