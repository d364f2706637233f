import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import type { StoredEvent } from "../domain/StoredEvent.ts"

export interface ConnectorStatus {
  readonly connectorId: string
  readonly connectorType: string
  readonly lastEventAt: string
  readonly lastSeenAt: string
  readonly events: number
}

/** Last seen per connector, updated inside each group commit (evidence of stale collectors). */
export class ConnectorStore extends Effect.Service<ConnectorStore>()("ConnectorStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const record = (tenantId: string, events: ReadonlyArray<StoredEvent>) =>
      Effect.gen(function*() {
        const byConnector = new Map<string, { type: string; lastEventAt: string; seenAt: string; n: number }>()
        for (const e of events) {
          const id = e.envelope.source.connector_id
          const prev = byConnector.get(id)
          const occurred = e.envelope.event.occurred_at
          byConnector.set(id, {
            type: e.envelope.source.connector_type,
            lastEventAt: prev && prev.lastEventAt > occurred ? prev.lastEventAt : occurred,
            seenAt: prev && prev.seenAt > e.ingestedAt ? prev.seenAt : e.ingestedAt,
            n: (prev?.n ?? 0) + 1
          })
        }
        if (byConnector.size === 0) return
        const rows = [...byConnector].map(([id, c]) => ({
          tenant_id: tenantId,
          connector_id: id,
          connector_type: c.type,
          last_event_at: c.lastEventAt,
          last_seen_at: c.seenAt,
          events: c.n
        }))
        yield* sql`INSERT INTO connector_status ${sql.insert(rows)}
          ON CONFLICT (tenant_id, connector_id) DO UPDATE SET
            connector_type = EXCLUDED.connector_type,
            last_event_at = GREATEST(connector_status.last_event_at, EXCLUDED.last_event_at),
            last_seen_at = GREATEST(connector_status.last_seen_at, EXCLUDED.last_seen_at),
            events = connector_status.events + EXCLUDED.events`
      })

    /** At most `limit` connectors, the longest silent first (the stale ones are never the ones cut off), and how many there are. */
    const list = (tenantId: string, limit: number) =>
      Effect.gen(function*() {
        const rows = yield* sql<{ connector_id: string; connector_type: string; last_event_at: Date; last_seen_at: Date; events: string }>`
          SELECT connector_id, connector_type, last_event_at, last_seen_at, events
          FROM connector_status WHERE tenant_id = ${tenantId} ORDER BY last_seen_at, connector_id LIMIT ${limit}`
        const total = rows.length < limit
          ? rows.length
          : Number((yield* sql<{ n: string }>`SELECT count(*) AS n FROM connector_status WHERE tenant_id = ${tenantId}`)[0]?.n ?? 0)
        return {
          total,
          connectors: rows.map((r): ConnectorStatus => ({
            connectorId: r.connector_id,
            connectorType: r.connector_type,
            lastEventAt: new Date(r.last_event_at).toISOString(),
            lastSeenAt: new Date(r.last_seen_at).toISOString(),
            events: Number(r.events)
          }))
        }
      })

    return { record, list } as const
  })
}) {}
