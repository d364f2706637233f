import { describe, expect, it } from "@effect/vitest"
import { rebuild, snapshotOf } from "../../src/projection/index.ts"
import {
  DECISION_WEIGHTS,
  isFinding,
  isNearMiss,
  operatorSignal,
  penaltyOf,
  postureScore,
  riskLevel
} from "../../src/projection/Weights.ts"
import { log } from "./fixtures.ts"

describe("posture score and risk level", () => {
  it("risk level thresholds are inclusive at 85, 65 and 40", () => {
    expect([100, 85, 84, 65, 64, 40, 39, 0].map(riskLevel)).toEqual([
      "low", "low", "medium", "medium", "high", "high", "critical", "critical"
    ])
  })

  it("score is 100 - penalty clamped to 0..100", () => {
    expect(postureScore(0)).toBe(100)
    expect(postureScore(15)).toBe(85)
    expect(postureScore(100)).toBe(0)
    expect(postureScore(250)).toBe(0)
  })

  it("decision weights", () => {
    expect(DECISION_WEIGHTS).toEqual({
      block: 16, require_approval: 10, warn: 5, audit_only: 2, allow_with_attestation: 1, allow: 0, not_applicable: 0
    })
  })

  it("severity is charged for findings, and a finding without severity counts as low", () => {
    expect(penaltyOf("warn", undefined)).toBe(5 + 3)
    expect(penaltyOf("block", "none")).toBe(16)
    expect(penaltyOf("block", "medium")).toBe(16 + 9)
    expect(penaltyOf("require_approval", "high")).toBe(10 + 18)
    expect(penaltyOf("allow", "critical")).toBe(30)
    expect(penaltyOf("allow", "high")).toBe(18)
    // not findings: no severity term
    expect(penaltyOf("allow", "medium")).toBe(0)
    expect(penaltyOf("allow", undefined)).toBe(0)
    expect(penaltyOf("audit_only", "low")).toBe(2)
    expect(penaltyOf("allow_with_attestation", undefined)).toBe(1)
  })

  it("the overview lands exactly on each boundary", () => {
    // 15 = warn(5) + missing severity as low(3) + audit_only(2) x 2 + attestation(1) x 3
    const at85 = log([
      { decision: "warn" },
      { decision: "audit_only" },
      { decision: "audit_only" },
      { decision: "allow_with_attestation" },
      { decision: "allow_with_attestation" },
      { decision: "allow_with_attestation" }
    ])
    expect(snapshotOf(rebuild(at85)).overview).toMatchObject({ posture_score: 85, risk_level: "low" })
    const at84 = log([...at85.map((e) => e.envelope.event), { decision: "allow_with_attestation" }])
    expect(snapshotOf(rebuild(at84)).overview).toMatchObject({ posture_score: 84, risk_level: "medium" })
    // 35 = block(16) + high(18) + attestation(1)
    const at65 = log([{ decision: "block", severity: "high" }, { decision: "allow_with_attestation" }])
    expect(snapshotOf(rebuild(at65)).overview).toMatchObject({ posture_score: 65, risk_level: "medium" })
    const at64 = log([{ decision: "block", severity: "high" }, { decision: "audit_only" }])
    expect(snapshotOf(rebuild(at64)).overview).toMatchObject({ posture_score: 64, risk_level: "high" })
    // 60 = critical allow(30) + critical allow(30)
    const at40 = log([{ decision: "allow", severity: "critical" }, { decision: "allow", severity: "critical" }])
    expect(snapshotOf(rebuild(at40)).overview).toMatchObject({ posture_score: 40, risk_level: "high" })
    const at39 = log([...at40.map((e) => e.envelope.event), { decision: "allow_with_attestation" }])
    expect(snapshotOf(rebuild(at39)).overview).toMatchObject({ posture_score: 39, risk_level: "critical" })
  })

  it("events without a decision do not weigh", () => {
    const s = snapshotOf(rebuild(log([{ severity: "critical" }, { severity: "high" }])))
    expect(s.overview).toMatchObject({ posture_score: 100, decisions_in_window: 0, events_total: 2, findings: 0 })
  })
})

describe("findings, near misses and operator signals", () => {
  const table = [
    // decision, severity, finding, near miss, operator signal
    ["block", undefined, true, false],
    ["block", "critical", true, false],
    ["require_approval", undefined, true, true, "approval_prevented_unreviewed_execution"],
    ["warn", "low", true, true, "warning_allowed_with_operator_visibility"],
    ["allow_with_attestation", undefined, false, true, "allowed_with_evidence_attestation"],
    ["allow_with_attestation", "high", true, true, "allowed_with_evidence_attestation"],
    ["allow", "critical", true, true, "review_recommended"],
    ["allow", "high", true, true, "review_recommended"],
    ["audit_only", "high", true, true, "review_recommended"],
    ["not_applicable", "critical", true, true, "review_recommended"],
    ["allow", "medium", false, false],
    ["audit_only", undefined, false, false],
    ["not_applicable", "none", false, false]
  ] as const

  it.each(table)("%s / %s", (decision, severity, finding, nearMiss, signal?: string) => {
    expect(isFinding(decision, severity)).toBe(finding)
    expect(isNearMiss(decision, severity)).toBe(nearMiss)
    if (nearMiss) expect(operatorSignal(decision)).toBe(signal)
  })
})
