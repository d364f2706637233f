import { Effect } from "effect"
import { GENESIS_HASH, verifyChain } from "../integrity/HashChain.ts"
import { EventStore } from "./EventStore.ts"
import { HeavyReads } from "./HeavyReads.ts"

const page = 1000

/**
 * Recomputes a tenant's hash chain from the stored rows, page by page. An
 * audit reads and hashes the whole log, so its pages take turns with every
 * other audit and replay (HeavyReads): an auditor cannot take the store or
 * the CPU away from ingest, and a short log's audit is not held behind a
 * long one.
 */
export class ChainAudit extends Effect.Service<ChainAudit>()("ChainAudit", {
  effect: Effect.gen(function*() {
    const store = yield* EventStore
    const heavy = yield* HeavyReads
    const verify = (tenantId: string) =>
      Effect.gen(function*() {
        let prev = GENESIS_HASH
        let seq = 0
        for (;;) {
          const from = seq
          const start = prev
          const { rows, broken } = yield* heavy.page(Effect.gen(function*() {
            const rows = yield* store.range(tenantId, from, page)
            return { rows, broken: yield* verifyChain(rows, start, from + 1) }
          }))
          if (broken) {
            const head = (yield* store.head(tenantId))?.seq ?? 0
            return { tenant_ref: tenantId, valid: false, events_checked: broken.seq - 1, head_seq: head, broken_at: broken }
          }
          if (rows.length > 0) {
            prev = rows[rows.length - 1]!.hash
            seq = rows[rows.length - 1]!.seq
          }
          if (rows.length < page) return { tenant_ref: tenantId, valid: true, events_checked: seq, head_seq: seq, head_hash: prev }
        }
      })
    return { verify } as const
  })
}) {}
