import { Effect, Queue, type Scope } from "effect"

/** One dispatched Server-Sent Event; `id` is the `id:` field of this event's block, if it had one. */
export interface SseFrame {
  readonly id: string | undefined
  readonly event: string
  readonly data: string
}

/** Pushed last, when the server ends the stream (or the connection drops). */
export const SSE_CLOSED = "__closed"

export interface SseConnection {
  readonly status: number
  readonly headers: Headers
  /** Events in arrival order, then one `{ event: "__closed" }`. Comments (heartbeats) and `retry:` are skipped. */
  readonly frames: Queue.Queue<SseFrame>
  /** Stops reading the response body: the server's writes then back up into TCP. */
  readonly pause: Effect.Effect<void>
  readonly resume: Effect.Effect<void>
}

/**
 * An incremental parser for the `text/event-stream` format (WHATWG HTML
 * §9.2.6, the parts the engine uses): `field: value` lines, blank line
 * dispatches, `:` starts a comment, blocks without `data` dispatch nothing.
 */
export const makeSseParser = () => {
  let pending = ""
  let id: string | undefined
  let event: string | undefined
  let data: Array<string> = []
  return (chunk: string): ReadonlyArray<SseFrame> => {
    pending += chunk
    const lines = pending.split("\n")
    pending = lines.pop() ?? ""
    const out: Array<SseFrame> = []
    for (const raw of lines) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw
      if (line === "") {
        if (data.length > 0) out.push({ id, event: event ?? "message", data: data.join("\n") })
        id = undefined
        event = undefined
        data = []
        continue
      }
      if (line.startsWith(":")) continue
      const colon = line.indexOf(":")
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "")
      if (field === "id") id = value
      else if (field === "event") event = value
      else if (field === "data") data.push(value)
    }
    return out
  }
}

/**
 * GETs `url` with `Accept: text/event-stream` over fetch streaming (what a
 * browser dashboard does when it must send an Authorization header) and
 * parses the body into `frames`. Fails when the answer is not an event
 * stream. The request is aborted when the scope closes.
 */
export const connectSse = (
  url: string,
  options: { readonly token?: string; readonly lastEventId?: string } = {}
): Effect.Effect<SseConnection, Error, Scope.Scope> =>
  Effect.gen(function*() {
    const headers: Record<string, string> = { accept: "text/event-stream" }
    if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`
    if (options.lastEventId !== undefined) headers["last-event-id"] = options.lastEventId
    const { response } = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const controller = new AbortController()
          const response = await fetch(url, { headers, signal: controller.signal })
          return { controller, response }
        },
        catch: (cause) => new Error(`SSE request failed: ${String(cause)}`)
      }),
      ({ controller }) => Effect.sync(() => controller.abort())
    )
    const body = response.body
    const eventStream = (response.headers.get("content-type") ?? "").startsWith("text/event-stream")
    if (response.status !== 200 || body === null || !eventStream) {
      const text = yield* Effect.promise(() => response.text().catch(() => ""))
      return yield* Effect.fail(new Error(`not an event stream: ${response.status} ${text}`))
    }
    const frames = yield* Queue.unbounded<SseFrame>()
    const latch = yield* Effect.makeLatch(true)
    const reader = body.getReader()
    const decoder = new TextDecoder()
    const parse = makeSseParser()
    const closed: SseFrame = { id: undefined, event: SSE_CLOSED, data: "" }
    const pump = Effect.gen(function*() {
      for (;;) {
        yield* latch.await
        const chunk = yield* Effect.tryPromise(() => reader.read())
        if (chunk.done) return
        yield* Queue.offerAll(frames, parse(decoder.decode(chunk.value, { stream: true })))
      }
    }).pipe(Effect.ignore, Effect.zipRight(Queue.offer(frames, closed)))
    yield* Effect.forkScoped(pump)
    return { status: response.status, headers: response.headers, frames, pause: latch.close, resume: latch.open }
  })
