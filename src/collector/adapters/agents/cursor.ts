import { Effect } from "effect"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { AdapterOptions, HookAnswer, JsonRecord } from "./AgentInput.ts"
import { text } from "./AgentInput.ts"
import { commandWords } from "./CommandSummary.ts"
import type { MappedRecord } from "./HookDraft.ts"
import { hookDraft, readHookInput } from "./HookDraft.ts"
import { looksSecret } from "./SecretLike.ts"
import { urlSummary } from "./Targets.ts"
import {
  fileFields, mcpFields, promptFields, responseFields, sessionFields, shellFields, withPhase
} from "./ToolFields.ts"

/**
 * Cursor agent hooks (https://cursor.com/docs/agent/hooks): JSON on stdin with
 * conversation_id, generation_id, hook_event_name, workspace_roots and the
 * event's fields; the hook answers with JSON on stdout.
 */
const source = "cursor"

const workspace = (record: JsonRecord): string | undefined => {
  const roots = record["workspace_roots"]
  return Array.isArray(roots) && typeof roots[0] === "string" ? roots[0] : undefined
}

const runners = new Set(["npx", "uvx", "bunx", "pnpx", "node", "python", "python3", "deno", "docker"])

/** The MCP server's name: the URL's host, or the package / program its command launches. */
const mcpServer = (record: JsonRecord): string | undefined => {
  const url = text(record, "url")
  if (url !== undefined) return urlSummary(url).replace(/^[a-z]+:\/\//, "").split("/")[0]
  const [program, ...args] = commandWords(text(record, "command") ?? "")
  const launched = runners.has(program ?? "") ? args.find((a) => !a.startsWith("-") && a !== "run") : program
  const name = launched?.replace(/^.*\//, "").replace(/@[^@]*$/, "")
  return name === undefined || name === "" || looksSecret(name) ? undefined : name
}

const mapEvent = (event: string, record: JsonRecord, cwd: string | undefined): MappedRecord | undefined => {
  switch (event) {
    case "beforeShellExecution":
      return { fields: shellFields("shell", text(record, "command") ?? "") }
    case "afterShellExecution":
      return { fields: withPhase(shellFields("shell", text(record, "command") ?? ""), "after"), payload: record["output"] }
    case "beforeMCPExecution":
      return { fields: mcpFields(text(record, "tool_name") ?? "mcp", mcpServer(record), text(record, "tool_name")) }
    case "afterMCPExecution":
      return {
        fields: withPhase(mcpFields(text(record, "tool_name") ?? "mcp", mcpServer(record), text(record, "tool_name")), "after"),
        payload: record["result_json"]
      }
    case "afterFileEdit":
      return { fields: fileFields("edit", "edit_file", text(record, "file_path"), cwd), payload: record["edits"] }
    case "beforeReadFile":
      return { fields: fileFields("read", "read_file", text(record, "file_path"), cwd), payload: record["content"] }
    case "beforeSubmitPrompt":
      return { fields: promptFields, payload: text(record, "prompt") }
    case "afterAgentResponse":
      return { fields: responseFields("agent_response"), payload: text(record, "text") }
    case "stop":
      return { fields: responseFields("agent_stop", record["status"]) }
    case "sessionStart":
      return { fields: sessionFields("session_start", record["source"]) }
    case "sessionEnd":
      return { fields: sessionFields("session_end", record["reason"]) }
    default:
      return undefined
  }
}

/** Maps one Cursor hook input to drafts; thoughts (afterAgentThought) and unknown events give none. */
export const parseCursorHook = (
  input: string | unknown,
  opts: AdapterOptions
): Effect.Effect<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Effect.gen(function* () {
    const { event, now, record, sessionId } = yield* readHookInput(source, input, opts.now, "conversation_id")
    const mapped = mapEvent(event, record, text(record, "cwd") ?? workspace(record))
    if (mapped === undefined) return []
    return [
      yield* hookDraft({
        connectorType: "cursor",
        agentId: "cursor",
        sessionId,
        occurredAt: now,
        runtimeVersion: text(record, "cursor_version"),
        keyParts: [event, sessionId, text(record, "generation_id")],
        record,
        ...mapped
      })
    ]
  })

const permissionEvents = new Set(["beforeShellExecution", "beforeMCPExecution", "beforeReadFile", "preToolUse"])

/**
 * The JSON Cursor expects on stdout, allowing by default: `permission: "allow"`
 * for the gating events, `continue: true` before a prompt, `{}` otherwise.
 */
export const cursorHookResponse = (event: string): HookAnswer => ({
  exitCode: 0,
  stdout: JSON.stringify(
    permissionEvents.has(event) ? { permission: "allow" } : event === "beforeSubmitPrompt" ? { continue: true } : {}
  )
})
