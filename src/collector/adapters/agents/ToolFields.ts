import type { EventType } from "../../../domain/Envelope.ts"
import { gitSubcommand, summarizeCommand } from "./CommandSummary.ts"
import { displayPath, mcpParts, urlSummary } from "./Targets.ts"

/** The part of a draft that says what a tool did; shared by every agent adapter. */
export interface ToolFields {
  readonly eventType: EventType
  readonly toolName: string
  readonly actionType: string
  readonly targetSummary: string
}

/** Where in its life a tool call was observed: before it ran, after success, after failure. */
export type Phase = "before" | "after" | "failed"

const suffix: Record<Phase, string> = { before: "", after: "_completed", failed: "_failed" }

export const withPhase = (fields: ToolFields, phase: Phase): ToolFields => ({
  ...fields,
  actionType: `${fields.actionType}${suffix[phase]}`
})

/** A shell command: `git_operation` when it runs git, otherwise `shell_command`. */
export const shellFields = (toolName: string, command: string): ToolFields => {
  const sub = gitSubcommand(command)
  return sub === undefined
    ? { eventType: "shell_command", toolName, actionType: "run_command", targetSummary: summarizeCommand(command) }
    : { eventType: "git_operation", toolName, actionType: `git_${sub}`, targetSummary: summarizeCommand(command) }
}

export type FileVerb = "read_file" | "write_file" | "edit_file" | "create_file" | "delete_file" | "edit_notebook"

/** A file touched by a tool: only its (workspace-relative) path, never its content. */
export const fileFields = (toolName: string, verb: FileVerb, path: string | undefined, cwd?: string): ToolFields => ({
  eventType: "file_action",
  toolName,
  actionType: verb,
  targetSummary: path === undefined ? "file" : displayPath(path, cwd)
})

export const mcpFields = (toolName: string, server?: string, tool?: string): ToolFields => {
  const parts = mcpParts(toolName)
  const target = `${server ?? parts?.server ?? "mcp"}/${tool ?? parts?.tool ?? toolName}`
  return { eventType: "mcp_activity", toolName, actionType: "call_tool", targetSummary: target }
}

export const webFetchFields = (toolName: string, url: string | undefined): ToolFields => ({
  eventType: "tool_call",
  toolName,
  actionType: "web_fetch",
  targetSummary: url === undefined ? "web fetch" : urlSummary(url)
})

/** Any other tool: its name and, when it names one, the path it works on. */
export const genericToolFields = (toolName: string, path: string | undefined, cwd?: string): ToolFields => {
  const mcp = mcpParts(toolName)
  if (mcp !== undefined) return mcpFields(toolName)
  return {
    eventType: "tool_call",
    toolName,
    actionType: "use_tool",
    targetSummary: path === undefined ? toolName : displayPath(path, cwd)
  }
}

/** A documented enum value from the agent (`startup`, `user_exit`…); anything else is dropped, not echoed. */
export const enumText = (value: unknown): string | undefined =>
  typeof value === "string" && /^[\w.-]{1,40}$/.test(value) ? value : undefined

/** Session lifecycle and turn boundaries: no tool, a fixed verb and a short documented reason. */
export interface PlainFields {
  readonly eventType: EventType
  readonly actionType: string
  readonly targetSummary: string
}

export const sessionFields = (actionType: "session_start" | "session_end", reason: unknown): PlainFields => ({
  eventType: "evidence_event",
  actionType,
  targetSummary: `${actionType === "session_start" ? "session started" : "session ended"}${
    enumText(reason) === undefined ? "" : `: ${enumText(reason)}`
  }`
})

export const promptFields: PlainFields = {
  eventType: "prompt",
  actionType: "submit_prompt",
  targetSummary: "user prompt submitted"
}

const messageActions = new Set(["agent_message", "agent_response"])

/** A model answer (one message) or the end of an agent turn, with the documented stop status if any. */
export const responseFields = (actionType: string, status?: unknown): PlainFields => {
  const reason = enumText(status)
  const targetSummary = messageActions.has(actionType)
    ? "assistant message"
    : reason === undefined ? "agent turn completed" : `agent turn ended: ${reason}`
  return { eventType: "model_response", actionType, targetSummary }
}
