import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { gzipSync } from "node:zlib"
import { type BodyLimits, decodeJsonBody, defaultBodyLimits } from "../../src/http/body/RequestBody.ts"

const encoder = new TextEncoder()
const json = { contentType: "application/json" }
const gzipJson = { contentType: "application/json", contentEncoding: "gzip" }

const decode = (bytes: Uint8Array, headers: { contentType?: string; contentEncoding?: string }, limits: BodyLimits = defaultBodyLimits) =>
  Effect.either(decodeJsonBody(bytes, headers, limits))

const refused = (result: unknown, tag: string, code: string) =>
  expect(result).toMatchObject({ _tag: "Left", left: { _tag: tag, code } })

describe("decodeJsonBody: media type and coding", () => {
  it.effect.each([
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON;Charset=\"UTF-8\"",
    "application/vnd.cavra.envelope+json",
    "application/problem+json; charset=utf-8"
  ])("accepts %s", (contentType) =>
    Effect.gen(function* () {
      expect(yield* decode(encoder.encode('{"a":[1,"x"]}'), { contentType })).toStrictEqual(Either.right({ a: [1, "x"] }))
    }))

  it.effect.each(["text/plain", "", "application/jsonx", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1", "application/json+xml"])(
    "refuses Content-Type %j with 415 unsupported_media_type",
    (contentType) =>
      Effect.gen(function* () {
        const result = yield* decode(encoder.encode("{}"), { contentType })
        refused(result, "UnsupportedMediaType", "unsupported_media_type")
      })
  )

  it.effect("refuses a missing Content-Type", () =>
    Effect.gen(function* () {
      refused(yield* decode(encoder.encode("{}"), {}), "UnsupportedMediaType", "unsupported_media_type")
    }))

  it.effect.each(["br", "deflate", "compress", "gzip, gzip", "zstd"])(
    "refuses Content-Encoding %j with 415 unsupported_encoding",
    (contentEncoding) =>
      Effect.gen(function* () {
        const result = yield* decode(encoder.encode("{}"), { contentType: "application/json", contentEncoding })
        refused(result, "UnsupportedMediaType", "unsupported_encoding")
      })
  )

  it.effect.each(["identity", "IDENTITY", ""])("takes Content-Encoding %j as plain", (contentEncoding) =>
    Effect.gen(function* () {
      const result = yield* decode(encoder.encode("[]"), { contentType: "application/json", contentEncoding })
      expect(result).toStrictEqual(Either.right([]))
    }))
})

describe("decodeJsonBody: size and gzip", () => {
  const small: BodyLimits = { maxBodyBytes: 64, maxInflatedBytes: 256, maxJsonDepth: 32 }

  it.effect("refuses a body over the limit with 413 body_too_large, naming the limit", () =>
    Effect.gen(function* () {
      const result = yield* decode(encoder.encode(JSON.stringify({ pad: "x".repeat(100) })), json, small)
      refused(result, "PayloadTooLarge", "body_too_large")
      expect(result).toMatchObject({ left: { message: expect.stringContaining("64 bytes") } })
      const atLimit = yield* decode(encoder.encode(JSON.stringify({ pad: "x".repeat(54) })), json, small)
      expect(atLimit._tag).toBe("Right")
    }))

  it.effect.each(["gzip", "x-gzip", "GZip"])("inflates a %s body", (contentEncoding) =>
    Effect.gen(function* () {
      const body = gzipSync(encoder.encode('{"event":{"event_id":"e1"}}'))
      const result = yield* decode(body, { contentType: "application/json", contentEncoding })
      expect(result).toStrictEqual(Either.right({ event: { event_id: "e1" } }))
    }))

  it.effect("refuses a body that inflates past the cap with 413 inflated_too_large", () =>
    Effect.gen(function* () {
      const body = gzipSync(encoder.encode(JSON.stringify({ pad: "x".repeat(1000) })))
      expect(body.byteLength).toBeLessThan(small.maxBodyBytes)
      const result = yield* decode(body, gzipJson, small)
      refused(result, "PayloadTooLarge", "inflated_too_large")
      expect(result).toMatchObject({ left: { message: expect.stringContaining("256 bytes") } })
    }))

  it.effect("checks the wire size before inflating", () =>
    Effect.gen(function* () {
      const body = gzipSync(encoder.encode(JSON.stringify({ pad: Array.from({ length: 200 }, (_, i) => i) })))
      expect(body.byteLength).toBeGreaterThan(small.maxBodyBytes)
      refused(yield* decode(body, gzipJson, small), "PayloadTooLarge", "body_too_large")
    }))

  it.effect.each([
    ["random bytes", encoder.encode("definitely not gzip")],
    ["a truncated stream", gzipSync(encoder.encode(JSON.stringify({ a: "b".repeat(500) }))).subarray(0, 20)],
    ["an empty body", new Uint8Array(0)]
  ] as const)("refuses %s as 400 invalid_gzip", ([, body]) =>
    Effect.gen(function* () {
      refused(yield* decode(body, gzipJson), "InvalidRequest", "invalid_gzip")
    }))
})

describe("decodeJsonBody: text and JSON", () => {
  it.effect.each([
    ["a stray 0xFF", [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]],
    ["an overlong '/'", [0x22, 0xc0, 0xaf, 0x22]],
    ["an encoded surrogate", [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ["a truncated sequence", [0x22, 0xe2, 0x82, 0x22]]
  ] as const)("refuses %s as 400 invalid_utf8", ([, bytes]) =>
    Effect.gen(function* () {
      refused(yield* decode(Uint8Array.from(bytes), json), "InvalidRequest", "invalid_utf8")
    }))

  it.effect("refuses invalid UTF-8 inside a gzip body too", () =>
    Effect.gen(function* () {
      refused(yield* decode(gzipSync(Uint8Array.from([0x22, 0xff, 0x22])), gzipJson), "InvalidRequest", "invalid_utf8")
    }))

  it.effect("accepts multi-byte text and a leading BOM", () =>
    Effect.gen(function* () {
      const body = Uint8Array.from([0xef, 0xbb, 0xbf, ...encoder.encode('{"name":"Zoë 😀 東京"}')])
      expect(yield* decode(body, json)).toStrictEqual(Either.right({ name: "Zoë 😀 東京" }))
    }))

  it.effect.each([
    ['{"a":"\\ud800"}', "a"],
    ['{"a":{"b":["ok","x\\udc00y"]}}', "a.b.1"],
    ['{"a":"\\ude00\\ud83d"}', "a"],
    ['{"\\ud800":1}', undefined],
    ['"\\udbff"', undefined]
  ] as const)("refuses lone surrogates in %s as 400 invalid_unicode", ([text, field]) =>
    Effect.gen(function* () {
      const result = yield* decode(encoder.encode(text), json)
      refused(result, "InvalidRequest", "invalid_unicode")
      if (result._tag === "Left") expect(result.left.field).toBe(field)
    }))

  it.effect("accepts a surrogate pair written as escapes", () =>
    Effect.gen(function* () {
      expect(yield* decode(encoder.encode('{"a":"\\ud83d\\ude00"}'), json)).toStrictEqual(Either.right({ a: "😀" }))
    }))

  it.effect.each(['{"a":}', "", "   ", '{"a":1', "[1,]", '{"a":1} x', "{'a':1}", "NaN"])(
    "refuses %j as 400 malformed_json",
    (text) =>
      Effect.gen(function* () {
        refused(yield* decode(encoder.encode(text), json), "InvalidRequest", "malformed_json")
      })
  )

  it.effect("reports the position when the parser knows it, without echoing the body", () =>
    Effect.gen(function* () {
      const unterminated = yield* decode(encoder.encode('{"token":"sk-SECRET'), json)
      expect(unterminated).toMatchObject({ left: { code: "malformed_json", message: expect.stringContaining("position 19") } })
      const unexpected = yield* decode(encoder.encode('{"token":"sk-SECRET",}'), json)
      expect(unexpected).toMatchObject({ left: { code: "malformed_json" } })
      if (unexpected._tag === "Left") expect(unexpected.left.message).not.toContain("SECRET")
    }))
})

describe("decodeJsonBody: nesting", () => {
  const nested = (depth: number): string => "[".repeat(depth) + "]".repeat(depth)

  it.effect("accepts exactly the depth limit and refuses one more as 400 nesting_too_deep", () =>
    Effect.gen(function* () {
      expect((yield* decode(encoder.encode(nested(32)), json))._tag).toBe("Right")
      refused(yield* decode(encoder.encode(nested(33)), json), "InvalidRequest", "nesting_too_deep")
      refused(yield* decode(encoder.encode(`{"a":${nested(32)}}`), json), "InvalidRequest", "nesting_too_deep")
    }))

  it.effect("refuses 100k unclosed '[' without blowing the stack", () =>
    Effect.gen(function* () {
      refused(yield* decode(encoder.encode("[".repeat(100_000)), json), "InvalidRequest", "nesting_too_deep")
      const objects = '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000)
      const limits = { ...defaultBodyLimits, maxBodyBytes: 2_000_000 }
      refused(yield* decode(encoder.encode(objects), json, limits), "InvalidRequest", "nesting_too_deep")
    }))

  it.effect("does not count brackets inside strings", () =>
    Effect.gen(function* () {
      const text = JSON.stringify({ s: "[".repeat(100), t: '\\"{{{{', u: "\"[[[" })
      expect(yield* decode(encoder.encode(text), json)).toStrictEqual(Either.right(JSON.parse(text)))
    }))
})
