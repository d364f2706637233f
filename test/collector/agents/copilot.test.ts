import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { copilotHookResponse, parseCopilotHook } from "../../../src/collector/adapters/agents/index.ts"
import type { Fixture, Mapping } from "./harness.ts"
import { contractErrors, envelopeAgrees, fixture, mappingOf, now, parseFixtures } from "./harness.ts"

// camelCase payloads do not name their event: the hook command passes it, here taken from the file name.
const eventOf = (f: Fixture): string | undefined => {
  const segment = f.name.split("-")[1]?.split(".")[0] ?? ""
  return /^[a-z]/.test(segment) && segment !== "inferred" ? segment : undefined
}

const parseAll = parseFixtures("copilot", (f) => {
  const event = eventOf(f)
  return parseCopilotHook(f.text, event === undefined ? { now } : { now, event })
})

const upload = "AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… aws s3 cp dist/ s3://acme-releases/v1.4.2 --recursive"

const expected: Record<string, Mapping> = {
  "01-sessionStart.json": { eventType: "evidence_event", actionType: "session_start", targetSummary: "session started: new" },
  "02-userPromptSubmitted.json": { eventType: "prompt", actionType: "submit_prompt", targetSummary: "user prompt submitted" },
  "03-preToolUse.bash.json": { eventType: "shell_command", toolName: "bash", actionType: "run_command", targetSummary: upload },
  "04-postToolUse.bash.json": { eventType: "shell_command", toolName: "bash", actionType: "run_command_completed", targetSummary: upload },
  "05-preToolUse.create.json": {
    eventType: "file_action", toolName: "create", actionType: "create_file", targetSummary: ".github/workflows/release.yml"
  },
  "06-preToolUse.view.json": { eventType: "file_action", toolName: "view", actionType: "read_file", targetSummary: ".env" },
  "07-preToolUse.web-fetch.json": {
    eventType: "tool_call", toolName: "web_fetch", actionType: "web_fetch",
    targetSummary: "https://docs.github.com/en/actions/security-guides/using-secrets-in-github-actions"
  },
  "08-PostToolUseFailure.git-push.json": {
    eventType: "git_operation", toolName: "bash", actionType: "git_push_failed", targetSummary: "git push origin release/v1.4.2"
  },
  "09-agentStop.json": { eventType: "model_response", actionType: "agent_stop", targetSummary: "agent turn ended: end_turn" },
  "10-errorOccurred.json": { eventType: "evidence_event", actionType: "error_occurred", targetSummary: "error: AuthenticationError" },
  "11-sessionEnd.json": { eventType: "evidence_event", actionType: "session_end", targetSummary: "session ended: complete" },
  "12-inferred.cloud-agent-example.json": { eventType: "shell_command", toolName: "bash", actionType: "run_command", targetSummary: "rm -rf dist" }
}

describe("GitHub Copilot hooks", () => {
  it.effect("maps every fixture (both payload shapes) to one valid envelope with the expected mapping", () =>
    Effect.gen(function* () {
      const parsed = yield* parseAll
      expect(parsed.map((p) => p.name)).toEqual(Object.keys(expected))
      for (const { name, drafts, envelopes } of parsed) {
        const [draft] = drafts
        const [envelope] = envelopes
        expect(envelopes, name).toHaveLength(1)
        expect(contractErrors(envelope), name).toEqual([])
        expect(draft === undefined ? undefined : mappingOf(draft), name).toEqual(expected[name])
        expect(draft !== undefined && envelope !== undefined && envelopeAgrees(draft, envelope), name).toBe(true)
        expect(envelope?.source.connector_type).toBe("github_copilot")
        expect(envelope?.event.agent_id).toBe("github-copilot")
      }
    })
  )

  it.effect("reads sessions and millisecond timestamps, and falls back for payloads without a session", () =>
    Effect.gen(function* () {
      const [pre] = yield* parseCopilotHook(fixture("copilot", "03-preToolUse.bash.json"), { now, event: "preToolUse" })
      expect(pre?.sessionId).toBe("a7e3c9d1-2b4f-4e6a-8c0d-5f1b3a9e7c2d")
      expect(pre?.occurredAt).toBe("2025-11-20T10:03:40.000Z")
      const [legacy] = yield* parseCopilotHook(fixture("copilot", "12-inferred.cloud-agent-example.json"), { now })
      expect(legacy?.sessionId).toMatch(/^copilot-[0-9a-f]{16}$/)
    })
  )

  it.effect("accepts the event name in either spelling", () =>
    Effect.gen(function* () {
      const text = fixture("copilot", "09-agentStop.json")
      const [camel] = yield* parseCopilotHook(text, { now, event: "agentStop" })
      const [pascal] = yield* parseCopilotHook(text, { now, event: "Stop" })
      expect(pascal?.naturalKey).toBe(camel?.naturalKey)
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

  it("answers {} (default behavior) with exit 0", () => {
    expect(copilotHookResponse()).toEqual({ exitCode: 0, stdout: "{}" })
  })
})
