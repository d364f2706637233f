import { Effect } from "effect"
import { InvalidRequest, PayloadTooLarge, type UnsupportedMediaType } from "../../domain/Errors.ts"
import type { BodyLimits } from "./BodyLimits.ts"
import { checkContentEncoding, checkContentType } from "./ContentHeaders.ts"
import { gunzipBody } from "./GzipInflate.ts"
import { parseJsonText } from "./JsonText.ts"

export { type BodyLimits, bodyLimitsConfig, defaultBodyLimits } from "./BodyLimits.ts"
export { decodeJsonText } from "./JsonText.ts"

export interface BodyHeaders {
  readonly contentType?: string | undefined
  readonly contentEncoding?: string | undefined
}

export type BodyError = InvalidRequest | PayloadTooLarge | UnsupportedMediaType

const utf8 = new TextDecoder("utf-8", { fatal: true })

const decodeUtf8 = (bytes: Uint8Array): Effect.Effect<string, InvalidRequest> =>
  Effect.try({
    try: () => utf8.decode(bytes),
    catch: () => new InvalidRequest({ code: "invalid_utf8", message: "the body is not valid UTF-8" })
  })

/**
 * Request bytes to a JSON value, refusing in this order: media type and
 * coding (415), wire size (413), gzip (413 past the inflated cap, 400 when
 * corrupt), UTF-8, nesting depth, JSON syntax, lone surrogates (400).
 */
export const decodeJsonBody = (
  bytes: Uint8Array,
  headers: BodyHeaders,
  limits: BodyLimits
): Effect.Effect<unknown, BodyError> =>
  Effect.gen(function* () {
    yield* checkContentType(headers.contentType)
    const coding = yield* checkContentEncoding(headers.contentEncoding)
    if (bytes.byteLength > limits.maxBodyBytes) {
      return yield* new PayloadTooLarge({
        code: "body_too_large",
        message: `the body is ${bytes.byteLength} bytes; the limit is ${limits.maxBodyBytes} bytes`
      })
    }
    const plain = coding === "gzip" ? yield* gunzipBody(bytes, limits.maxInflatedBytes) : bytes
    const text = yield* decodeUtf8(plain)
    return yield* parseJsonText(text, limits)
  })
