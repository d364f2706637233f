import { Effect } from "effect"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { AdapterOptions, HookAnswer, JsonRecord } from "./AgentInput.ts"
import { child, text } from "./AgentInput.ts"
import type { MappedRecord } from "./HookDraft.ts"
import { hookDraft, readHookInput } from "./HookDraft.ts"
import type { Phase, ToolFields } from "./ToolFields.ts"
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

/** What one hook record did, and the identifier Claude Code gave it (tool use, prompt). */
type Mapped = MappedRecord & { readonly ownId?: string | undefined }

const mapEvent = (event: string, record: JsonRecord): Mapped | undefined => {
  const phase = phases[event]
  if (phase !== undefined) {
    const toolName = text(record, "tool_name") ?? "unknown"
    return {
      fields: withPhase(toolFields(toolName, child(record, "tool_input") ?? {}, text(record, "cwd")), phase),
      ownId: text(record, "tool_use_id"),
      payload: phase === "before" ? undefined : (record["tool_response"] ?? record["error"])
    }
  }
  switch (event) {
    case "SessionStart":
      return { fields: sessionFields("session_start", record["source"]) }
    case "SessionEnd":
      return { fields: sessionFields("session_end", record["reason"]) }
    case "UserPromptSubmit":
      return { fields: promptFields, ownId: text(record, "prompt_id"), payload: text(record, "prompt") }
    case "Stop":
    case "SubagentStop":
      return {
        fields: responseFields(event === "Stop" ? "agent_stop" : "subagent_stop"),
        ownId: text(record, "prompt_id"),
        payload: text(record, "last_assistant_message")
      }
    default:
      return undefined
  }
}

/** Maps one Claude Code hook input to drafts; events that carry no activity give none. */
export const parseClaudeCodeHook = (
  input: string | unknown,
  opts: AdapterOptions
): Effect.Effect<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Effect.gen(function* () {
    const { event, now, record, sessionId } = yield* readHookInput(source, input, opts.now, "session_id")
    const mapped = mapEvent(event, record)
    if (mapped === undefined) return []
    const agentType = text(record, "agent_type")
    return [
      yield* hookDraft({
        connectorType: "claude_code",
        agentId: agentType === undefined ? "claude-code" : `claude-code/${agentType}`,
        sessionId,
        occurredAt: now,
        keyParts: [event, sessionId, mapped.ownId],
        record,
        fields: mapped.fields,
        payload: mapped.payload
      })
    ]
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
