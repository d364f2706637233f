import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { approvalDecision, cavraDrafts } from "../../../src/collector/adapters/generic/cavra.ts"
import { contractErrors, fixtureText, leaks, rightOrFail, toEnvelopes } from "./contract.ts"

const text = fixtureText("cavra", "records.jsonl")

describe("CAVRA runtime records adapter", () => {
  it.effect("decisions, approvals and evidence map to their event types", () =>
    Effect.gen(function*() {
      const { drafts, malformed } = rightOrFail(cavraDrafts(text))
      const envelopes = yield* toEnvelopes(drafts)
      expect(envelopes.flatMap(contractErrors)).toEqual([])
      expect(malformed).toEqual([{ line: 7, reason: "not valid JSON" }])
      expect(envelopes.map((e) => [e.event.event_type, e.event.action_type, e.event.decision, e.event.severity, e.event.risk_classification]))
        .toEqual([
          ["policy_decision", "modify_file", "require_approval", "high", "ci_workflow_modification"],
          ["approval_event", "approval.requested", "require_approval", "high", undefined],
          ["approval_event", "approval.approved", "allow_with_attestation", undefined, "change_ticket_linked"],
          ["policy_decision", "shell_command", "block", "critical", "secret_exfiltration"],
          ["evidence_event", "evidence.test_report", undefined, undefined, undefined],
          ["approval_event", "approval.expired", "block", undefined, undefined]
        ])
      const [decision, , approved, , evidence] = envelopes
      expect(decision?.event).toMatchObject({
        session_id: "sess_codex_7f3a91",
        agent_id: "codex-agent",
        repository: "octo-org/octo-service",
        tool_name: "filesystem.write",
        policy_pack: "cavra-ai-agent-baseline",
        target_summary: "redacted:ci-workflow .github/workflows/deploy.yml",
        occurred_at: "2025-01-07T12:00:01.250Z",
        evidence_refs: [
          "cavra://evidence/sess_codex_7f3a91/dec_01JH5Q8K2M3N4P5Q6R7S8T9V0W",
          "signed://cavra/decisions/dec_01JH5Q8K2M3N4P5Q6R7S8T9V0W.sig"
        ]
      })
      expect(decision?.source).toMatchObject({ connector_type: "custom", runtime_version: "cavra-runtime/2.4.1" })
      expect(approved?.event.actor_ref).toBe("role:release-manager")
      expect(evidence?.integrity.payload_hash).toBe("3f1d2c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3")
      expect(new Set(envelopes.map((e) => e.event.event_id)).size).toBe(envelopes.length)
      expect(leaks(envelopes, ["FAKE-cavra-bearer-secret-3c2d1e", "paste.example"])).toEqual([])
    }))

  it("approval status table", () => {
    expect(approvalDecision).toEqual({ requested: "require_approval", approved: "allow_with_attestation", rejected: "block", expired: "block" })
  })

  it.effect("a JSON array of the same records gives the same events", () =>
    Effect.gen(function*() {
      const lines = text.split("\n").filter((l) => l.trim() !== "").slice(0, 6)
      const asArray = rightOrFail(cavraDrafts(`[${lines.join(",\n")}]`))
      const asJsonl = rightOrFail(cavraDrafts(text))
      const ids = (d: typeof asArray) => toEnvelopes(d.drafts).pipe(Effect.map((es) => es.map((e) => e.event.event_id)))
      expect(yield* ids(asArray)).toEqual(yield* ids(asJsonl))
      expect(asArray.malformed).toEqual([])
    }))

  it("bad records are skipped with their line and the failing field, never their values", () => {
    const input = [
      JSON.stringify({ kind: "policy_decision", decision_id: "d1", session_id: "s", agent_id: "a", decision: "FAKE-maybe", rule: "r", decided_at: "2025-01-01T00:00:00Z" }),
      JSON.stringify({ kind: "approval_event", approval_id: "a1", session_id: "s", agent_id: "a", status: "approved", at: "FAKE-later" }),
      JSON.stringify({ kind: "unknown_kind" }),
      JSON.stringify({ kind: "evidence_event", evidence_id: "e1", session_id: "s", agent_id: "a", evidence_type: "scan_result", recorded_at: "2025-01-01T00:00:00Z" })
    ].join("\n")
    const { drafts, malformed } = rightOrFail(cavraDrafts(input))
    expect(drafts.map((d) => d.naturalKey)).toEqual(["cavra|evidence_event|e1"])
    expect(malformed.map((m) => m.line)).toEqual([1, 2, 3])
    expect(JSON.stringify(malformed)).not.toContain("FAKE-")
    expect(Either.isLeft(cavraDrafts("[{\"kind\":"))).toBe(true)
  })
})
