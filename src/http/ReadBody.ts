import { HttpServerRequest } from "@effect/platform"
import { Chunk, Effect, Stream } from "effect"
import { InvalidRequest, PayloadTooLarge } from "../domain/Errors.ts"
import { type BodyError, type BodyLimits, decodeJsonBody } from "./body/RequestBody.ts"

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
    const chunks = yield* request.stream.pipe(
      Stream.mapAccumEffect(0, (total, chunk) => {
        const next = total + chunk.byteLength
        return next > limits.maxBodyBytes ? Effect.fail(tooLarge(limits.maxBodyBytes)) : Effect.succeed([next, chunk])
      }),
      Stream.runCollect,
      Effect.catchTag("RequestError", () =>
        Effect.fail(new InvalidRequest({ code: "body_unreadable", message: "the request body could not be read" })))
    )
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
