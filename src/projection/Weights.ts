import type { Decision, Severity } from "../domain/Envelope.ts"

/** DESIGN §5: what one decision record costs the posture score. */
export const DECISION_WEIGHTS: Readonly<Record<Decision, number>> = {
  block: 16,
  require_approval: 10,
  warn: 5,
  audit_only: 2,
  allow_with_attestation: 1,
  allow: 0,
  not_applicable: 0
}

export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 30,
  high: 18,
  medium: 9,
  low: 3,
  none: 0
}

export type RiskLevel = "low" | "medium" | "high" | "critical"

export const isFinding = (decision: Decision, severity: Severity | undefined): boolean =>
  decision === "block" || decision === "require_approval" || decision === "warn" ||
  severity === "critical" || severity === "high"

export const isNearMiss = (decision: Decision, severity: Severity | undefined): boolean =>
  decision !== "block" &&
  (decision === "warn" || decision === "require_approval" || decision === "allow_with_attestation" ||
    severity === "critical" || severity === "high")

/**
 * One decision record's share of the penalty. The severity term is the
 * "finding severity weight": it is charged for findings only, and a finding
 * without a severity is charged as `low`. A non-finding (say `allow` with
 * `medium`) costs its decision weight alone.
 */
export const penaltyOf = (decision: Decision, severity: Severity | undefined): number =>
  DECISION_WEIGHTS[decision] + (isFinding(decision, severity) ? SEVERITY_WEIGHTS[severity ?? "low"] : 0)

export const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value))

export const postureScore = (penalty: number): number => clamp(100 - penalty, 0, 100)

export const riskLevel = (score: number): RiskLevel =>
  score >= 85 ? "low" : score >= 65 ? "medium" : score >= 40 ? "high" : "critical"

export type OperatorSignal =
  | "approval_prevented_unreviewed_execution"
  | "warning_allowed_with_operator_visibility"
  | "allowed_with_evidence_attestation"
  | "review_recommended"

export const operatorSignal = (decision: Decision): OperatorSignal =>
  decision === "require_approval"
    ? "approval_prevented_unreviewed_execution"
    : decision === "warn"
    ? "warning_allowed_with_operator_visibility"
    : decision === "allow_with_attestation"
    ? "allowed_with_evidence_attestation"
    : "review_recommended"
