import { Effect, Either } from "effect"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { AdapterOptions, JsonRecord } from "./AgentInput.ts"
import { argsOf, checkNow, child, invalidInput, isRecord, makeDraft, text, timeOf } from "./AgentInput.ts"
import { codexCallFields, patchFields } from "./codexTools.ts"
import { payloadHash, recordKey } from "./Identity.ts"
import { repositoryFromRemote } from "./Targets.ts"
import type { PlainFields, ToolFields } from "./ToolFields.ts"
import { genericToolFields, promptFields, responseFields, sessionFields, withPhase } from "./ToolFields.ts"

/**
 * Codex session rollouts (~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl):
 * one `{timestamp, type, payload}` object per line; `session_meta` first, then
 * `response_item` (message, function_call, function_call_output, custom_tool_call…),
 * `event_msg` and `turn_context`. event_msg repeats what response_item says, so
 * only response_item is mapped.
 */
const source = "codex-rollout"

export interface RolloutOptions extends AdapterOptions {
  /** Used when the text read has no session_meta line (e.g. only the file's new tail). */
  readonly sessionId?: string
  /** Line number of the input's first line in the file (a tail reader passes where it resumed); default 1. */
  readonly firstLine?: number
}

export interface RolloutParse {
  readonly drafts: ReadonlyArray<EventDraft>
  readonly lines: number
  readonly malformedLines: number
}

/** The session uuid at the end of a rollout file name. */
export const sessionIdFromRolloutPath = (path: string): string | undefined =>
  /rollout-.*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i.exec(path)?.[1]

interface Line {
  readonly number: number
  readonly entry: JsonRecord
  readonly payload: JsonRecord
}

const readLine = (raw: string, number: number): Line | undefined => {
  const parsed = Either.getOrUndefined(Either.try(() => JSON.parse(raw) as unknown))
  const payload = isRecord(parsed) ? child(parsed, "payload") : undefined
  return isRecord(parsed) && typeof parsed["type"] === "string" && payload !== undefined
    ? { number, entry: parsed, payload }
    : undefined
}

const messageText = (payload: JsonRecord): string =>
  (Array.isArray(payload["content"]) ? payload["content"] : [])
    .map((part) => (isRecord(part) && typeof part["text"] === "string" ? part["text"] : ""))
    .join("\n")

// Context Codex itself injects as user-role messages: not something the user typed.
const injected = /^\s*(?:<environment_context>|<user_instructions>|<INSTRUCTIONS>|# AGENTS\.md instructions)/

const failedOutput = (output: unknown): boolean => {
  const parsed = typeof output === "string" ? argsOf(output) : isRecord(output) ? output : {}
  const exit = child(parsed, "metadata")?.["exit_code"]
  return typeof exit === "number" && exit !== 0
}

type Mapped = { readonly fields: ToolFields | PlainFields; readonly payload?: unknown; readonly callId?: string }

const mapLine = (line: Line, calls: Map<string, ToolFields>, cwd: string | undefined): Mapped | undefined => {
  const { entry, payload } = line
  if (entry["type"] === "session_meta") return { fields: sessionFields("session_start", payload["source"]) }
  if (entry["type"] !== "response_item") return undefined
  const callId = text(payload, "call_id")
  const name = text(payload, "name") ?? "tool"
  switch (payload["type"]) {
    case "message": {
      const body = messageText(payload)
      if (payload["role"] === "user") return injected.test(body) ? undefined : { fields: promptFields, payload: body }
      return payload["role"] === "assistant" ? { fields: responseFields("agent_message"), payload: body } : undefined
    }
    case "function_call":
      return { fields: codexCallFields(name, argsOf(payload["arguments"]), cwd), ...(callId && { callId }) }
    case "custom_tool_call": {
      const input = text(payload, "input") ?? ""
      const fields = name === "apply_patch" ? patchFields(name, input, cwd) : codexCallFields(name, { input }, cwd)
      return { fields, ...(callId && { callId }) }
    }
    case "local_shell_call":
      return { fields: codexCallFields("local_shell", child(payload, "action") ?? {}, cwd), ...(callId && { callId }) }
    case "function_call_output":
    case "custom_tool_call_output": {
      const call = (callId === undefined ? undefined : calls.get(callId)) ?? genericToolFields("tool", undefined)
      const output = payload["output"]
      return { fields: withPhase(call, failedOutput(output) ? "failed" : "after"), payload: output, ...(callId && { callId }) }
    }
    case "web_search_call":
      return { fields: { eventType: "tool_call", toolName: "web_search", actionType: "web_search", targetSummary: "web search" } }
    default:
      return undefined
  }
}

/** Parses a rollout (whole file or a tail), skipping and counting malformed lines. */
export const parseCodexRollout = (input: string, opts: RolloutOptions): Effect.Effect<RolloutParse, InvalidRequest> =>
  Effect.gen(function* () {
    const now = yield* checkNow(source, opts.now)
    const raws = input.split(/\r?\n/)
    const first = opts.firstLine ?? 1
    const lines = raws.flatMap((raw, i) => (raw.trim() === "" ? [] : [{ raw, number: i + first }]))
    const parsed = lines.flatMap(({ raw, number }) => {
      const line = readLine(raw, number)
      return line === undefined ? [] : [line]
    })
    const meta = parsed.find((l) => l.entry["type"] === "session_meta")?.payload
    const sessionId = text(meta, "id") ?? opts.sessionId
    if (sessionId === undefined) {
      return yield* invalidInput(source, "missing_session", "no session_meta line and no session id given", "session_meta")
    }
    const cwd = text(meta, "cwd")
    const remote = text(child(meta, "git"), "repository_url")
    const calls = new Map<string, ToolFields>()
    const drafts: Array<EventDraft> = []
    for (const line of parsed) {
      const mapped = mapLine(line, calls, cwd)
      if (mapped === undefined) continue
      if (mapped.callId !== undefined && "toolName" in mapped.fields && !calls.has(mapped.callId)) {
        calls.set(mapped.callId, mapped.fields)
      }
      const [naturalKey, hash] = yield* Effect.all([
        recordKey(["rollout", sessionId, String(line.number), mapped.callId], line.entry),
        payloadHash(mapped.payload)
      ])
      drafts.push(
        makeDraft({
          connectorType: "codex",
          agentId: "codex",
          sessionId,
          occurredAt: timeOf(line.entry["timestamp"], now),
          runtimeVersion: text(meta, "cli_version"),
          repository: remote === undefined ? undefined : repositoryFromRemote(remote),
          naturalKey,
          payloadHash: hash,
          ...mapped.fields
        })
      )
    }
    return { drafts, lines: lines.length, malformedLines: lines.length - parsed.length }
  })
