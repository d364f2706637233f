import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import type { Conflict } from "../domain/Errors.ts"
import type { Ack, PreparedEvent, StoredEvent } from "../domain/StoredEvent.ts"
import { linkHash } from "../integrity/HashChain.ts"
import { foldEvent } from "../projection/Fold.ts"
import { encodeState } from "../projection/PostureState.ts"
import type { PostureDelta } from "../projection/Views.ts"
import { ConnectorStore } from "../store/ConnectorStore.ts"
import { EventStore, type ExistingKey } from "../store/EventStore.ts"
import { ProjectionStore } from "../store/ProjectionStore.ts"
import type { ActorState } from "./ActorState.ts"
import { conflictWith, type MatchedBy, sameEvent } from "./SameEvent.ts"

export interface CommitResult {
  readonly state: ActorState
  /** One answer per input event, in input order: its acknowledgement, or why its id or key is taken. */
  readonly acks: ReadonlyArray<Ack | Conflict>
  readonly stored: ReadonlyArray<StoredEvent>
  readonly deltas: ReadonlyArray<PostureDelta>
}

type Plan = { readonly kind: "new"; readonly index: number } | { readonly kind: "dup"; readonly of: ExistingKey }
  | { readonly kind: "dupInBatch"; readonly firstIndex: number }
  | { readonly kind: "conflict"; readonly error: Conflict }

/**
 * One group commit: de-duplicates against the log and within the batch
 * (by event_id and by idempotency key), chains the new events, writes them,
 * their replay index, connector status and (every `snapshotEvery` events) a
 * projection snapshot in ONE transaction. Nothing is acknowledged unless
 * that transaction committed; the in-memory state only advances after it.
 */
export const groupCommit = (
  tenantId: string,
  state: ActorState,
  batch: ReadonlyArray<PreparedEvent>,
  snapshotEvery: number
) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const eventStore = yield* EventStore
    const connectors = yield* ConnectorStore
    const projections = yield* ProjectionStore

    const ids = [...new Set(batch.map((e) => e.envelope.event.event_id))]
    const keys = [...new Set(batch.flatMap((e) => e.envelope.transport.idempotency_key ?? []))]
    const existing = yield* eventStore.findExisting(tenantId, ids, keys)
    const byId = new Map(existing.map((x) => [x.eventId, x]))
    const byKey = new Map(existing.flatMap((x) => (x.idempotencyKey === null ? [] : [[x.idempotencyKey, x] as const])))
    const firstById = new Map<string, number>()
    const firstByKey = new Map<string, number>()

    const plans: Array<Plan> = batch.map((e, index) => {
      const id = e.envelope.event.event_id
      const key = e.envelope.transport.idempotency_key
      const storedById = byId.get(id)
      const stored = storedById ?? (key === undefined ? undefined : byKey.get(key))
      if (stored) {
        const matchedBy: MatchedBy = storedById ? "event_id" : "idempotency_key"
        return sameEvent(stored.envelope, e.envelope, matchedBy)
          ? { kind: "dup", of: stored }
          : { kind: "conflict", error: conflictWith(matchedBy) }
      }
      const firstOfId = firstById.get(id)
      const first = firstOfId ?? (key === undefined ? undefined : firstByKey.get(key))
      if (first !== undefined) {
        const matchedBy: MatchedBy = firstOfId !== undefined ? "event_id" : "idempotency_key"
        return sameEvent(batch[first]!.envelope, e.envelope, matchedBy)
          ? { kind: "dupInBatch", firstIndex: first }
          : { kind: "conflict", error: conflictWith(matchedBy) }
      }
      firstById.set(id, index)
      if (key !== undefined) firstByKey.set(key, index)
      return { kind: "new", index }
    })

    let head = state.head
    let posture = state.posture
    const stored: Array<StoredEvent> = []
    const deltas: Array<PostureDelta> = []
    const storedAt = new Map<number, StoredEvent>()
    for (const plan of plans) {
      if (plan.kind !== "new") continue
      const event = batch[plan.index]!
      const seq = head.seq + 1
      const hash = yield* linkHash(head.hash, { ...event, seq })
      const row: StoredEvent = { ...event, seq, prevHash: head.hash, hash }
      stored.push(row)
      storedAt.set(plan.index, row)
      head = { seq, hash }
      const folded = foldEvent(posture, row)
      posture = folded.state
      deltas.push(folded.delta)
    }

    const sinceSnapshot = state.sinceSnapshot + stored.length
    const snapshotNow = stored.length > 0 && sinceSnapshot >= snapshotEvery
    if (stored.length > 0) {
      yield* sql.withTransaction(
        Effect.all([
          eventStore.append(stored),
          connectors.record(tenantId, stored),
          snapshotNow ? projections.save(tenantId, head.seq, encodeState(posture)) : Effect.void
        ], { discard: true })
      )
    }

    // An acknowledgement names the event_id the collector sent, even when the
    // earlier copy was matched by idempotency key under another id.
    const acks = plans.map((plan, i): Ack | Conflict => {
      const eventId = batch[i]!.envelope.event.event_id
      switch (plan.kind) {
        case "new": {
          const row = storedAt.get(plan.index)!
          return { eventId, status: "accepted", seq: row.seq, hash: row.hash }
        }
        case "dup":
          return { eventId, status: "duplicate", seq: plan.of.seq, hash: plan.of.hash }
        case "dupInBatch": {
          const row = storedAt.get(plan.firstIndex)!
          return { eventId, status: "duplicate", seq: row.seq, hash: row.hash }
        }
        case "conflict":
          return plan.error
      }
    })

    const next: ActorState = { head, posture, sinceSnapshot: snapshotNow ? 0 : sinceSnapshot }
    return { state: next, acks, stored, deltas } satisfies CommitResult
  })
