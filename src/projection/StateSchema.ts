import { Schema } from "effect"
import { Decision, EventType, Severity } from "../domain/Envelope.ts"
import { SURFACES } from "./Surfaces.ts"

/**
 * The posture state as plain JSON data, so a snapshot is `JSON.stringify`
 * of it. Keyed collections are sorted arrays, never objects keyed by
 * collector-supplied strings: an agent called `__proto__` must stay data.
 */
const Count = Schema.Int.pipe(Schema.nonNegative())
const Nullable = <S extends Schema.Schema.Any>(s: S) => Schema.NullOr(s)

export const SurfaceSchema = Schema.Literal(...SURFACES)

/** `[key, count]` pairs sorted by key; a key whose count falls to 0 is removed. */
export const CountMap = Schema.Array(Schema.Tuple(Schema.String, Count))
export type CountMap = typeof CountMap.Type

export const DecisionCounts = Schema.Struct({
  allow: Count,
  warn: Count,
  block: Count,
  require_approval: Count,
  allow_with_attestation: Count,
  audit_only: Count,
  not_applicable: Count
})
export type DecisionCounts = typeof DecisionCounts.Type

/** `unspecified` counts decisions sent without a severity. */
export const SeverityCounts = Schema.Struct({
  none: Count,
  low: Count,
  medium: Count,
  high: Count,
  critical: Count,
  unspecified: Count
})
export type SeverityCounts = typeof SeverityCounts.Type

/** Aggregates of a set of decision records (the window, a surface's or an agent's share). */
export const Tally = Schema.Struct({
  decisions: Count,
  penalty: Count,
  findings: Count,
  near_misses: Count,
  signed_evidence: Count,
  with_evidence_refs: Count,
  by_decision: DecisionCounts,
  by_severity: SeverityCounts,
  repos: CountMap,
  policy_packs: CountMap,
  surfaces: CountMap,
  action_types: CountMap,
  last_seq: Nullable(Count),
  last_occurred_at: Nullable(Schema.String)
})
export type Tally = typeof Tally.Type

/** What the window keeps of one decision record: only what the tallies need. */
export const DecisionRecord = Schema.Struct({
  seq: Count,
  occurred_at: Schema.String,
  agent_id: Schema.String,
  surface: SurfaceSchema,
  decision: Decision,
  severity: Nullable(Severity),
  repository: Nullable(Schema.String),
  policy_pack: Nullable(Schema.String),
  action_type: Nullable(Schema.String),
  evidence: Schema.Literal("signed", "refs", "none")
})
export type DecisionRecord = typeof DecisionRecord.Type

const EventFacts = {
  seq: Count,
  event_id: Schema.String,
  event_type: EventType,
  occurred_at: Schema.String,
  session_id: Schema.String,
  agent_id: Schema.String,
  surface: SurfaceSchema,
  severity: Nullable(Severity),
  tool_name: Nullable(Schema.String),
  action_type: Nullable(Schema.String),
  target_summary: Nullable(Schema.String)
}

export const TimelineEntry = Schema.Struct({
  ...EventFacts,
  decision: Nullable(Decision),
  finding: Schema.Boolean,
  near_miss: Schema.Boolean,
  late: Schema.Boolean
})
export type TimelineEntry = typeof TimelineEntry.Type

export const FindingItem = Schema.Struct({
  ...EventFacts,
  decision: Decision,
  repository: Nullable(Schema.String),
  policy_pack: Nullable(Schema.String)
})
export type FindingItem = typeof FindingItem.Type

export const NearMissItem = Schema.Struct({
  ...FindingItem.fields,
  operator_signal: Schema.Literal(
    "approval_prevented_unreviewed_execution",
    "warning_allowed_with_operator_visibility",
    "allowed_with_evidence_attestation",
    "review_recommended"
  )
})
export type NearMissItem = typeof NearMissItem.Type

export const AgentTally = Schema.Struct({ agent_id: Schema.String, tally: Tally })
export type AgentTally = typeof AgentTally.Type

export const SurfaceTallies = Schema.Struct({
  sensitive_data: Tally,
  infrastructure_iac: Tally,
  mcp_tools: Tally,
  source_control: Tally,
  runtime_commands: Tally,
  general_policy: Tally
})
export type SurfaceTallies = typeof SurfaceTallies.Type

export const PostureStateSchema = Schema.Struct({
  format: Schema.Literal("aispm.posture_state.v1"),
  window: Schema.Int.pipe(Schema.positive()),
  timeline_size: Count,
  recent_size: Count,
  seq: Count,
  events_total: Count,
  decisions: Schema.Array(DecisionRecord),
  overall: Tally,
  surfaces: SurfaceTallies,
  agents: Schema.Array(AgentTally),
  findings: Schema.Array(FindingItem),
  near_misses: Schema.Array(NearMissItem),
  timeline: Schema.Array(TimelineEntry)
})
export type PostureState = typeof PostureStateSchema.Type
