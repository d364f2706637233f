import { coverageOf } from "./Coverage.ts"
import { findSorted } from "./CountMap.ts"
import { confidenceOf, type EvidenceConfidence } from "./Evidence.ts"
import { fingerprintOf } from "./Fingerprint.ts"
import type { PostureState, Tally } from "./StateSchema.ts"
import { SURFACES } from "./Surfaces.ts"
import { emptyTally } from "./Tally.ts"
import type { AgentFingerprint, Overview, PostureSnapshot } from "./Views.ts"
import { postureScore, riskLevel } from "./Weights.ts"

export const overviewOf = (state: PostureState): Overview => {
  const score = postureScore(state.overall.penalty)
  return {
    posture_score: score,
    risk_level: riskLevel(score),
    decisions_in_window: state.overall.decisions,
    window: state.window,
    events_total: state.events_total,
    findings: state.overall.findings,
    near_misses: state.overall.near_misses,
    by_decision: state.overall.by_decision,
    by_severity: state.overall.by_severity
  }
}

export const tallyConfidence = (tally: Tally): EvidenceConfidence =>
  confidenceOf({ decisions: tally.decisions, signed: tally.signed_evidence, withRefs: tally.with_evidence_refs })

export const agentTallyOf = (state: PostureState, agentId: string): Tally => {
  const at = findSorted(state.agents, (a) => a.agent_id, agentId)
  return at < 0 ? emptyTally : state.agents[at]!.tally
}

/** An agent with no decision in the window gets the empty (baseline) fingerprint. */
export const agentFingerprint = (state: PostureState, agentId: string): AgentFingerprint =>
  fingerprintOf(agentId, agentTallyOf(state, agentId))

/**
 * The dashboard view. Lists are oldest first; agents are sorted by id and
 * are the agents with at least one decision in the window.
 */
export const snapshotOf = (state: PostureState): PostureSnapshot => ({
  seq: state.seq,
  overview: overviewOf(state),
  agents: state.agents.map((a) => fingerprintOf(a.agent_id, a.tally)),
  findings: state.findings,
  near_misses: state.near_misses,
  control_coverage: SURFACES.map((surface) => coverageOf(surface, state.surfaces[surface])),
  timeline: state.timeline,
  evidence_confidence: tallyConfidence(state.overall)
})
