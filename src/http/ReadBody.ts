import { HttpServerRequest } from "@effect/platform"
import { Chunk, Effect, Stream } from "effect"
import { InvalidRequest, PayloadTooLarge } from "../domain/Errors.ts"
import { type BodyError, type BodyLimits, decodeJsonBody } from "./body/RequestBody.ts"

const DISCARD_FACTOR = 4

const tooLarge = (limit: number) =>
  new PayloadTooLarge({ code: "body_too_large", message: `the body is larger than the limit of ${limit} bytes` })

/**
 * Reads the request body without ever holding more than the limit: a
 * declared Content-Length over it is refused before reading, a stream that
 * passes it is cut off. Then the body hygiene rules turn it into JSON.
 */
export const readJsonBody = (limits: BodyLimits): Effect.Effect<unknown, BodyError, HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const declared = Number(request.headers["content-length"] ?? Number.NaN)
    if (declared > limits.maxBodyBytes) return yield* tooLarge(limits.maxBodyBytes)
    // Past the limit the rest of a streamed body is read and dropped, up to four times the limit, so that
    // the client reads its 413 instead of a connection reset; beyond that the connection is cut.
    let total = 0
    const chunks = yield* request.stream.pipe(
      Stream.mapEffect((chunk) => {
        total += chunk.byteLength
        return total > DISCARD_FACTOR * limits.maxBodyBytes ? Effect.fail(tooLarge(limits.maxBodyBytes)) : Effect.succeed(chunk)
      }),
      Stream.filter(() => total <= limits.maxBodyBytes),
      Stream.runCollect,
      Effect.catchTag("RequestError", () =>
        Effect.fail(new InvalidRequest({ code: "body_unreadable", message: "the request body could not be read" })))
    )
    if (total > limits.maxBodyBytes) return yield* tooLarge(limits.maxBodyBytes)
    const bytes = new Uint8Array(Chunk.reduce(chunks, 0, (n, c) => n + c.byteLength))
    let at = 0
    for (const c of chunks) {
      bytes.set(c, at)
      at += c.byteLength
    }
    return yield* decodeJsonBody(bytes, {
      contentType: request.headers["content-type"],
      contentEncoding: request.headers["content-encoding"]
    }, limits)
  })
