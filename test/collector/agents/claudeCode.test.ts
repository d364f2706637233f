import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { claudeCodeHookResponse, parseClaudeCodeHook } from "../../../src/collector/adapters/agents/index.ts"
import type { Mapping } from "./harness.ts"
import { contractErrors, envelopeAgrees, mappingOf, now, parseFixtures } from "./harness.ts"

const parseAll = parseFixtures("claude-code", (f) => parseClaudeCodeHook(f.text, { now }))

const expected: Record<string, Mapping> = {
  "01-session-start.json": { eventType: "evidence_event", actionType: "session_start", targetSummary: "session started: startup" },
  "02-user-prompt-submit.json": { eventType: "prompt", actionType: "submit_prompt", targetSummary: "user prompt submitted" },
  "03-pre-tool-use-bash.json": {
    eventType: "shell_command", toolName: "Bash", actionType: "run_command",
    targetSummary: "AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… aws s3 ls s3://acme-prod-backups --recursive"
  },
  "04-post-tool-use-bash.json": {
    eventType: "shell_command", toolName: "Bash", actionType: "run_command_completed",
    targetSummary: "AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… aws s3 ls s3://acme-prod-backups --recursive"
  },
  "05-pre-tool-use-git-push.json": {
    eventType: "git_operation", toolName: "Bash", actionType: "git_push",
    targetSummary: "git push https://github.com/acme/payments.git fix/rotate-stripe-key"
  },
  "06-pre-tool-use-git-commit.json": { eventType: "git_operation", toolName: "Bash", actionType: "git_commit", targetSummary: "git commit -am \"…\"" },
  "07-pre-tool-use-write.json": { eventType: "file_action", toolName: "Write", actionType: "write_file", targetSummary: "config/prod.env" },
  "08-post-tool-use-edit.json": { eventType: "file_action", toolName: "Edit", actionType: "edit_file_completed", targetSummary: "src/billing/charge.ts" },
  "09-pre-tool-use-multiedit.json": { eventType: "file_action", toolName: "MultiEdit", actionType: "edit_file", targetSummary: "README.md" },
  "10-post-tool-use-read.json": { eventType: "file_action", toolName: "Read", actionType: "read_file_completed", targetSummary: ".env" },
  "11-pre-tool-use-webfetch.json": { eventType: "tool_call", toolName: "WebFetch", actionType: "web_fetch", targetSummary: "https://docs.stripe.com/keys" },
  "12-pre-tool-use-mcp.json": {
    eventType: "mcp_activity", toolName: "mcp__github__create_pull_request", actionType: "call_tool", targetSummary: "github/create_pull_request"
  },
  "13-stop.json": { eventType: "model_response", actionType: "agent_stop", targetSummary: "agent turn completed" },
  "14-session-end.json": { eventType: "evidence_event", actionType: "session_end", targetSummary: "session ended: prompt_input_exit" }
}

describe("Claude Code hooks", () => {
  it.effect("maps every fixture to one valid envelope with the expected event, tool and action", () =>
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
        expect(envelope?.source.connector_type).toBe("claude_code")
        expect(envelope?.event.session_id).toBe("3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f")
        expect(envelope?.event.agent_id).toBe("claude-code")
        expect(envelope?.event.occurred_at).toBe(now)
      }
    })
  )

  it.effect("hashes the prompt, the final answer and tool output instead of carrying them", () =>
    Effect.gen(function* () {
      const byName = new Map((yield* parseAll).map((p) => [p.name, p.envelopes[0]]))
      for (const name of ["02-user-prompt-submit.json", "13-stop.json", "04-post-tool-use-bash.json", "10-post-tool-use-read.json"]) {
        expect(byName.get(name)?.integrity.payload_hash, name).toMatch(/^[0-9a-f]{64}$/)
      }
      expect(byName.get("03-pre-tool-use-bash.json")?.integrity.payload_hash).toBeUndefined()
    })
  )

  it.effect("gives the same event_id on re-reading and distinct ids to distinct records", () =>
    Effect.gen(function* () {
      const first = (yield* parseAll).flatMap((p) => p.envelopes.map((e) => e.event.event_id))
      const second = (yield* parseAll).flatMap((p) => p.envelopes.map((e) => e.event.event_id))
      expect(second).toEqual(first)
      expect(new Set(first).size).toBe(first.length)
    })
  )

  it.effect("refuses input that is not a hook payload with a typed error, never a throw", () =>
    Effect.gen(function* () {
      const notJson = yield* Effect.either(parseClaudeCodeHook("{not json", { now }))
      const noSession = yield* Effect.either(parseClaudeCodeHook({ hook_event_name: "Stop" }, { now }))
      const badClock = yield* Effect.either(parseClaudeCodeHook({ session_id: "s", hook_event_name: "Stop" }, { now: "soon" }))
      expect(Either.isLeft(notJson) && notJson.left.code).toBe("agent_input_not_json")
      expect(Either.isLeft(noSession) && noSession.left.field).toBe("session_id")
      expect(Either.isLeft(badClock) && badClock.left.code).toBe("invalid_now")
    })
  )

  it.effect("ignores events that carry no activity", () =>
    Effect.gen(function* () {
      const drafts = yield* parseClaudeCodeHook({ session_id: "s", hook_event_name: "PreCompact", trigger: "auto" }, { now })
      expect(drafts).toEqual([])
    })
  )

  it("answers exit 0 with continue and no permission decision", () => {
    const answer = claudeCodeHookResponse()
    expect(answer.exitCode).toBe(0)
    expect(JSON.parse(answer.stdout)).toEqual({ continue: true, suppressOutput: true })
  })
})
