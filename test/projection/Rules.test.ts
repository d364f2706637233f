import { describe, expect, it } from "@effect/vitest"
import { coverageStatus } from "../../src/projection/Coverage.ts"
import { confidenceOf, confidenceOfClasses, evidenceClassOf } from "../../src/projection/Evidence.ts"
import { rebuild, snapshotOf } from "../../src/projection/index.ts"
import { emptyTally } from "../../src/projection/Tally.ts"
import { log } from "./fixtures.ts"

const counts = (patch: Partial<typeof emptyTally.by_decision>) => ({ ...emptyTally.by_decision, ...patch })

describe("coverage status", () => {
  it("first match wins, in the DESIGN order", () => {
    const all = counts({ block: 1, require_approval: 1, warn: 1, allow_with_attestation: 1, allow: 1 })
    expect(coverageStatus(0, counts({}))).toBe("not_observed_locally")
    expect(coverageStatus(5, all)).toBe("enforced")
    expect(coverageStatus(4, { ...all, block: 0 })).toBe("approval_gated")
    expect(coverageStatus(3, { ...all, block: 0, require_approval: 0 })).toBe("warning_only")
    expect(coverageStatus(2, counts({ allow_with_attestation: 1, allow: 1 }))).toBe("attested")
    expect(coverageStatus(2, counts({ allow: 1, audit_only: 1 }))).toBe("observed")
    expect(coverageStatus(1, counts({ not_applicable: 1 }))).toBe("observed")
  })

  it("the snapshot lists all six surfaces in order with their status", () => {
    const s = snapshotOf(rebuild(log([
      { event_type: "shell_command", decision: "block" },
      { event_type: "git_operation", decision: "require_approval" },
      { event_type: "mcp_activity", decision: "warn" },
      { event_type: "cloud_iac_event", decision: "allow_with_attestation" },
      { target_summary: ".env", decision: "allow" },
      { event_type: "prompt" }
    ])))
    expect(s.control_coverage.map((c) => [c.surface, c.status, c.decisions])).toEqual([
      ["sensitive_data", "observed", 1],
      ["infrastructure_iac", "attested", 1],
      ["mcp_tools", "warning_only", 1],
      ["source_control", "approval_gated", 1],
      ["runtime_commands", "enforced", 1],
      ["general_policy", "not_observed_locally", 0]
    ])
  })
})

describe("evidence confidence", () => {
  it("classifies one decision's refs", () => {
    expect(evidenceClassOf(undefined)).toBe("none")
    expect(evidenceClassOf([])).toBe("none")
    expect(evidenceClassOf(["cavra://evidence/1"])).toBe("refs")
    expect(evidenceClassOf(["cavra://evidence/1", "signed://bundle/2"])).toBe("signed")
    expect(evidenceClassOf(["s3://bucket/run-signature.json"])).toBe("signed")
    expect(evidenceClassOf(["cavra://signed/not-a-prefix"])).toBe("refs")
  })

  it("of a set: empty, signed, refs, metadata only", () => {
    expect(confidenceOfClasses([])).toBe("sample_or_empty")
    expect(confidenceOfClasses(["none", "refs", "signed"])).toBe("signed_evidence")
    expect(confidenceOfClasses(["none", "refs"])).toBe("activity_evidence_refs")
    expect(confidenceOfClasses(["none", "none"])).toBe("activity_metadata_only")
    expect(confidenceOf({ decisions: 0, signed: 0, withRefs: 0 })).toBe("sample_or_empty")
  })

  it("of the window: events without a decision do not count", () => {
    expect(snapshotOf(rebuild(log([{ evidence_refs: ["signed://x"] }]))).evidence_confidence).toBe("sample_or_empty")
    expect(snapshotOf(rebuild(log([{ decision: "allow" }]))).evidence_confidence).toBe("activity_metadata_only")
    const mixed = log([{ decision: "allow", evidence_refs: ["cavra://e"] }, { decision: "warn" }])
    expect(snapshotOf(rebuild(mixed)).evidence_confidence).toBe("activity_evidence_refs")
    const signed = log([{ decision: "allow", evidence_refs: ["signed://e"] }, { decision: "warn" }])
    expect(snapshotOf(rebuild(signed)).evidence_confidence).toBe("signed_evidence")
    // the signed decision leaves a window of 1
    expect(snapshotOf(rebuild(signed, { window: 1 })).evidence_confidence).toBe("activity_metadata_only")
  })
})
