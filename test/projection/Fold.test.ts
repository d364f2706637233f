import { describe, expect, it } from "@effect/vitest"
import { foldAll, foldEvent, initialState, rebuild, snapshotOf } from "../../src/projection/index.ts"
import { SENSITIVE_TARGET_PLACEHOLDER } from "../../src/redaction/SensitiveTarget.ts"
import { log, stored } from "./fixtures.ts"

describe("foldEvent", () => {
  it("a non-decision event moves the timeline and totals, not the posture", () => {
    const { delta, state } = foldEvent(initialState(), stored(1, { event_type: "prompt" }))
    expect(delta).toMatchObject({
      seq: 1, event_id: "evt-1", event_type: "prompt", is_decision: false, surface: "general_policy",
      overview: { posture_score: 100, risk_level: "low", events_total: 1, decisions_in_window: 0, window: 200 },
      agent: { agent_id: "agent-1", decisions: 0, drift_status: "baseline" },
      coverage: { surface: "general_policy", status: "not_observed_locally" },
      evidence_confidence: "sample_or_empty"
    })
    expect(delta).not.toHaveProperty("finding")
    expect(delta).not.toHaveProperty("near_miss")
    expect(delta).not.toHaveProperty("evicted")
    expect(state.timeline).toHaveLength(1)
  })

  it("a finding and near miss travel in the delta with the operator signal", () => {
    const { delta } = foldEvent(initialState(), stored(1, {
      decision: "require_approval", severity: "high", event_type: "git_operation", repository: "acme/api"
    }))
    expect(delta.finding).toMatchObject({ seq: 1, decision: "require_approval", severity: "high", repository: "acme/api" })
    expect(delta.near_miss).toMatchObject({ operator_signal: "approval_prevented_unreviewed_execution" })
    expect(delta.overview).toMatchObject({ posture_score: 100 - 28, findings: 1, near_misses: 1 })
    expect(delta.coverage).toEqual({
      surface: "source_control", status: "approval_gated", decisions: 1, findings: 1,
      by_decision: expect.objectContaining({ require_approval: 1 })
    })
    expect(delta.agent).toMatchObject({ drift_score: 24, drift_status: "review_required", repos: ["acme/api"] })
  })

  it("the window slides: the oldest decision leaves and the delta says whose posture changed", () => {
    const events = log([
      { decision: "block", agent_id: "old", event_type: "shell_command" },
      { event_type: "prompt" },
      { decision: "allow", agent_id: "new" },
      { decision: "allow", agent_id: "new" }
    ])
    const state2 = foldAll(initialState({ window: 2 }), events.slice(0, 3))
    expect(snapshotOf(state2).overview).toMatchObject({ posture_score: 100 - 16 - 3, decisions_in_window: 2 })
    const { delta, state } = foldEvent(state2, events[3]!)
    expect(delta.evicted).toMatchObject({
      seq: 1,
      agent: { agent_id: "old", decisions: 0, drift_status: "baseline" },
      coverage: { surface: "runtime_commands", status: "not_observed_locally", decisions: 0 }
    })
    expect(delta.overview).toMatchObject({ posture_score: 100, decisions_in_window: 2, events_total: 4 })
    expect(snapshotOf(state).agents.map((a) => a.agent_id)).toEqual(["new"])
    // the emptied tallies equal tallies never touched
    expect(state.surfaces.runtime_commands).toEqual(initialState().surfaces.runtime_commands)
  })

  it("finding and near-miss lists keep the latest recentSize within the window", () => {
    const events = log([
      { decision: "warn" }, { decision: "block" }, { decision: "allow_with_attestation" },
      { decision: "allow" }, { decision: "allow" }
    ])
    const small = rebuild(events, { recentSize: 1 })
    expect(small.findings.map((f) => f.seq)).toEqual([2])
    expect(small.near_misses.map((f) => f.seq)).toEqual([3])
    const windowed = rebuild(events, { window: 3 })
    expect(windowed.findings).toEqual([])
    expect(windowed.near_misses.map((f) => [f.seq, f.operator_signal])).toEqual([[3, "allowed_with_evidence_attestation"]])
  })

  it("the timeline keeps the last timelineSize events of any kind, masking sensitive targets", () => {
    const state = rebuild(log([
      { target_summary: "a" }, { target_summary: "b" }, { target_summary: "config/credentials.json", decision: "warn" }
    ]), { timelineSize: 2 })
    expect(state.timeline.map((t) => [t.seq, t.target_summary, t.finding])).toEqual([
      [2, "b", false], [3, SENSITIVE_TARGET_PLACEHOLDER, true]
    ])
    expect(state.findings[0]!.target_summary).toBe(SENSITIVE_TARGET_PLACEHOLDER)
    expect(rebuild(log([{}]), { timelineSize: 0 }).timeline).toEqual([])
  })

  it("agent ids and values are data, whatever they are called", () => {
    const state = rebuild(log([
      { decision: "warn", agent_id: "__proto__", repository: "constructor" },
      { decision: "allow", agent_id: "constructor", repository: "__proto__" },
      { decision: "allow", agent_id: "toString", policy_pack: "hasOwnProperty" }
    ]))
    expect(snapshotOf(state).agents.map((a) => [a.agent_id, a.decisions, a.repos])).toEqual([
      ["__proto__", 1, ["constructor"]], ["constructor", 1, ["__proto__"]], ["toString", 1, []]
    ])
    expect(Object.getPrototypeOf(state.agents)).toBe(Array.prototype)
  })

  it("foldAll skips sequence numbers the state already holds", () => {
    const events = log([{ decision: "block" }, { decision: "warn" }])
    const once = rebuild(events)
    expect(foldAll(once, events)).toBe(once)
    expect(foldAll(rebuild(events.slice(0, 1)), events)).toEqual(once)
  })

  it("does not touch the state it is given", () => {
    const before = rebuild(log([{ decision: "warn" }]), { window: 1 })
    const frozen = JSON.stringify(before)
    foldEvent(before, stored(2, { decision: "block" }))
    expect(JSON.stringify(before)).toBe(frozen)
  })

  it("normalizes other timestamp forms before keeping them", () => {
    const state = rebuild([stored(1, { decision: "allow", occurred_at: "2026-06-11T10:00:00+02:00" })])
    expect(state.timeline[0]!.occurred_at).toBe("2026-06-11T08:00:00.000Z")
    expect(snapshotOf(state).agents[0]!.last_occurred_at).toBe("2026-06-11T08:00:00.000Z")
  })

  it("rejects a window that is not a positive integer", () => {
    expect(() => initialState({ window: 0 })).toThrow(RangeError)
    expect(() => initialState({ window: 1.5 })).toThrow(RangeError)
    expect(() => initialState({ timelineSize: -1 })).toThrow(RangeError)
  })
})
