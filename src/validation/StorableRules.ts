import { Either } from "effect"
import { type Envelope, identifiersOf } from "../domain/Envelope.ts"
import { EnvelopeInvalid } from "../domain/Errors.ts"

/**
 * Rules that keep an envelope the contract admits storable and countable:
 * without them such an envelope would pass validation and then fail its
 * group commit (and with it every other event of that commit) again and
 * again as a "retryable" storage error.
 */

/** Identifiers the store indexes: long enough for any real id, short of the index's row limit. */
export const MAX_IDENTIFIER_CHARS = 512
/** More retries than any collector makes; beyond it the health figures would overflow. */
export const MAX_RETRY_COUNT = 1_000_000

const fail = (code: string, field: string, message: string): Either.Either<never, EnvelopeInvalid> =>
  Either.left(new EnvelopeInvalid({ code, message, field }))

/** The dotted path of the first string (value or key) holding U+0000, which PostgreSQL text cannot store. */
export const nulCharacterAt = (value: unknown, path = ""): string | undefined => {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulCharacterAt(value[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const at = path === "" ? key : `${path}.${key}`
      if (key.includes("\u0000")) return at
      const found = nulCharacterAt(child, at)
      if (found !== undefined) return found
    }
  }
  return undefined
}

export const checkStorable = (envelope: Envelope): Either.Either<Envelope, EnvelopeInvalid> => {
  const nul = nulCharacterAt(envelope)
  if (nul !== undefined) return fail("nul_character", nul, `${nul} contains U+0000, which cannot be stored`)
  for (const [field, value] of identifiersOf(envelope)) {
    if (value !== undefined && value.length > MAX_IDENTIFIER_CHARS) {
      return fail("identifier_too_long", field, `${field} is ${value.length} characters long; the limit is ${MAX_IDENTIFIER_CHARS}`)
    }
  }
  const key = envelope.transport.idempotency_key
  if (key !== undefined && key.trim() === "") {
    return fail(
      "empty_idempotency_key",
      "transport.idempotency_key",
      "transport.idempotency_key is empty: every envelope with it would be a duplicate of the first; omit it or send a real key"
    )
  }
  const retries = envelope.transport.retry_count
  if (retries !== undefined && retries > MAX_RETRY_COUNT) {
    return fail("retry_count_out_of_range", "transport.retry_count", `transport.retry_count is above ${MAX_RETRY_COUNT}`)
  }
  return Either.right(envelope)
}
