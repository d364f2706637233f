import { Effect } from "effect"
import { InvalidRequest, PayloadTooLarge } from "../../domain/Errors.ts"
import type { BodyLimits } from "./BodyLimits.ts"

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/**
 * Deepest array/object nesting of `text`, stopping as soon as it passes
 * `max`. A flat scan, so `[[[[…` a hundred thousand deep costs nothing and
 * never reaches JSON.parse (nor any recursive walk after it).
 */
export const exceedsDepth = (text: string, max: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) {
      inString = true
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--
    }
  }
  return false
}

// Without the `u` flag the pattern sees UTF-16 code units, which is the point.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const surrogateEscape = /\\u[dD][89a-fA-F]/

/** Dotted path of the first string (key or value) holding a lone surrogate, if any. */
export const findLoneSurrogate = (value: unknown): string | undefined => {
  const stack: Array<readonly [unknown, string]> = [[value, ""]]
  const join = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`)
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, path] = item
    if (typeof node === "string") {
      if (loneSurrogate.test(node)) return path
    } else if (Array.isArray(node)) {
      node.forEach((child: unknown, i) => stack.push([child, join(path, String(i))]))
    } else if (typeof node === "object" && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        // A bad key cannot be named by itself; point at the object holding it.
        if (loneSurrogate.test(key)) return path
        stack.push([child, join(path, key)])
      }
    }
  }
  return undefined
}

/** V8 quotes the offending source after `, "`: keep only the reason, never body content. */
const parseReason = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error)
  const [reason = message] = message.split(', "')
  return reason.slice(0, 120)
}

/** Parses JSON text after the depth scan, then rejects lone UTF-16 surrogates. */
export const parseJsonText = (text: string, limits: BodyLimits): Effect.Effect<unknown, InvalidRequest> => {
  if (exceedsDepth(text, limits.maxJsonDepth)) {
    return Effect.fail(
      new InvalidRequest({
        code: "nesting_too_deep",
        message: `JSON nesting is deeper than the limit of ${limits.maxJsonDepth} levels`
      })
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return Effect.fail(new InvalidRequest({ code: "malformed_json", message: `malformed JSON: ${parseReason(error)}` }))
  }
  // A lone surrogate in the parsed value comes from a raw one in the text or
  // from a \uD800-\uDFFF escape: without either, the walk is skipped.
  const at = surrogateEscape.test(text) || loneSurrogate.test(text) ? findLoneSurrogate(value) : undefined
  if (at === undefined) return Effect.succeed(value)
  const message = "a JSON string contains a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape)"
  return Effect.fail(
    at === ""
      ? new InvalidRequest({ code: "invalid_unicode", message })
      : new InvalidRequest({ code: "invalid_unicode", message, field: at })
  )
}

/** UTF-8 length of a string without encoding it. */
const utf8Length = (text: string): number => {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/** A WebSocket text frame: the frame-size bound, then the same checks as a body. */
export const decodeJsonText = (
  text: string,
  limits: BodyLimits
): Effect.Effect<unknown, InvalidRequest | PayloadTooLarge> => {
  // Every code unit is at least one UTF-8 byte: a long string is refused uncounted.
  const size = text.length > limits.maxBodyBytes ? text.length : utf8Length(text)
  if (size > limits.maxBodyBytes) {
    return Effect.fail(
      new PayloadTooLarge({
        code: "frame_too_large",
        message: `the frame is larger than the limit of ${limits.maxBodyBytes} bytes`
      })
    )
  }
  return parseJsonText(text, limits)
}
