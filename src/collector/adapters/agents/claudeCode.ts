import { Effect } from "effect"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { AdapterOptions, HookAnswer, JsonRecord } from "./AgentInput.ts"
import { checkNow, child, invalidInput, makeDraft, readRecord, text } from "./AgentInput.ts"
import { payloadHash, recordKey } from "./Identity.ts"
import type { Phase, PlainFields, ToolFields } from "./ToolFields.ts"
import {
  fileFields, genericToolFields, promptFields, responseFields, sessionFields, shellFields, webFetchFields, withPhase
} from "./ToolFields.ts"

/**
 * Claude Code hooks (https://code.claude.com/docs/en/hooks): one JSON object on
 * stdin per hook event, with session_id, transcript_path, cwd, hook_event_name
 * and the event's own fields.
 */
const source = "claude-code"

const toolFields = (name: string, input: JsonRecord, cwd: string | undefined): ToolFields => {
  const path = text(input, "file_path")
  switch (name) {
    case "Bash":
      return shellFields(name, text(input, "command") ?? "")
    case "Write":
      return fileFields(name, "write_file", path, cwd)
    case "Edit":
    case "MultiEdit":
      return fileFields(name, "edit_file", path, cwd)
    case "Read":
      return fileFields(name, "read_file", path, cwd)
    case "NotebookEdit":
      return fileFields(name, "edit_notebook", text(input, "notebook_path"), cwd)
    case "WebFetch":
      return webFetchFields(name, text(input, "url"))
    default:
      return genericToolFields(name, text(input, "path") ?? path, cwd)
  }
}

const phases: Record<string, Phase> = { PreToolUse: "before", PostToolUse: "after", PostToolUseFailure: "failed" }

/** Maps one Claude Code hook input to drafts; events that carry no activity give none. */
export const parseClaudeCodeHook = (
  input: string | unknown,
  opts: AdapterOptions
): Effect.Effect<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Effect.gen(function* () {
    const record = yield* readRecord(source, input)
    const now = yield* checkNow(source, opts.now)
    const sessionId = text(record, "session_id")
    const event = text(record, "hook_event_name")
    if (sessionId === undefined) return yield* invalidInput(source, "missing_field", "session_id is required", "session_id")
    if (event === undefined) {
      return yield* invalidInput(source, "missing_field", "hook_event_name is required", "hook_event_name")
    }
    const cwd = text(record, "cwd")
    const agentType = text(record, "agent_type")
    const draft = (fields: ToolFields | PlainFields, ownId: string | undefined, hashOf: unknown) =>
      Effect.all([recordKey([event, sessionId, ownId], record), payloadHash(hashOf)]).pipe(
        Effect.map(([naturalKey, hash]) =>
          makeDraft({
            connectorType: "claude_code",
            agentId: agentType === undefined ? "claude-code" : `claude-code/${agentType}`,
            sessionId,
            occurredAt: now,
            naturalKey,
            payloadHash: hash,
            ...fields
          })
        )
      )
    const phase = phases[event]
    if (phase !== undefined) {
      const toolName = text(record, "tool_name") ?? "unknown"
      const fields = withPhase(toolFields(toolName, child(record, "tool_input") ?? {}, cwd), phase)
      const output = phase === "before" ? undefined : (record["tool_response"] ?? record["error"])
      return [yield* draft(fields, text(record, "tool_use_id"), output)]
    }
    switch (event) {
      case "SessionStart":
        return [yield* draft(sessionFields("session_start", record["source"]), undefined, undefined)]
      case "SessionEnd":
        return [yield* draft(sessionFields("session_end", record["reason"]), undefined, undefined)]
      case "UserPromptSubmit":
        return [yield* draft(promptFields, text(record, "prompt_id"), text(record, "prompt"))]
      case "Stop":
      case "SubagentStop":
        return [
          yield* draft(
            responseFields(event === "Stop" ? "agent_stop" : "subagent_stop"),
            text(record, "prompt_id"),
            text(record, "last_assistant_message")
          )
        ]
      default:
        return []
    }
  })

/**
 * The hook's answer: exit 0 with `continue: true` and no permission decision,
 * so Claude Code's own permission rules still apply (an explicit "allow"
 * would bypass them) and the agent never waits on the collector.
 */
export const claudeCodeHookResponse = (): HookAnswer => ({
  exitCode: 0,
  stdout: JSON.stringify({ continue: true, suppressOutput: true })
})
