import { Schema } from "effect"
import { Decision, Severity } from "../../../domain/Envelope.ts"
import { Timestamp } from "./inputErrors.ts"

/**
 * Native records of the CAVRA runtime (documented in test/fixtures/collector/cavra/README.md).
 * Unknown keys are ignored so newer runtimes stay readable.
 */
const common = {
  session_id: Schema.NonEmptyString,
  agent_id: Schema.NonEmptyString,
  runtime_version: Schema.optional(Schema.String),
  repository: Schema.optional(Schema.String),
  policy_pack: Schema.optional(Schema.String),
  target: Schema.optional(Schema.String),
  evidence_refs: Schema.optional(Schema.Array(Schema.String)),
  signature_ref: Schema.optional(Schema.String)
}

export const PolicyDecisionRecord = Schema.Struct({
  kind: Schema.Literal("policy_decision"),
  decision_id: Schema.NonEmptyString,
  decision: Decision,
  severity: Schema.optional(Severity),
  rule: Schema.NonEmptyString,
  tool_name: Schema.optional(Schema.String),
  action_type: Schema.optional(Schema.String),
  decided_at: Timestamp,
  ...common
})

export const ApprovalStatus = Schema.Literal("requested", "approved", "rejected", "expired")
export type ApprovalStatus = typeof ApprovalStatus.Type

export const ApprovalRecord = Schema.Struct({
  kind: Schema.Literal("approval_event"),
  approval_id: Schema.NonEmptyString,
  decision_id: Schema.optional(Schema.String),
  status: ApprovalStatus,
  approver_role: Schema.optional(Schema.String),
  reason_code: Schema.optional(Schema.String),
  severity: Schema.optional(Severity),
  at: Timestamp,
  ...common
})

export const EvidenceRecord = Schema.Struct({
  kind: Schema.Literal("evidence_event"),
  evidence_id: Schema.NonEmptyString,
  evidence_type: Schema.NonEmptyString,
  digest: Schema.optional(Schema.String),
  recorded_at: Timestamp,
  ...common
})

export const CavraRecord = Schema.Union(PolicyDecisionRecord, ApprovalRecord, EvidenceRecord)
export type CavraRecord = typeof CavraRecord.Type
