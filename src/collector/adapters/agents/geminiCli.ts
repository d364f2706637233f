import { Effect } from "effect"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { AdapterOptions, HookAnswer, JsonRecord } from "./AgentInput.ts"
import { child, text, timeOf } from "./AgentInput.ts"
import type { MappedRecord } from "./HookDraft.ts"
import { hookDraft, readHookInput } from "./HookDraft.ts"
import type { Phase, ToolFields } from "./ToolFields.ts"
import {
  fileFields, genericToolFields, mcpFields, promptFields, responseFields, sessionFields, shellFields, webFetchFields,
  withPhase
} from "./ToolFields.ts"

/**
 * Gemini CLI hooks (https://geminicli.com/docs/hooks/reference): JSON on stdin
 * with session_id, transcript_path, cwd, hook_event_name and timestamp, plus
 * the event's fields; JSON (or nothing) on stdout, exit 0 to proceed.
 */
const source = "gemini-cli"

const firstUrl = (value: string | undefined): string | undefined => /https?:\/\/\S+/.exec(value ?? "")?.[0]

const toolFields = (name: string, args: JsonRecord, mcp: JsonRecord | undefined, cwd: string | undefined): ToolFields => {
  const path = text(args, "file_path") ?? text(args, "absolute_path") ?? text(args, "path")
  switch (name) {
    case "run_shell_command":
      return shellFields(name, text(args, "command") ?? "")
    case "write_file":
      return fileFields(name, "write_file", path, cwd)
    case "replace":
      return fileFields(name, "edit_file", path, cwd)
    case "read_file":
      return fileFields(name, "read_file", path, cwd)
    case "web_fetch":
      // The tool's only argument is a prompt that embeds the URLs: show the first URL, never the prompt.
      return webFetchFields(name, text(args, "url") ?? firstUrl(text(args, "prompt")))
    case "google_web_search":
      return { eventType: "tool_call", toolName: name, actionType: "web_search", targetSummary: "web search" }
    default:
      return name.startsWith("mcp__") || mcp !== undefined
        ? mcpFields(name, text(mcp, "server_name"), text(mcp, "tool_name"))
        : genericToolFields(name, path, cwd)
  }
}

const phases: Record<string, Phase> = { BeforeTool: "before", AfterTool: "after" }

const mapEvent = (event: string, record: JsonRecord, cwd: string | undefined): MappedRecord | undefined => {
  const phase = phases[event]
  if (phase !== undefined) {
    const base = toolFields(text(record, "tool_name") ?? "unknown", child(record, "tool_input") ?? {}, child(record, "mcp_context"), cwd)
    const response = child(record, "tool_response")
    const failed = phase === "after" && response?.["error"] !== undefined && response["error"] !== null
    return { fields: withPhase(base, failed ? "failed" : phase), payload: response }
  }
  switch (event) {
    case "SessionStart":
      return { fields: sessionFields("session_start", record["source"]) }
    case "SessionEnd":
      return { fields: sessionFields("session_end", record["reason"]) }
    case "BeforeAgent":
      return { fields: promptFields, payload: text(record, "prompt") }
    case "AfterAgent":
      return { fields: responseFields("agent_turn_complete"), payload: text(record, "prompt_response") }
    default:
      // BeforeModel/AfterModel fire per request and per streamed chunk: too fine for the activity log.
      return undefined
  }
}

export const parseGeminiCliHook = (
  input: string | unknown,
  opts: AdapterOptions
): Effect.Effect<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Effect.gen(function* () {
    const { event, now, record, sessionId } = yield* readHookInput(source, input, opts.now, "session_id")
    const mapped = mapEvent(event, record, text(record, "cwd"))
    if (mapped === undefined) return []
    return [
      yield* hookDraft({
        connectorType: "gemini_cli",
        agentId: "gemini-cli",
        sessionId,
        occurredAt: timeOf(record["timestamp"], now),
        keyParts: [event, sessionId, text(record, "timestamp")],
        record,
        ...mapped
      })
    ]
  })

/** `{}` on stdout with exit 0: no decision, so Gemini CLI proceeds under its own confirmation rules. */
export const geminiCliHookResponse = (): HookAnswer => ({ exitCode: 0, stdout: "{}" })
