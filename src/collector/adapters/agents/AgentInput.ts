import { Either } from "effect"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import { InvalidRequest } from "../../../domain/Errors.ts"

/** Every agent adapter takes the collector's clock as a value: adapters never read the clock. */
export interface AdapterOptions {
  readonly now: string
}

export type JsonRecord = { readonly [key: string]: unknown }

/** What a hook process answers its agent: always exit 0, so the agent is never blocked by the collector. */
export interface HookAnswer {
  readonly exitCode: 0
  readonly stdout: string
}

export const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value)

export const invalidInput = (source: string, code: string, message: string, field?: string): InvalidRequest =>
  field === undefined
    ? new InvalidRequest({ code, message: `${source}: ${message}` })
    : new InvalidRequest({ code, message: `${source}: ${message}`, field })

/** Hook stdin (a string) or an already parsed value, to one JSON object; the text is never echoed back. */
export const readRecord = (source: string, input: string | unknown): Either.Either<JsonRecord, InvalidRequest> => {
  const parsed: Either.Either<unknown, InvalidRequest> =
    typeof input === "string"
      ? Either.try({
          try: (): unknown => JSON.parse(input),
          catch: () => invalidInput(source, "agent_input_not_json", "input is not valid JSON")
        })
      : Either.right(input)
  return Either.flatMap(parsed, (value) =>
    isRecord(value)
      ? Either.right(value)
      : Either.left(invalidInput(source, "agent_input_not_object", "input must be a JSON object"))
  )
}

export const text = (record: JsonRecord | undefined, key: string): string | undefined => {
  const value = record?.[key]
  return typeof value === "string" && value !== "" ? value : undefined
}

export const child = (record: JsonRecord | undefined, key: string): JsonRecord | undefined => {
  const value = record?.[key]
  return isRecord(value) ? value : undefined
}

/** Tool arguments arrive as an object, or (Copilot, Cursor MCP) as a JSON string of one. */
export const argsOf = (value: unknown): JsonRecord => {
  if (isRecord(value)) return value
  if (typeof value !== "string") return {}
  const parsed = Either.try(() => JSON.parse(value) as unknown)
  return Either.isRight(parsed) && isRecord(parsed.right) ? parsed.right : {}
}

const validMillis = (millis: number): boolean => Number.isFinite(millis) && Math.abs(millis) < 8.64e15

/** A record's own time (ISO string or epoch milliseconds), else the injected `now`. */
export const timeOf = (candidate: unknown, now: string): string => {
  const millis =
    typeof candidate === "number" ? candidate : typeof candidate === "string" ? Date.parse(candidate) : Number.NaN
  return validMillis(millis) ? new Date(millis).toISOString() : now
}

export const checkNow = (source: string, now: string): Either.Either<string, InvalidRequest> => {
  const millis = Date.parse(now)
  return validMillis(millis)
    ? Either.right(new Date(millis).toISOString())
    : Either.left(invalidInput(source, "invalid_now", "the injected clock value is not a date-time", "now"))
}

type Loose<T> = { readonly [K in keyof T]: T[K] | undefined }

/** Builds a draft from fields that may be undefined (exactOptionalPropertyTypes forbids writing them). */
export const makeDraft = (fields: Loose<EventDraft>): EventDraft =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as unknown as EventDraft
