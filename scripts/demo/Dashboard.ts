import { Console, Effect, Fiber, Option, Stream, SubscriptionRef } from "effect"
import type { StreamMessage } from "../../src/stream/StreamMessage.ts"
import { DemoHttpError } from "./Http.ts"
import { applyDelta, coverageLine, postureLine, type PostureView, viewOfSnapshot } from "./PostureView.ts"

/** Server-Sent Events frames → stream messages (`data:` lines of one frame joined; comments skipped). */
const sseMessages = (url: string, token: string): Stream.Stream<StreamMessage, DemoHttpError> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    const abort = yield* Effect.acquireRelease(Effect.sync(() => new AbortController()), (c) => Effect.sync(() => c.abort()))
    const res = yield* Effect.tryPromise({
      try: () => fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, signal: abort.signal }),
      catch: (e) => new DemoHttpError({ message: `GET ${url}: ${String(e)}` })
    })
    if (res.status !== 200 || res.body === null) {
      const text = yield* Effect.promise(() => res.text())
      return yield* new DemoHttpError({ message: `GET ${url}: HTTP ${res.status} ${text}` })
    }
    const body = res.body
    return Stream.fromReadableStream({ evaluate: () => body, onError: (e) => new DemoHttpError({ message: `stream: ${String(e)}` }) }).pipe(
      Stream.decodeText(),
      Stream.splitLines,
      Stream.mapAccum([] as ReadonlyArray<string>, (data, line): [ReadonlyArray<string>, Option.Option<StreamMessage>] => {
        if (line === "") return [[], data.length === 0 ? Option.none() : Option.some(JSON.parse(data.join("\n")) as StreamMessage)]
        if (line.startsWith("data:")) return [[...data, line.slice(5).trimStart()], Option.none()]
        return [data, Option.none()]
      }),
      Stream.filterMap((m) => m)
    )
  }))

export interface DashboardOptions {
  /** A line at least every this many deltas, besides every change of risk level or coverage. */
  readonly everyDeltas: number
}

export interface Dashboard {
  /** Waits until the dashboard has seen every event up to `seq`, then prints the final line. */
  readonly reached: (seq: number) => Effect.Effect<void>
  readonly deltas: Effect.Effect<number>
  readonly stop: Effect.Effect<void>
}

/**
 * A dashboard client on GET /stream over SSE with a viewer token. It prints
 * the snapshot it opens with, then a posture line whenever the risk level
 * or a surface's coverage changes, and at least every `everyDeltas` deltas.
 * Returns once the snapshot arrived, so nothing sent afterwards is missed.
 */
export const startDashboard = (baseUrl: string, token: string, options: DashboardOptions) =>
  Effect.gen(function*() {
    const seen = yield* SubscriptionRef.make(-1)
    let view: PostureView | undefined
    let printed: PostureView | undefined
    let sincePrint = 0
    let deltas = 0
    const print = (v: PostureView, why: string) =>
      Effect.zipRight(Effect.sync(() => { printed = v; sincePrint = 0 }), Console.log(`[dashboard] ${why}\n  ${postureLine(v)}`))

    const onMessage = (m: StreamMessage) =>
      Effect.gen(function*() {
        if (m.type === "snapshot") {
          view = viewOfSnapshot(m.snapshot)
          yield* print(view, `snapshot of ${m.tenant_ref} at seq ${m.seq}`)
        } else if (m.type === "delta" && view !== undefined) {
          view = applyDelta(view, m.delta)
          deltas++
          sincePrint++
          const before = printed
          const why = before === undefined ? "first delta"
            : before.overview.risk_level !== view.overview.risk_level ? `risk ${before.overview.risk_level} → ${view.overview.risk_level}`
            : coverageLine(before) !== coverageLine(view) ? `coverage changed (${m.delta.surface})`
            : sincePrint >= options.everyDeltas ? `${sincePrint} more deltas`
            : undefined
          if (why !== undefined) yield* print(view, why)
        } else if (m.type === "resync") {
          yield* Console.log(`[dashboard] resync (${m.reason}) from ${m.resume_from}`)
        }
        if ("seq" in m && m.type !== "heartbeat") yield* SubscriptionRef.set(seen, m.seq)
      })

    const fiber = yield* Effect.forkScoped(
      Stream.runForEach(sseMessages(`${baseUrl}/stream`, token), onMessage).pipe(
        Effect.catchAll((e) => Console.error(`[dashboard] stream ended: ${e.message}`))
      )
    )
    yield* seen.changes.pipe(Stream.takeUntil((s) => s >= 0), Stream.runDrain)

    const reached = (seq: number) =>
      Effect.gen(function*() {
        yield* seen.changes.pipe(Stream.takeUntil((s) => s >= seq), Stream.runDrain)
        if (view !== undefined && printed !== view) yield* print(view, "caught up")
      })
    return { reached, deltas: Effect.sync(() => deltas), stop: Fiber.interrupt(fiber) } satisfies Dashboard
  })
