import type { Decision, Severity } from "../../src/domain/Envelope.ts"
import type { Prng, Weighted } from "./Prng.ts"
import type { Temperament } from "./Tenant.ts"
import type { Draft, Risk, SessionContext } from "./Types.ts"

const w = <T>(value: T, weight: number): Weighted<T> => ({ value, weight })

const decisions: Record<Risk, ReadonlyArray<Weighted<Decision>>> = {
  safe: [w("allow", 80), w("audit_only", 10), w("not_applicable", 10)],
  moderate: [w("warn", 45), w("audit_only", 25), w("allow_with_attestation", 20), w("allow", 10)],
  risky: [w("require_approval", 55), w("warn", 25), w("allow_with_attestation", 20)],
  dangerous: [w("block", 70), w("require_approval", 30)]
}

const severities: Record<Risk, ReadonlyArray<Weighted<Severity>>> = {
  safe: [w("none", 70), w("low", 30)],
  moderate: [w("low", 40), w("medium", 60)],
  risky: [w("medium", 30), w("high", 70)],
  dangerous: [w("high", 40), w("critical", 60)]
}

/** Per temperament, how much each risk level of action is scaled when picking what an agent does next. */
export const riskScale: Record<Temperament, Record<Risk, number>> = {
  careful: { safe: 1, moderate: 0.3, risky: 0.1, dangerous: 0.04 },
  typical: { safe: 1, moderate: 0.6, risky: 0.3, dangerous: 0.15 },
  reckless: { safe: 1, moderate: 1, risky: 0.8, dangerous: 0.45 }
}

export const cavraEvidenceRef = (rng: Prng, ctx: SessionContext, kind: string): string =>
  `cavra://evidence/${ctx.tenantSlug}/${ctx.sessionId}/${kind}-${rng.hex(8)}`

export const signedEvidenceRef = (rng: Prng, kind: string): string => `signed://attestations/${kind}/${rng.hex(16)}`

export interface Subject {
  readonly toolName: string
  readonly actionType: string
  readonly targetSummary: string
  readonly risk: Risk
  readonly riskClassification: string
}

/**
 * The policy engine's verdict on `subject`. Blocks and attestations are
 * the decisions auditors ask proof for, so they are signed and carry
 * evidence more often than plain allows.
 */
export const decide = (rng: Prng, ctx: SessionContext, subject: Subject): Draft => {
  const decision = rng.weighted(decisions[subject.risk])
  const severity = rng.weighted(severities[subject.risk])
  const weighty = decision === "block" || decision === "allow_with_attestation" || decision === "require_approval"
  const signed = rng.chance(weighty ? 0.5 : 0.08)
  const refs: Array<string> = []
  if (rng.chance(weighty ? 0.8 : 0.25)) refs.push(cavraEvidenceRef(rng, ctx, "decision"))
  if (signed || (weighty && rng.chance(0.3))) refs.push(signedEvidenceRef(rng, "decision"))
  return {
    eventType: "policy_decision",
    toolName: subject.toolName,
    actionType: subject.actionType,
    targetSummary: subject.targetSummary,
    decision,
    severity,
    riskClassification: subject.riskClassification,
    ...(refs.length > 0 ? { evidenceRefs: refs } : {}),
    signed
  }
}

/** What follows a decision: a human approval when one was required, evidence when it was weighty. */
export const aftermath = (rng: Prng, ctx: SessionContext, verdict: Draft): Array<Draft> => {
  const out: Array<Draft> = []
  if (verdict.decision === "require_approval" && rng.chance(0.85)) {
    const granted = rng.chance(0.7)
    out.push({
      eventType: "approval_event",
      toolName: "aispm-approvals",
      actionType: granted ? "approval_granted" : "approval_denied",
      targetSummary: `${verdict.actionType ?? "action"}: ${verdict.targetSummary ?? "target"}`,
      riskClassification: verdict.riskClassification ?? "unclassified",
      evidenceRefs: [cavraEvidenceRef(rng, ctx, "approval")]
    })
  }
  const weighty = verdict.decision === "block" || verdict.decision === "allow_with_attestation"
  if (rng.chance(weighty ? 0.6 : 0.1)) {
    const signed = rng.chance(0.5)
    out.push({
      eventType: "evidence_event",
      toolName: "aispm-evidence",
      actionType: signed ? "attestation_recorded" : "evidence_attached",
      targetSummary: `evidence for ${verdict.actionType ?? "decision"}`,
      evidenceRefs: [signed ? signedEvidenceRef(rng, "evidence") : cavraEvidenceRef(rng, ctx, "evidence")],
      signed
    })
  }
  return out
}
