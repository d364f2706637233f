import { Effect } from "effect"
import { InvalidRequest, PayloadTooLarge } from "../../domain/Errors.ts"

/** What one capped inflation did; `inflatedBytes` is how much was read before it stopped. */
export type InflateOutcome =
  | { readonly _tag: "Inflated"; readonly bytes: Uint8Array; readonly inflatedBytes: number }
  | { readonly _tag: "TooLarge"; readonly inflatedBytes: number }
  | { readonly _tag: "Corrupt" }

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

const run = async (bytes: Uint8Array, cap: number, signal: AbortSignal): Promise<InflateOutcome> => {
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      // A copy: the stream must not see later writes to the caller's buffer.
      controller.enqueue(new Uint8Array(bytes))
      controller.close()
    }
  })
  // Pulling chunk by chunk keeps the decompressor under backpressure, so a
  // gzip bomb is stopped about one chunk past the cap instead of inflated whole.
  const reader = source.pipeThrough(new DecompressionStream("gzip")).getReader()
  const stop = (): Promise<void> => reader.cancel().catch(() => undefined)
  const onAbort = (): void => void stop()
  signal.addEventListener("abort", onAbort, { once: true })
  const chunks: Array<Uint8Array> = []
  let size = 0
  try {
    for (;;) {
      const next = await reader.read()
      if (next.done) return { _tag: "Inflated", bytes: concat(chunks, size), inflatedBytes: size }
      size += next.value.byteLength
      if (size > cap) {
        await stop()
        return { _tag: "TooLarge", inflatedBytes: size }
      }
      chunks.push(next.value)
    }
  } catch {
    return { _tag: "Corrupt" }
  } finally {
    signal.removeEventListener("abort", onAbort)
  }
}

/** Inflates a gzip body, never holding more than `cap` inflated bytes (plus one chunk). */
export const inflateGzipCapped = (bytes: Uint8Array, cap: number): Effect.Effect<InflateOutcome> =>
  Effect.promise((signal) => run(bytes, cap, signal))

/** As `inflateGzipCapped`, with the outcome turned into the engine's refusals. */
export const gunzipBody = (
  bytes: Uint8Array,
  cap: number
): Effect.Effect<Uint8Array, InvalidRequest | PayloadTooLarge> =>
  Effect.flatMap(inflateGzipCapped(bytes, cap), (outcome): Effect.Effect<Uint8Array, InvalidRequest | PayloadTooLarge> => {
    switch (outcome._tag) {
      case "Inflated":
        return Effect.succeed(outcome.bytes)
      case "TooLarge":
        return Effect.fail(
          new PayloadTooLarge({
            code: "inflated_too_large",
            message: `the gzip body inflates past the limit of ${cap} bytes`
          })
        )
      case "Corrupt":
        return Effect.fail(
          new InvalidRequest({ code: "invalid_gzip", message: "the body is not valid gzip data" })
        )
    }
  })
