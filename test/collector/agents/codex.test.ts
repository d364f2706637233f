import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import {
  parseCodexNotify, parseCodexRollout, sessionIdFromRolloutPath
} from "../../../src/collector/adapters/agents/index.ts"
import type { Mapping } from "./harness.ts"
import { contractErrors, envelopeAgrees, fixture, mappingOf, now, toEnvelopes } from "./harness.ts"

const rolloutName = "rollout-2025-10-29T09-14-02-019a2f4e-7c1d-7b42-9e5a-3c8d2b1f0a67.jsonl"
const rollout = fixture("codex", rolloutName)
const sessionId = "019a2f4e-7c1d-7b42-9e5a-3c8d2b1f0a67"

const expectedRollout: ReadonlyArray<Mapping> = [
  { eventType: "evidence_event", actionType: "session_start", targetSummary: "session started: cli" },
  { eventType: "prompt", actionType: "submit_prompt", targetSummary: "user prompt submitted" },
  { eventType: "shell_command", toolName: "shell", actionType: "run_command", targetSummary: "grep -rn STRIPE_SECRET_KEY config/ src/" },
  {
    eventType: "shell_command", toolName: "shell", actionType: "run_command_completed",
    targetSummary: "grep -rn STRIPE_SECRET_KEY config/ src/"
  },
  { eventType: "file_action", toolName: "apply_patch", actionType: "edit_file", targetSummary: "config/prod.env" },
  { eventType: "file_action", toolName: "apply_patch", actionType: "edit_file_completed", targetSummary: "config/prod.env" },
  { eventType: "git_operation", toolName: "shell", actionType: "git_commit", targetSummary: "git commit -am \"…\"" },
  { eventType: "git_operation", toolName: "shell", actionType: "git_commit_failed", targetSummary: "git commit -am \"…\"" },
  { eventType: "mcp_activity", toolName: "mcp__linear__create_issue", actionType: "call_tool", targetSummary: "linear/create_issue" },
  { eventType: "model_response", actionType: "agent_message", targetSummary: "assistant message" }
]

describe("Codex session rollout", () => {
  it.effect("maps response items, skips event_msg, reasoning and injected context, counts malformed lines", () =>
    Effect.gen(function* () {
      const parsed = yield* parseCodexRollout(rollout, { now })
      expect(parsed.lines).toBe(19)
      expect(parsed.malformedLines).toBe(2)
      expect(parsed.drafts.map(mappingOf)).toEqual(expectedRollout)
      const envelopes = yield* toEnvelopes(parsed.drafts)
      parsed.drafts.forEach((draft, i) => {
        const envelope = envelopes[i]
        expect(contractErrors(envelope)).toEqual([])
        expect(envelope !== undefined && envelopeAgrees(draft, envelope)).toBe(true)
        expect(envelope?.source.connector_type).toBe("codex")
        expect(envelope?.source.runtime_version).toBe("0.46.0")
        expect(envelope?.event.session_id).toBe(sessionId)
        expect(envelope?.event.repository).toBe("acme/payments")
      })
      expect(envelopes[2]?.event.occurred_at).toBe("2025-10-29T09:14:12.533Z")
    })
  )

  it.effect("hashes prompts, answers and tool output", () =>
    Effect.gen(function* () {
      const { drafts } = yield* parseCodexRollout(rollout, { now })
      const hashed = drafts.map((d) => d.payloadHash !== undefined)
      expect(hashed).toEqual([false, true, false, true, false, true, false, true, false, true])
    })
  )

  it.effect("re-reading the file, or a longer version of it, never changes an event_id", () =>
    Effect.gen(function* () {
      const ids = (text: string) =>
        parseCodexRollout(text, { now }).pipe(
          Effect.flatMap((p) => toEnvelopes(p.drafts)),
          Effect.map((es) => es.map((e) => e.event.event_id))
        )
      const first = yield* ids(rollout)
      const again = yield* ids(rollout)
      const appended = yield* ids(`${rollout}{"timestamp":"2025-10-29T09:15:00.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"thanks"}]}}\n`)
      expect(again).toEqual(first)
      expect(appended.slice(0, first.length)).toEqual(first)
      expect(appended).toHaveLength(first.length + 1)
      expect(new Set(first).size).toBe(first.length)
    })
  )

  it.effect("a tail without session_meta needs the session id from the file name", () =>
    Effect.gen(function* () {
      const tail = rollout.split("\n").slice(7).join("\n")
      const refused = yield* Effect.either(parseCodexRollout(tail, { now }))
      expect(Either.isLeft(refused) && refused.left.code).toBe("missing_session")
      const fromName = sessionIdFromRolloutPath(`/home/dev/.codex/sessions/2025/10/29/${rolloutName}`)
      expect(fromName).toBe(sessionId)
      const parsed = yield* parseCodexRollout(tail, { now, firstLine: 8, ...(fromName === undefined ? {} : { sessionId: fromName }) })
      expect(parsed.drafts[0]?.eventType).toBe("shell_command")
      // Same lines, same numbers: the tail's events are the whole file's events.
      const whole = yield* parseCodexRollout(rollout, { now })
      expect(parsed.drafts.map((d) => d.naturalKey)).toEqual(whole.drafts.slice(2).map((d) => d.naturalKey))
    })
  )
})

describe("Codex notify", () => {
  it.effect("maps agent-turn-complete to a prompt and a model response, both hashed", () =>
    Effect.gen(function* () {
      const drafts = yield* parseCodexNotify(fixture("codex", "notify-agent-turn-complete.json"), { now })
      expect(drafts.map(mappingOf)).toEqual([
        { eventType: "prompt", actionType: "submit_prompt", targetSummary: "user prompt submitted" },
        { eventType: "model_response", actionType: "agent_turn_complete", targetSummary: "agent turn completed" }
      ])
      const envelopes = yield* toEnvelopes(drafts)
      for (const envelope of envelopes) {
        expect(contractErrors(envelope)).toEqual([])
        expect(envelope.event.session_id).toBe(sessionId)
        expect(envelope.event.occurred_at).toBe(now)
        expect(envelope.integrity.payload_hash).toMatch(/^[0-9a-f]{64}$/)
      }
      expect(envelopes[0]?.event.event_id).not.toBe(envelopes[1]?.event.event_id)
      const again = yield* parseCodexNotify(fixture("codex", "notify-agent-turn-complete.json"), { now: "2026-01-01T00:00:00Z" })
      expect(again.map((d) => d.naturalKey)).toEqual(drafts.map((d) => d.naturalKey))
    })
  )

  it.effect("ignores other notification types and refuses a payload without type", () =>
    Effect.gen(function* () {
      expect(yield* parseCodexNotify({ type: "approval-requested" }, { now })).toEqual([])
      const refused = yield* Effect.either(parseCodexNotify("[]", { now }))
      expect(Either.isLeft(refused) && refused.left.code).toBe("agent_input_not_object")
    })
  )
})
