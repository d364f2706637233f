import { Effect } from "effect"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import { sha256Hex } from "../../../integrity/Digest.ts"
import type { AdapterOptions, HookAnswer, JsonRecord } from "./AgentInput.ts"
import { argsOf, checkNow, child, isRecord, readRecord, text, timeOf } from "./AgentInput.ts"
import type { MappedRecord } from "./HookDraft.ts"
import { hookDraft } from "./HookDraft.ts"
import type { Phase, ToolFields } from "./ToolFields.ts"
import {
  enumText, fileFields, genericToolFields, promptFields, responseFields, sessionFields, shellFields, webFetchFields,
  withPhase
} from "./ToolFields.ts"

/**
 * GitHub Copilot CLI / cloud agent hooks (docs.github.com, "GitHub Copilot CLI
 * hooks reference" and "Hooks configuration"): JSON on stdin in one of two
 * documented shapes. camelCase (sessionId, toolName, toolArgs…) carries no
 * event name, so the hook command passes it (`--event preToolUse`); the
 * VS Code compatible shape (hook_event_name, session_id, tool_input…) names itself.
 */
const source = "copilot"

export interface CopilotOptions extends AdapterOptions {
  /** The event the hook was configured for, when the payload does not name it. */
  readonly event?: string
}

const fromPascal: Record<string, string> = {
  SessionStart: "sessionStart", SessionEnd: "sessionEnd", UserPromptSubmit: "userPromptSubmitted",
  PreToolUse: "preToolUse", PostToolUse: "postToolUse", PostToolUseFailure: "postToolUseFailure",
  Stop: "agentStop", SubagentStop: "subagentStop", ErrorOccurred: "errorOccurred"
}

const pick = (record: JsonRecord, camel: string, snake: string): unknown => record[camel] ?? record[snake]

// Older payloads name nothing: the fields present tell the event apart.
const inferEvent = (r: JsonRecord): string | undefined =>
  pick(r, "toolResult", "tool_result") !== undefined ? "postToolUse"
  : pick(r, "toolName", "tool_name") !== undefined ? (typeof r["error"] === "string" ? "postToolUseFailure" : "preToolUse")
  : typeof r["prompt"] === "string" ? "userPromptSubmitted"
  : isRecord(r["error"]) ? "errorOccurred"
  : pick(r, "stopReason", "stop_reason") !== undefined ? (pick(r, "agentName", "agent_name") !== undefined ? "subagentStop" : "agentStop")
  : r["reason"] !== undefined ? "sessionEnd"
  : r["source"] !== undefined ? "sessionStart"
  : undefined

const normalize = (event: string | undefined): string | undefined => (event === undefined ? undefined : fromPascal[event] ?? event)

const toolFields = (name: string, args: JsonRecord, cwd: string | undefined): ToolFields => {
  switch (name) {
    case "bash":
    case "powershell":
      return shellFields(name, text(args, "command") ?? "")
    case "create":
      return fileFields(name, "create_file", text(args, "path"), cwd)
    case "edit":
      return fileFields(name, "edit_file", text(args, "path"), cwd)
    case "view":
      return fileFields(name, "read_file", text(args, "path"), cwd)
    case "web_fetch":
      return webFetchFields(name, text(args, "url"))
    default:
      return genericToolFields(name, text(args, "path"), cwd)
  }
}

const toolEvent = (r: JsonRecord, phase: Phase, cwd: string | undefined): MappedRecord => {
  const named = pick(r, "toolName", "tool_name")
  const name = typeof named === "string" && named !== "" ? named : "unknown"
  const result = child(r, "toolResult") ?? child(r, "tool_result")
  const resultType = pick(result ?? {}, "resultType", "result_type")
  const failed = phase === "failed" || (resultType !== undefined && resultType !== "success")
  return {
    fields: withPhase(toolFields(name, argsOf(pick(r, "toolArgs", "tool_input")), cwd), failed ? "failed" : phase),
    payload: phase === "before" ? undefined : (pick(result ?? {}, "textResultForLlm", "text_result_for_llm") ?? r["error"])
  }
}

const mapEvent = (event: string, r: JsonRecord, cwd: string | undefined): MappedRecord | undefined => {
  switch (event) {
    case "preToolUse": return toolEvent(r, "before", cwd)
    case "postToolUse": return toolEvent(r, "after", cwd)
    case "postToolUseFailure": return toolEvent(r, "failed", cwd)
    case "userPromptSubmitted": return { fields: promptFields, payload: text(r, "prompt") }
    case "sessionStart": return { fields: sessionFields("session_start", r["source"]), payload: pick(r, "initialPrompt", "initial_prompt") }
    case "sessionEnd": return { fields: sessionFields("session_end", r["reason"]) }
    case "agentStop": return { fields: responseFields("agent_stop", pick(r, "stopReason", "stop_reason")) }
    case "subagentStop": return { fields: responseFields("subagent_stop", pick(r, "stopReason", "stop_reason")) }
    case "errorOccurred": {
      const name = enumText(child(r, "error")?.["name"])
      return { fields: { eventType: "evidence_event", actionType: "error_occurred", targetSummary: name === undefined ? "error" : `error: ${name}` } }
    }
    default: return undefined
  }
}

export const parseCopilotHook = (
  input: string | unknown,
  opts: CopilotOptions
): Effect.Effect<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Effect.gen(function* () {
    const record = yield* readRecord(source, input)
    const now = yield* checkNow(source, opts.now)
    const event = normalize(opts.event) ?? normalize(text(record, "hook_event_name")) ?? inferEvent(record)
    const cwd = text(record, "cwd")
    const mapped = event === undefined ? undefined : mapEvent(event, record, cwd)
    if (event === undefined || mapped === undefined) return []
    // Cloud-agent payloads carry no session id: one session per working directory is the best left.
    const sessionId =
      text(record, "sessionId") ?? text(record, "session_id") ?? `copilot-${(yield* sha256Hex(cwd ?? "")).slice(0, 16)}`
    const timestamp = record["timestamp"]
    return [
      yield* hookDraft({
        connectorType: "github_copilot",
        agentId: "github-copilot",
        sessionId,
        occurredAt: timeOf(timestamp, now),
        keyParts: [event, sessionId, typeof timestamp === "number" ? String(timestamp) : text(record, "timestamp")],
        record,
        ...mapped
      })
    ]
  })

/** Empty JSON: "empty output uses default behavior", so Copilot's own permission flow decides. */
export const copilotHookResponse = (): HookAnswer => ({ exitCode: 0, stdout: "{}" })
