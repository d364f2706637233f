import { Effect } from "effect"
import { GENESIS_HASH, verifyChain } from "../integrity/HashChain.ts"
import { EventStore } from "./EventStore.ts"

const page = 1000

/**
 * Recomputes a tenant's hash chain from the stored rows, page by page. An
 * audit reads and hashes the whole log, so audits run one at a time across
 * all tenants and yield between pages: an auditor of one tenant cannot take
 * the store or the CPU away from every other tenant's ingest.
 */
export class ChainAudit extends Effect.Service<ChainAudit>()("ChainAudit", {
  effect: Effect.gen(function*() {
    const store = yield* EventStore
    const oneAtATime = yield* Effect.makeSemaphore(1)
    const verify = (tenantId: string) =>
      oneAtATime.withPermits(1)(Effect.gen(function*() {
        let prev = GENESIS_HASH
        let seq = 0
        for (;;) {
          const rows = yield* store.range(tenantId, seq, page)
          const broken = yield* verifyChain(rows, prev, seq + 1)
          if (broken) {
            const head = (yield* store.head(tenantId))?.seq ?? 0
            return { tenant_ref: tenantId, valid: false, events_checked: broken.seq - 1, head_seq: head, broken_at: broken }
          }
          if (rows.length > 0) {
            prev = rows[rows.length - 1]!.hash
            seq = rows[rows.length - 1]!.seq
          }
          if (rows.length < page) return { tenant_ref: tenantId, valid: true, events_checked: seq, head_seq: seq, head_hash: prev }
          yield* Effect.yieldNow()
        }
      }))
    return { verify } as const
  })
}) {}
