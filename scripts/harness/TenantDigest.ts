import { Effect } from "effect"
import { loadActorState } from "../../src/actor/ActorState.ts"
import { TenantRegistry } from "../../src/actor/TenantRegistry.ts"
import type { StoredEvent } from "../../src/domain/StoredEvent.ts"
import { canonicalJson } from "../../src/integrity/CanonicalJson.ts"
import { sha256Hex } from "../../src/integrity/Digest.ts"
import { rebuild } from "../../src/projection/Fold.ts"
import { snapshotOf } from "../../src/projection/Snapshot.ts"
import type { PostureSnapshot } from "../../src/projection/Views.ts"
import { ChainAudit } from "../../src/store/ChainAudit.ts"
import { EventStore } from "../../src/store/EventStore.ts"
import { StreamHub } from "../../src/stream/StreamHub.ts"
import type { OutcomeCounts } from "./Expectations.ts"

export interface TenantDigest {
  readonly tenant_ref: string
  readonly head_seq: number
  readonly head_hash: string
  /** SHA-256 of the canonical JSON of every stored row, in seq order. */
  readonly log_sha256: string
  /** SHA-256 of the canonical JSON of the posture snapshot rebuilt from the stored log. */
  readonly projection_sha256: string
  readonly chain_valid: boolean
  /** The actor's live projection (as the stream serves it) equals the rebuild. */
  readonly live_matches_rebuild: boolean
  /** A fresh actor's state (stored snapshot + tail) equals the rebuild. */
  readonly reload_matches_rebuild: boolean
  readonly counts: OutcomeCounts
  readonly expectation_mismatches: number
  readonly posture: {
    readonly score: number
    readonly risk_level: string
    readonly findings: number
    readonly near_misses: number
    readonly agents: number
  }
}

const page = 1000

const readLog = (tenantId: string) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const rows: Array<StoredEvent> = []
    for (;;) {
      const next = yield* store.range(tenantId, rows.at(-1)?.seq ?? 0, page)
      rows.push(...next)
      if (next.length < page) return rows
    }
  })

/** The snapshot the tenant's stream would open with right now. */
const liveSnapshot = (tenantId: string) =>
  Effect.scoped(Effect.gen(function*() {
    yield* (yield* TenantRegistry).ensure(tenantId)
    const { initial } = yield* (yield* StreamHub).subscribe(tenantId, undefined)
    const first = initial[0]
    return first?.type === "snapshot" ? first.snapshot : undefined
  }))

const same = (a: PostureSnapshot | undefined, b: PostureSnapshot) => a !== undefined && canonicalJson(a) === canonicalJson(b)

/**
 * Reads a tenant back from the store and digests it: the log, the chain
 * audit, and the projection three ways (rebuilt from the whole log, as the
 * live actor holds it, as a restarted actor would load it).
 */
export const digestTenant = (tenantId: string, window: number, counts: OutcomeCounts, mismatches: number) =>
  Effect.gen(function*() {
    const rows = yield* readLog(tenantId)
    const rebuilt = snapshotOf(rebuild(rows, { window }))
    const live = yield* liveSnapshot(tenantId)
    const reloaded = snapshotOf((yield* loadActorState(tenantId, window)).posture)
    const audit = yield* (yield* ChainAudit).verify(tenantId)
    const head = rows.at(-1)
    const logJson = rows.map((r) => ({
      seq: r.seq,
      prev_hash: r.prevHash,
      hash: r.hash,
      ingested_at: r.ingestedAt,
      late: r.late,
      redactions: r.redactions,
      envelope: r.envelope
    }))
    return {
      tenant_ref: tenantId,
      head_seq: head?.seq ?? 0,
      head_hash: head?.hash ?? "",
      log_sha256: yield* sha256Hex(canonicalJson(logJson)),
      projection_sha256: yield* sha256Hex(canonicalJson(rebuilt)),
      chain_valid: audit.valid,
      live_matches_rebuild: same(live, rebuilt),
      reload_matches_rebuild: same(reloaded, rebuilt),
      counts,
      expectation_mismatches: mismatches,
      posture: {
        score: rebuilt.overview.posture_score,
        risk_level: rebuilt.overview.risk_level,
        findings: rebuilt.overview.findings,
        near_misses: rebuilt.overview.near_misses,
        agents: rebuilt.agents.length
      }
    } satisfies TenantDigest
  })
