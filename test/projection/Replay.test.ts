import { describe, expect, it } from "@effect/vitest"
import { buildReplayPacket } from "../../src/projection/index.ts"
import { SENSITIVE_TARGET_PLACEHOLDER } from "../../src/redaction/SensitiveTarget.ts"
import { stored } from "./fixtures.ts"

describe("replay packet", () => {
  const events = [
    stored(7, { session_id: "s1", decision: "warn", severity: "high", target_summary: "src/app.ts",
      evidence_refs: ["cavra://e/1"], occurred_at: "2026-06-11T08:00:05.000Z" }),
    stored(3, { session_id: "s1", event_type: "shell_command", tool_name: "bash", action_type: "run_command",
      target_summary: "cat .env", decision: "block", severity: "critical", occurred_at: "2026-06-11T10:00:09+02:00" }),
    stored(5, { session_id: "other", decision: "block" }),
    stored(9, { session_id: "s1", event_type: "prompt", occurred_at: "2026-06-11T07:59:59.000Z" }),
    stored(11, { session_id: "s1", decision: "require_approval", target_summary: "deploy/api_token.txt" })
  ]

  it("numbers the session's events from 1 in sequence order, masking sensitive targets", () => {
    const packet = buildReplayPacket("s1", events)
    expect(packet.steps.map((s) => [s.step, s.seq, s.event_id])).toEqual([
      [1, 3, "evt-3"], [2, 7, "evt-7"], [3, 9, "evt-9"], [4, 11, "evt-11"]
    ])
    expect(packet.steps[0]).toEqual({
      step: 1,
      seq: 3,
      event_id: "evt-3",
      event_type: "shell_command",
      occurred_at: "2026-06-11T08:00:09.000Z",
      agent_id: "agent-1",
      tool_name: "bash",
      action_type: "run_command",
      decision: "block",
      severity: "critical",
      surface: "sensitive_data",
      target_summary: SENSITIVE_TARGET_PLACEHOLDER,
      hash: events[1]!.hash
    })
    expect(packet.steps[1]!.target_summary).toBe("src/app.ts")
    expect(packet.steps[2]).toMatchObject({ decision: null, severity: null, tool_name: null, target_summary: null })
    expect(packet.steps[3]!.target_summary).toBe(SENSITIVE_TARGET_PLACEHOLDER)
  })

  it("summarizes and spans the normalized times, earliest to latest", () => {
    const packet = buildReplayPacket("s1", events)
    expect(packet.summary).toEqual({
      steps: 4, blocked: 1, approval_required: 1, warned: 1, critical_or_high: 2,
      evidence_confidence: "activity_evidence_refs"
    })
    expect(packet.first_occurred_at).toBe("2026-06-11T07:59:59.000Z")
    expect(packet.last_occurred_at).toBe(events[4]!.envelope.event.occurred_at)
  })

  it("an unknown session is an empty packet", () => {
    expect(buildReplayPacket("nope", events)).toEqual({
      session_id: "nope",
      first_occurred_at: null,
      last_occurred_at: null,
      summary: { steps: 0, blocked: 0, approval_required: 0, warned: 0, critical_or_high: 0,
        evidence_confidence: "sample_or_empty" },
      steps: [],
      page: { after_seq: 0, limit: 10_000, next_after_seq: null }
    })
  })

  it("a page shows the steps after after_seq, numbered within the session, and summarizes the whole session", () => {
    const whole = buildReplayPacket("s1", events)
    const first = buildReplayPacket("s1", events, 0, 2)
    expect(first.steps.map((s) => [s.step, s.seq])).toEqual([[1, 3], [2, 7]])
    expect(first.page).toEqual({ after_seq: 0, limit: 2, next_after_seq: 7 })
    const second = buildReplayPacket("s1", events, 7, 2)
    expect(second.steps.map((s) => [s.step, s.seq])).toEqual([[3, 9], [4, 11]])
    expect(second.page).toEqual({ after_seq: 7, limit: 2, next_after_seq: null })
    for (const page of [first, second]) {
      expect(page.summary).toEqual(whole.summary)
      expect([page.first_occurred_at, page.last_occurred_at]).toEqual([whole.first_occurred_at, whole.last_occurred_at])
    }
  })

  it("evidence confidence counts the session's decisions only", () => {
    const signed = [stored(1, { evidence_refs: ["signed://x"] }), stored(2, { decision: "allow" })]
    expect(buildReplayPacket("sess-1", signed).summary.evidence_confidence).toBe("activity_metadata_only")
    expect(buildReplayPacket("sess-1", [stored(1, { evidence_refs: ["signed://x"] })]).summary.evidence_confidence)
      .toBe("sample_or_empty")
  })

  it("does not reorder the caller's array", () => {
    const copy = [...events]
    buildReplayPacket("s1", events)
    expect(events).toEqual(copy)
  })
})
