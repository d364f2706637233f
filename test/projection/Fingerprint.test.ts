import { describe, expect, it } from "@effect/vitest"
import type { Decision, Severity } from "../../src/domain/Envelope.ts"
import { driftScore, fingerprintOf } from "../../src/projection/Fingerprint.ts"
import { agentFingerprint } from "../../src/projection/Snapshot.ts"
import { rebuild } from "../../src/projection/index.ts"
import type { BodyPatch } from "./fixtures.ts"
import { log } from "./fixtures.ts"

const agent = (patches: ReadonlyArray<BodyPatch>) => agentFingerprint(rebuild(log(patches)), "agent-1")
const d = (decision: Decision, severity?: Severity): BodyPatch =>
  severity === undefined ? { decision } : { decision, severity }

describe("behaviour fingerprint", () => {
  it("weights decisions and severities", () => {
    expect(agent([d("block")]).drift_score).toBe(20)
    expect(agent([d("require_approval")]).drift_score).toBe(14)
    expect(agent([d("warn")]).drift_score).toBe(8)
    expect(agent([d("allow_with_attestation")]).drift_score).toBe(4)
    expect(agent([d("allow", "critical")]).drift_score).toBe(18)
    expect(agent([d("allow", "high")]).drift_score).toBe(10)
    expect(agent([d("allow", "medium")]).drift_score).toBe(4)
    expect(agent([d("allow", "low"), d("audit_only"), d("not_applicable", "none")]).drift_score).toBe(0)
    expect(agent([d("block", "critical"), d("warn", "medium")]).drift_score).toBe(20 + 18 + 8 + 4)
  })

  it("spread terms start past 1 repo, 1 policy pack, 1 surface and 2 action types, and are capped", () => {
    const repos = (n: number) => agent(Array.from({ length: n }, (_, i) => ({ decision: "allow", repository: `r${i}` })))
    expect([1, 2, 3, 4, 5, 9].map((n) => repos(n).drift_score)).toEqual([0, 4, 8, 12, 12, 12])
    const packs = (n: number) => agent(Array.from({ length: n }, (_, i) => ({ decision: "allow", policy_pack: `p${i}` })))
    expect([1, 2, 3, 4].map((n) => packs(n).drift_score)).toEqual([0, 5, 10, 10])
    const types = ["tool_call", "git_operation", "shell_command", "mcp_activity", "cloud_iac_event"] as const
    const surfaces = (n: number) => agent(types.slice(0, n).map((event_type) => ({ decision: "allow", event_type })))
    expect([1, 2, 3, 4, 5].map((n) => surfaces(n).drift_score)).toEqual([0, 4, 8, 12, 12])
    const actions = (n: number) => agent(Array.from({ length: n }, (_, i) => ({ decision: "allow", action_type: `a${i}` })))
    expect([1, 2, 3, 4, 5, 6].map((n) => actions(n).drift_score)).toEqual([0, 0, 3, 6, 9, 10])
  })

  it("absent and empty values are not distinct values", () => {
    const f = agent([{ decision: "allow", repository: "" }, { decision: "allow" }, { decision: "allow", repository: "r" }])
    expect(f.repos).toEqual(["r"])
    expect(f.drift_score).toBe(0)
  })

  it("the score is clamped to 100", () => {
    expect(agent(Array.from({ length: 8 }, () => d("block", "critical"))).drift_score).toBe(100)
  })

  it("status: review_required on block, require_approval or score >= 35", () => {
    expect(agent([d("block")]).drift_status).toBe("review_required")
    expect(agent([d("require_approval")]).drift_status).toBe("review_required")
    // 3 x medium (12) + 4 repos (12) + 3 packs (10) = 34, then 35 with one more action type pair
    const base: ReadonlyArray<BodyPatch> = [
      { decision: "allow", severity: "medium", repository: "r1", policy_pack: "p1" },
      { decision: "allow", severity: "medium", repository: "r2", policy_pack: "p2" },
      { decision: "allow", severity: "medium", repository: "r3", policy_pack: "p3" },
      { decision: "allow", repository: "r4" }
    ]
    expect(agent(base).drift_score).toBe(34)
    expect(agent(base).drift_status).toBe("unusual_behavior")
    const more = [...base, { decision: "allow", action_type: "a" }, { decision: "allow", action_type: "b" },
      { decision: "allow", action_type: "c" }] as const
    expect(agent(more).drift_score).toBe(37)
    expect(agent(more).drift_status).toBe("review_required")
  })

  it("status: unusual_behavior on any risk signal or score >= 12", () => {
    expect(agent([d("warn")]).drift_status).toBe("unusual_behavior")
    expect(agent([d("allow_with_attestation")]).drift_status).toBe("unusual_behavior")
    expect(agent([d("allow", "high")]).drift_status).toBe("unusual_behavior")
    expect(agent([d("allow", "critical")]).drift_status).toBe("unusual_behavior")
    expect(agent([d("allow", "medium"), d("allow", "medium")]).drift_status).toBe("baseline")
    expect(agent([d("allow", "medium"), d("allow", "medium"), d("allow", "medium")]).drift_status)
      .toBe("unusual_behavior")
    expect(agent([d("allow"), d("audit_only", "low")]).drift_status).toBe("baseline")
  })

  it("an agent without decisions in the window has the empty baseline fingerprint", () => {
    expect(fingerprintOf("ghost")).toMatchObject({
      agent_id: "ghost", drift_score: 0, drift_status: "baseline", decisions: 0, repos: [],
      evidence_confidence: "sample_or_empty", last_seq: null
    })
    expect(driftScore(rebuild(log([d("block")]), { window: 1 }).overall)).toBe(20)
  })

  it("lists surfaces in the DESIGN order and other values sorted", () => {
    const f = agent([
      { decision: "allow", event_type: "shell_command", repository: "b", action_type: "z" },
      { decision: "allow", target_summary: ".env", repository: "a", action_type: "y" }
    ])
    expect(f.surfaces).toEqual(["sensitive_data", "runtime_commands"])
    expect(f.repos).toEqual(["a", "b"])
    expect(f.action_types).toEqual(["y", "z"])
    expect(f.last_seq).toBe(2)
  })
})
