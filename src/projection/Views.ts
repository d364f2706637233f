import type { Decision, EventType, Severity } from "../domain/Envelope.ts"
import type { EvidenceConfidence } from "./Evidence.ts"
import type { DecisionCounts, FindingItem, NearMissItem, SeverityCounts, TimelineEntry } from "./StateSchema.ts"
import type { Surface } from "./Surfaces.ts"
import type { RiskLevel } from "./Weights.ts"

/** What dashboards receive; schemas/posture-*.schema.json are the contract. */
export interface Overview {
  readonly posture_score: number
  readonly risk_level: RiskLevel
  readonly decisions_in_window: number
  readonly window: number
  readonly events_total: number
  readonly findings: number
  readonly near_misses: number
  readonly by_decision: DecisionCounts
  readonly by_severity: SeverityCounts
}

export type DriftStatus = "baseline" | "unusual_behavior" | "review_required"

export interface AgentFingerprint {
  readonly agent_id: string
  readonly drift_score: number
  readonly drift_status: DriftStatus
  readonly decisions: number
  readonly findings: number
  readonly near_misses: number
  readonly by_decision: DecisionCounts
  readonly by_severity: SeverityCounts
  readonly repos: ReadonlyArray<string>
  readonly policy_packs: ReadonlyArray<string>
  readonly surfaces: ReadonlyArray<Surface>
  readonly action_types: ReadonlyArray<string>
  readonly evidence_confidence: EvidenceConfidence
  readonly last_seq: number | null
  readonly last_occurred_at: string | null
}

export type CoverageStatus =
  | "not_observed_locally"
  | "enforced"
  | "approval_gated"
  | "warning_only"
  | "attested"
  | "observed"

export interface SurfaceCoverage {
  readonly surface: Surface
  readonly status: CoverageStatus
  readonly decisions: number
  readonly findings: number
  readonly by_decision: DecisionCounts
}

export interface PostureSnapshot {
  readonly seq: number
  readonly overview: Overview
  readonly agents: ReadonlyArray<AgentFingerprint>
  readonly findings: ReadonlyArray<FindingItem>
  readonly near_misses: ReadonlyArray<NearMissItem>
  readonly control_coverage: ReadonlyArray<SurfaceCoverage>
  readonly timeline: ReadonlyArray<TimelineEntry>
  readonly evidence_confidence: EvidenceConfidence
}

/** A decision that left the window: its agent and surface changed too. */
export interface Eviction {
  readonly seq: number
  readonly agent: AgentFingerprint
  readonly coverage: SurfaceCoverage
}

export interface PostureDelta {
  readonly seq: number
  readonly event_id: string
  readonly event_type: EventType
  readonly session_id: string
  readonly agent_id: string
  readonly surface: Surface
  readonly is_decision: boolean
  readonly finding?: FindingItem
  readonly near_miss?: NearMissItem
  readonly evicted?: Eviction
  readonly overview: Overview
  readonly agent: AgentFingerprint
  readonly coverage: SurfaceCoverage
  readonly evidence_confidence: EvidenceConfidence
  readonly timeline_entry: TimelineEntry
}

export interface ReplayStep {
  readonly step: number
  readonly seq: number
  readonly event_id: string
  readonly event_type: EventType
  readonly occurred_at: string
  readonly agent_id: string
  readonly tool_name: string | null
  readonly action_type: string | null
  readonly decision: Decision | null
  readonly severity: Severity | null
  readonly surface: Surface
  readonly target_summary: string | null
  readonly hash: string
}

export interface ReplaySummary {
  readonly steps: number
  readonly blocked: number
  readonly approval_required: number
  readonly warned: number
  readonly critical_or_high: number
  readonly evidence_confidence: EvidenceConfidence
}

export interface ReplayPage {
  /** Steps shown are those after this sequence number (0: from the start). */
  readonly after_seq: number
  readonly limit: number
  /** Where the next page starts (`?after_seq=`), or null when this page reaches the session's end. */
  readonly next_after_seq: number | null
}

export interface ReplayPacket {
  readonly session_id: string
  readonly first_occurred_at: string | null
  readonly last_occurred_at: string | null
  readonly summary: ReplaySummary
  readonly steps: ReadonlyArray<ReplayStep>
  readonly page: ReplayPage
}
