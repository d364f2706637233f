import { Effect } from "effect"
import type { Envelope } from "../domain/Envelope.ts"
import { canonicalJson } from "./CanonicalJson.ts"
import { sha256Hex } from "./Digest.ts"

/** The previous hash of a tenant's first event. */
export const GENESIS_HASH = "0".repeat(64)

/** What a link of the chain covers: the stored envelope plus its place in the log. */
export interface ChainedFields {
  readonly tenantId: string
  readonly seq: number
  readonly ingestedAt: string
  readonly envelope: Envelope
  readonly canonicalEnvelope?: string
}

/**
 * The canonical JSON of `{tenant_id, seq, ingested_at, envelope}`, spelled
 * out in key order so the envelope's canonical form is reused, not redone.
 */
export const chainedRecord = (f: ChainedFields): string =>
  `{"envelope":${f.canonicalEnvelope ?? canonicalJson(f.envelope)},"ingested_at":${JSON.stringify(f.ingestedAt)},` +
  `"seq":${f.seq},"tenant_id":${JSON.stringify(f.tenantId)}}`

/** SHA-256 over the previous hash and the canonical JSON of the stored record. */
export const linkHash = (prevHash: string, f: ChainedFields): Effect.Effect<string> =>
  sha256Hex(`${prevHash}\n${chainedRecord(f)}`)

export interface ChainBreak {
  readonly seq: number
  readonly reason: "prev_hash_mismatch" | "hash_mismatch" | "seq_gap"
}

/** Walks stored rows in seq order and reports the first broken link, if any. */
export const verifyChain = (
  rows: ReadonlyArray<ChainedFields & { readonly prevHash: string; readonly hash: string }>,
  startPrev: string = GENESIS_HASH,
  startSeq = 1
): Effect.Effect<ChainBreak | undefined> =>
  Effect.gen(function*() {
    let prev = startPrev
    let expectedSeq = startSeq
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { seq: row.seq, reason: "seq_gap" as const }
      if (row.prevHash !== prev) return { seq: row.seq, reason: "prev_hash_mismatch" as const }
      const hash = yield* linkHash(prev, row)
      if (hash !== row.hash) return { seq: row.seq, reason: "hash_mismatch" as const }
      prev = row.hash
      expectedSeq++
    }
    return undefined
  })
