import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export interface StoredCounter {
  readonly tenantId: string
  readonly counter: string
  readonly value: number
}

/** Health counters as last persisted, so figures survive a restart. */
export class HealthCounterStore extends Effect.Service<HealthCounterStore>()("HealthCounterStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const loadAll = Effect.map(
      sql<{ tenant_id: string; counter: string; value: string }>`SELECT tenant_id, counter, value FROM health_counters`,
      (rows) => rows.map((r): StoredCounter => ({ tenantId: r.tenant_id, counter: r.counter, value: Number(r.value) }))
    )

    const save = (counters: ReadonlyArray<StoredCounter>) =>
      counters.length === 0 ? Effect.void : sql`INSERT INTO health_counters ${
        sql.insert(counters.map((c) => ({ tenant_id: c.tenantId, counter: c.counter, value: c.value })))
      } ON CONFLICT (tenant_id, counter) DO UPDATE SET value = EXCLUDED.value`.pipe(Effect.asVoid)

    return { loadAll, save } as const
  })
}) {}
