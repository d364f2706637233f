import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export interface SnapshotRow {
  readonly seq: number
  readonly state: unknown
}

/** Projection snapshots: a cache of the fold at some seq, rebuilt from the log when absent. */
export class ProjectionStore extends Effect.Service<ProjectionStore>()("ProjectionStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const load = (tenantId: string) =>
      Effect.map(
        sql<{ seq: string; state: unknown }>`
          SELECT seq, state FROM projection_snapshots WHERE tenant_id = ${tenantId}`,
        (rows): SnapshotRow | undefined => rows[0] && { seq: Number(rows[0].seq), state: rows[0].state }
      )

    const save = (tenantId: string, seq: number, state: unknown) =>
      sql`INSERT INTO projection_snapshots (tenant_id, seq, state, updated_at)
        VALUES (${tenantId}, ${seq}, ${JSON.stringify(state)}, now())
        ON CONFLICT (tenant_id) DO UPDATE SET seq = EXCLUDED.seq, state = EXCLUDED.state, updated_at = now()
        WHERE projection_snapshots.seq < EXCLUDED.seq`.pipe(Effect.asVoid)

    return { load, save } as const
  })
}) {}
