import { Effect } from "effect"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { AdapterOptions } from "./AgentInput.ts"
import { checkNow, invalidInput, makeDraft, readRecord, text } from "./AgentInput.ts"
import { payloadHash, recordKey } from "./Identity.ts"
import { promptFields, responseFields } from "./ToolFields.ts"

/**
 * Codex `notify` (docs/config.md#notify in openai/codex): the configured
 * program gets one JSON argument per event; today only `agent-turn-complete`,
 * with thread-id, turn-id, cwd, input-messages and last-assistant-message.
 * Fire-and-forget: Codex reads no answer, so there is no hook response.
 */
const source = "codex-notify"

export const parseCodexNotify = (
  input: string | unknown,
  opts: AdapterOptions
): Effect.Effect<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Effect.gen(function* () {
    const record = yield* readRecord(source, input)
    const now = yield* checkNow(source, opts.now)
    const type = text(record, "type")
    if (type === undefined) return yield* invalidInput(source, "missing_field", "type is required", "type")
    if (type !== "agent-turn-complete") return []
    const turnId = text(record, "turn-id")
    // Releases before thread-id existed: each turn stands alone.
    const sessionId = text(record, "thread-id") ?? (turnId === undefined ? undefined : `codex-turn-${turnId}`)
    if (sessionId === undefined) return yield* invalidInput(source, "missing_field", "thread-id is required", "thread-id")
    const messages = record["input-messages"]
    const prompts = Array.isArray(messages) ? messages.filter((m): m is string => typeof m === "string") : []
    const base = { connectorType: "codex", agentId: "codex", sessionId, occurredAt: now } as const
    const [promptKey, responseKey, promptHash, responseHash] = yield* Effect.all([
      recordKey([type, sessionId, turnId, "prompt"], record),
      recordKey([type, sessionId, turnId, "response"], record),
      payloadHash(prompts.length === 0 ? undefined : prompts.join("\n")),
      payloadHash(text(record, "last-assistant-message"))
    ])
    const prompt = makeDraft({ ...base, ...promptFields, naturalKey: promptKey, payloadHash: promptHash })
    const response = makeDraft({
      ...base,
      ...responseFields("agent_turn_complete"),
      naturalKey: responseKey,
      payloadHash: responseHash
    })
    return prompts.length === 0 ? [response] : [prompt, response]
  })
