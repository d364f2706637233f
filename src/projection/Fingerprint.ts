import { keysOf } from "./CountMap.ts"
import { confidenceOf } from "./Evidence.ts"
import type { Tally } from "./StateSchema.ts"
import { SURFACES, type Surface } from "./Surfaces.ts"
import { emptyTally } from "./Tally.ts"
import type { AgentFingerprint, DriftStatus } from "./Views.ts"
import { clamp } from "./Weights.ts"

/** A spread term counts only once its distinct count exceeds `over`. */
const spread = (distinct: number, over: number, per: number, cap: number): number =>
  distinct > over ? Math.min(cap, per * (distinct - over)) : 0

/**
 * DESIGN §5 drift score. Distinct counts ignore absent and empty values
 * (an event without a repository is no evidence of a second repository).
 */
export const driftScore = (tally: Tally): number => {
  const d = tally.by_decision
  const s = tally.by_severity
  const signals =
    20 * d.block + 14 * d.require_approval + 8 * d.warn + 4 * d.allow_with_attestation +
    18 * s.critical + 10 * s.high + 4 * s.medium
  return clamp(
    signals +
      spread(tally.repos.length, 1, 4, 12) +
      spread(tally.policy_packs.length, 1, 5, 10) +
      spread(tally.surfaces.length, 1, 4, 12) +
      spread(tally.action_types.length, 2, 3, 10),
    0,
    100
  )
}

/**
 * A "risk signal" is a finding or a near miss (warn, require_approval,
 * allow_with_attestation, block, critical or high severity); block and
 * require_approval already escalate to review on their own.
 */
export const driftStatus = (tally: Tally, score: number): DriftStatus =>
  tally.by_decision.block > 0 || tally.by_decision.require_approval > 0 || score >= 35
    ? "review_required"
    : tally.findings > 0 || tally.near_misses > 0 || score >= 12
    ? "unusual_behavior"
    : "baseline"

const inSurfaceOrder = (names: ReadonlyArray<string>): ReadonlyArray<Surface> =>
  SURFACES.filter((surface) => names.includes(surface))

export const fingerprintOf = (agentId: string, tally: Tally = emptyTally): AgentFingerprint => {
  const score = driftScore(tally)
  return {
    agent_id: agentId,
    drift_score: score,
    drift_status: driftStatus(tally, score),
    decisions: tally.decisions,
    findings: tally.findings,
    near_misses: tally.near_misses,
    by_decision: tally.by_decision,
    by_severity: tally.by_severity,
    repos: keysOf(tally.repos),
    policy_packs: keysOf(tally.policy_packs),
    surfaces: inSurfaceOrder(keysOf(tally.surfaces)),
    action_types: keysOf(tally.action_types),
    evidence_confidence: confidenceOf({
      decisions: tally.decisions,
      signed: tally.signed_evidence,
      withRefs: tally.with_evidence_refs
    }),
    last_seq: tally.last_seq,
    last_occurred_at: tally.last_occurred_at
  }
}
