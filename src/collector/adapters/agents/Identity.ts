import { Effect } from "effect"
import { sha256Hex } from "../../../integrity/Digest.ts"

/**
 * The natural key of a native record: its own identifiers, plus a digest of
 * the record itself, so the same input always gives the same key and two
 * records that differ in anything give different keys. The raw text never
 * leaves this function; only its digest does.
 */
export const recordKey = (parts: ReadonlyArray<string | undefined>, record: unknown): Effect.Effect<string> =>
  Effect.map(sha256Hex(JSON.stringify(record) ?? ""), (digest) => [...parts.map((p) => p ?? ""), digest].join("\u001f"))

/** SHA-256 (hex) of a raw payload that stays at the source: prompt text, model answer, tool output. */
export const payloadHash = (payload: unknown): Effect.Effect<string | undefined> =>
  payload === undefined || payload === null || payload === ""
    ? Effect.succeed(undefined)
    : sha256Hex(typeof payload === "string" ? payload : JSON.stringify(payload))
