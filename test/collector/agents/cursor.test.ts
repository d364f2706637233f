import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { cursorHookResponse, parseCursorHook } from "../../../src/collector/adapters/agents/index.ts"
import type { Mapping } from "./harness.ts"
import { contractErrors, envelopeAgrees, fixture, mappingOf, now, parseFixtures } from "./harness.ts"

const parseAll = parseFixtures("cursor", (f) => parseCursorHook(f.text, { now }))

const expected: Record<string, Mapping> = {
  "01-before-submit-prompt.json": { eventType: "prompt", actionType: "submit_prompt", targetSummary: "user prompt submitted" },
  "02-before-read-file.json": { eventType: "file_action", toolName: "read", actionType: "read_file", targetSummary: "scripts/release.sh" },
  "03-before-shell-execution.json": {
    eventType: "shell_command", toolName: "shell", actionType: "run_command",
    targetSummary: "curl -s -H … https://api.github.com/repos/acme/payments/actions/…"
  },
  "04-after-shell-execution.json": {
    eventType: "shell_command", toolName: "shell", actionType: "run_command_completed",
    targetSummary: "curl -s -H … https://api.github.com/repos/acme/payments/actions/…"
  },
  "05-before-mcp-execution.json": { eventType: "mcp_activity", toolName: "query", actionType: "call_tool", targetSummary: "server-postgres/query" },
  "06-after-file-edit.json": { eventType: "file_action", toolName: "edit", actionType: "edit_file", targetSummary: "scripts/release.sh" },
  "07-before-shell-execution-git.json": {
    eventType: "git_operation", toolName: "shell", actionType: "git_checkout", targetSummary: "git checkout -b chore/keychain-release-token"
  },
  "08-stop.json": { eventType: "model_response", actionType: "agent_stop", targetSummary: "agent turn ended: completed" }
}

describe("Cursor hooks", () => {
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
        expect(envelope?.source.connector_type).toBe("cursor")
        expect(envelope?.source.runtime_version).toBe("2.0.77")
        expect(envelope?.event.session_id).toBe("5d1f0c2b-8a3e-4b7d-9c6f-2e1a0b9c8d7e")
        expect(envelope?.event.agent_id).toBe("cursor")
      }
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

  it.effect("two commands in one generation are two events", () =>
    Effect.gen(function* () {
      const record = JSON.parse(fixture("cursor", "03-before-shell-execution.json")) as Record<string, unknown>
      const [a] = yield* parseCursorHook(record, { now })
      const [b] = yield* parseCursorHook({ ...record, command: "npm test" }, { now })
      expect(a?.naturalKey).not.toBe(b?.naturalKey)
    })
  )

  it.effect("refuses a payload without conversation_id or hook_event_name", () =>
    Effect.gen(function* () {
      const noConversation = yield* Effect.either(parseCursorHook({ hook_event_name: "stop" }, { now }))
      const noEvent = yield* Effect.either(parseCursorHook({ conversation_id: "c" }, { now }))
      expect(Either.isLeft(noConversation) && noConversation.left.field).toBe("conversation_id")
      expect(Either.isLeft(noEvent) && noEvent.left.field).toBe("hook_event_name")
    })
  )

  it("answers each event with the JSON Cursor expects, allowing", () => {
    const out = (event: string): unknown => JSON.parse(cursorHookResponse(event).stdout)
    expect(out("beforeShellExecution")).toEqual({ permission: "allow" })
    expect(out("beforeMCPExecution")).toEqual({ permission: "allow" })
    expect(out("beforeReadFile")).toEqual({ permission: "allow" })
    expect(out("beforeSubmitPrompt")).toEqual({ continue: true })
    expect(out("afterFileEdit")).toEqual({})
    expect(out("stop")).toEqual({})
    expect(cursorHookResponse("stop").exitCode).toBe(0)
  })
})
