import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import type { Envelope } from "../domain/Envelope.ts"
import type { StoredEvent } from "../domain/StoredEvent.ts"

interface EventRow {
  readonly seq: string | number
  readonly event_id: string
  readonly ingested_at: Date | string
  readonly late: boolean
  readonly redactions: number
  readonly envelope: Envelope
  readonly prev_hash: string
  readonly hash: string
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString()

const toStored = (tenantId: string) => (r: EventRow): StoredEvent => ({
  tenantId,
  seq: Number(r.seq),
  envelope: r.envelope,
  ingestedAt: iso(r.ingested_at),
  late: r.late,
  redactions: r.redactions,
  prevHash: r.prev_hash,
  hash: r.hash
})

/** Where an earlier copy of an event sits in the log. */
export interface ExistingKey {
  readonly eventId: string
  readonly idempotencyKey: string | null
  readonly seq: number
  readonly hash: string
  /** The stored envelope, to tell a retry from a different event under the same id or key. */
  readonly envelope: unknown
}

export interface ChainHead {
  readonly seq: number
  readonly hash: string
}

const columns = "seq, event_id, ingested_at, late, redactions, envelope, prev_hash, hash"

/**
 * The tenant logs: append-only rows with sequence number and hash chain, and
 * the replay index beside them. Only the tenant actor appends.
 */
export class EventStore extends Effect.Service<EventStore>()("EventStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    /** Rows of this tenant that already hold one of these event ids or idempotency keys. */
    const findExisting = (tenantId: string, eventIds: ReadonlyArray<string>, keys: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        if (eventIds.length === 0 && keys.length === 0) return []
        const byId = eventIds.length === 0 ? sql`false` : sql.in("event_id", eventIds)
        const byKey = keys.length === 0 ? sql`false` : sql.in("idempotency_key", keys)
        const rows = yield* sql<{ event_id: string; idempotency_key: string | null; seq: string; hash: string; envelope: unknown }>`
          SELECT event_id, idempotency_key, seq, hash, envelope FROM events
          WHERE tenant_id = ${tenantId} AND (${byId} OR ${byKey})`
        return rows.map((r): ExistingKey => ({
          eventId: r.event_id,
          idempotencyKey: r.idempotency_key,
          seq: Number(r.seq),
          hash: r.hash,
          envelope: r.envelope
        }))
      })

    const head = (tenantId: string) =>
      Effect.map(
        sql<{ seq: string; hash: string }>`
          SELECT seq, hash FROM events WHERE tenant_id = ${tenantId} ORDER BY seq DESC LIMIT 1`,
        (rows): ChainHead | undefined => rows[0] && { seq: Number(rows[0].seq), hash: rows[0].hash }
      )

    /** Inserts the rows and their replay index entries; the caller owns the transaction. */
    const append = (events: ReadonlyArray<StoredEvent>): Effect.Effect<void, SqlError> =>
      Effect.gen(function*() {
        if (events.length === 0) return
        // One statement (one round trip) for the rows and their replay index.
        yield* sql`WITH inserted AS (
          INSERT INTO events ${
          sql.insert(events.map((e) => ({
            tenant_id: e.tenantId,
            seq: e.seq,
            event_id: e.envelope.event.event_id,
            idempotency_key: e.envelope.transport.idempotency_key ?? null,
            session_id: e.envelope.event.session_id,
            event_type: e.envelope.event.event_type,
            connector_id: e.envelope.source.connector_id,
            occurred_at: e.envelope.event.occurred_at,
            ingested_at: e.ingestedAt,
            late: e.late,
            redactions: e.redactions,
            envelope: e.canonicalEnvelope ?? JSON.stringify(e.envelope),
            prev_hash: e.prevHash,
            hash: e.hash
          })))
        }
          RETURNING tenant_id, session_id, seq
        )
        INSERT INTO replay_index (tenant_id, session_id, seq) SELECT tenant_id, session_id, seq FROM inserted`
      })

    const byEventId = (tenantId: string, eventId: string) =>
      Effect.map(
        sql<EventRow>`SELECT ${sql.literal(columns)} FROM events
          WHERE tenant_id = ${tenantId} AND event_id = ${eventId}`,
        (rows) => rows.map(toStored(tenantId))[0]
      )

    /** Events after `afterSeq`, in order, at most `limit`. */
    const range = (tenantId: string, afterSeq: number, limit: number) =>
      Effect.map(
        sql<EventRow>`SELECT ${sql.literal(columns)} FROM events
          WHERE tenant_id = ${tenantId} AND seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`,
        (rows) => rows.map(toStored(tenantId))
      )

    /** One page of a session's events, in sequence order, after sequence number `afterSeq`. */
    const session = (tenantId: string, sessionId: string, afterSeq: number, limit: number) =>
      Effect.map(
        sql<EventRow>`SELECT ${sql.literal(columns.split(", ").map((c) => `e.${c}`).join(", "))}
          FROM replay_index r JOIN events e ON e.tenant_id = r.tenant_id AND e.seq = r.seq
          WHERE r.tenant_id = ${tenantId} AND r.session_id = ${sessionId} AND r.seq > ${afterSeq}
          ORDER BY r.seq LIMIT ${limit}`,
        (rows) => rows.map(toStored(tenantId))
      )

    return { findExisting, head, append, byEventId, range, session } as const
  })
}) {}
