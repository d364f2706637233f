import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { geminiCliHookResponse, parseGeminiCliHook } from "../../../src/collector/adapters/agents/index.ts"
import type { Mapping } from "./harness.ts"
import { contractErrors, envelopeAgrees, fixture, mappingOf, now, parseFixtures } from "./harness.ts"

const parseAll = parseFixtures("gemini-cli", (f) => parseGeminiCliHook(f.text, { now }))

const expected: Record<string, ReadonlyArray<Mapping>> = {
  "01-session-start.json": [{ eventType: "evidence_event", actionType: "session_start", targetSummary: "session started: startup" }],
  "02-before-agent.json": [{ eventType: "prompt", actionType: "submit_prompt", targetSummary: "user prompt submitted" }],
  "03-before-tool-shell.json": [{
    eventType: "shell_command", toolName: "run_shell_command", actionType: "run_command",
    targetSummary: "GH_TOKEN=… gh release create v1.4.2 --title \"…\" --notes-file CHANGELOG.md"
  }],
  "04-after-tool-shell.json": [{
    eventType: "shell_command", toolName: "run_shell_command", actionType: "run_command_completed",
    targetSummary: "GH_TOKEN=… gh release create v1.4.2 --title \"…\" --notes-file CHANGELOG.md"
  }],
  "05-before-tool-write.json": [{ eventType: "file_action", toolName: "write_file", actionType: "write_file", targetSummary: ".npmrc" }],
  "06-after-tool-replace.json": [{ eventType: "file_action", toolName: "replace", actionType: "edit_file_completed", targetSummary: "package.json" }],
  "07-before-tool-read.json": [{ eventType: "file_action", toolName: "read_file", actionType: "read_file", targetSummary: ".env.production" }],
  "08-after-tool-read-error.json": [{ eventType: "file_action", toolName: "read_file", actionType: "read_file_failed", targetSummary: ".env.production" }],
  "09-before-tool-mcp.json": [{
    eventType: "mcp_activity", toolName: "mcp__github__get_pull_request", actionType: "call_tool", targetSummary: "github/get_pull_request"
  }],
  "10-before-tool-web-fetch.json": [{
    eventType: "tool_call", toolName: "web_fetch", actionType: "web_fetch", targetSummary: "https://github.com/acme/payments/releases/tag/…"
  }],
  "11-before-model.json": [],
  "12-after-agent.json": [{ eventType: "model_response", actionType: "agent_turn_complete", targetSummary: "agent turn completed" }],
  "13-session-end.json": [{ eventType: "evidence_event", actionType: "session_end", targetSummary: "session ended: exit" }]
}

describe("Gemini CLI hooks", () => {
  it.effect("maps every fixture to valid envelopes with the expected event, tool and action", () =>
    Effect.gen(function* () {
      const parsed = yield* parseAll
      expect(parsed.map((p) => p.name)).toEqual(Object.keys(expected))
      for (const { name, drafts, envelopes } of parsed) {
        expect(drafts.map(mappingOf), name).toEqual(expected[name])
        drafts.forEach((draft, i) => {
          const envelope = envelopes[i]
          expect(contractErrors(envelope), name).toEqual([])
          expect(envelope !== undefined && envelopeAgrees(draft, envelope), name).toBe(true)
          expect(envelope?.source.connector_type).toBe("gemini_cli")
          expect(envelope?.event.agent_id).toBe("gemini-cli")
        })
      }
    })
  )

  it.effect("takes occurred_at from the record's own timestamp", () =>
    Effect.gen(function* () {
      const [draft] = yield* parseGeminiCliHook(fixture("gemini-cli", "03-before-tool-shell.json"), { now })
      expect(draft?.occurredAt).toBe("2025-11-20T10:02:41.530Z")
    })
  )

  it.effect("gives the same event_id on re-reading and distinct ids to distinct records", () =>
    Effect.gen(function* () {
      const ids = (yield* parseAll).flatMap((p) => p.envelopes.map((e) => e.event.event_id))
      const again = (yield* parseAll).flatMap((p) => p.envelopes.map((e) => e.event.event_id))
      expect(again).toEqual(ids)
      expect(new Set(ids).size).toBe(ids.length)
    })
  )

  it("answers {} with exit 0", () => {
    expect(geminiCliHookResponse()).toEqual({ exitCode: 0, stdout: "{}" })
  })
})
