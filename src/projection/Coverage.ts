import type { DecisionCounts, Tally } from "./StateSchema.ts"
import type { Surface } from "./Surfaces.ts"
import type { CoverageStatus, SurfaceCoverage } from "./Views.ts"

/** DESIGN §5: the strongest control seen on a surface, first match wins. */
export const coverageStatus = (decisions: number, byDecision: DecisionCounts): CoverageStatus =>
  decisions === 0
    ? "not_observed_locally"
    : byDecision.block > 0
    ? "enforced"
    : byDecision.require_approval > 0
    ? "approval_gated"
    : byDecision.warn > 0
    ? "warning_only"
    : byDecision.allow_with_attestation > 0
    ? "attested"
    : "observed"

export const coverageOf = (surface: Surface, tally: Tally): SurfaceCoverage => ({
  surface,
  status: coverageStatus(tally.decisions, tally.by_decision),
  decisions: tally.decisions,
  findings: tally.findings,
  by_decision: tally.by_decision
})
