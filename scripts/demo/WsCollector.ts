import { Data, Deferred, Effect, Queue } from "effect"
import WebSocket from "ws"

export class CollectorError extends Data.TaggedError("CollectorError")<{ readonly message: string }> {}

/** An `ack` message of the collector WebSocket (src/README.md "Ingest wire protocol"). */
interface AckMessage {
  readonly type: "ack"
  readonly frame: number
  readonly status: "accepted" | "duplicate" | "rejected"
  readonly seq?: number
  readonly error?: string
}

export interface CollectorTally {
  readonly sent: number
  readonly accepted: number
  readonly duplicates: number
  readonly rejected: Readonly<Record<string, number>>
  /** Highest sequence number acknowledged (accepted or duplicate); 0 when none. */
  readonly maxSeq: number
}

type Incoming = { readonly type: "ready"; readonly max_batch_events: number } | AckMessage | { readonly type: "__closed"; readonly code: number; readonly reason: string }

const open = (url: string, token: string) =>
  Effect.acquireRelease(
    Effect.async<{ readonly ws: WebSocket; readonly inbox: Queue.Queue<Incoming> }, CollectorError>((resume) => {
      const inbox = Effect.runSync(Queue.unbounded<Incoming>())
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } })
      ws.on("message", (data) => Queue.unsafeOffer(inbox, JSON.parse(String(data)) as Incoming))
      ws.on("close", (code, reason) => Queue.unsafeOffer(inbox, { type: "__closed", code, reason: String(reason) }))
      ws.once("open", () => resume(Effect.succeed({ ws, inbox })))
      ws.once("unexpected-response", (_req, res) => resume(Effect.fail(new CollectorError({ message: `upgrade refused: HTTP ${res.statusCode}` }))))
      ws.once("error", (e) => resume(Effect.fail(new CollectorError({ message: e.message }))))
    }),
    ({ ws }) => Effect.sync(() => ws.close(1000, "done"))
  )

const send = (ws: WebSocket, text: string) =>
  Effect.async<void, CollectorError>((resume) =>
    ws.send(text, (e) => resume(e ? Effect.fail(new CollectorError({ message: e.message })) : Effect.void)))

/**
 * A collector on the persistent ingest WebSocket: sends `inputs` in frames of
 * `frameSize` envelopes, keeping up to `window` frames unacknowledged
 * (pipelined), and tallies the acknowledgements, which the engine sends only
 * after each commit.
 */
export const runWsCollector = (wsUrl: string, token: string, inputs: ReadonlyArray<unknown>, frameSize: number, window: number) =>
  Effect.scoped(Effect.gen(function*() {
    const { ws, inbox } = yield* open(`${wsUrl}/ingest`, token)
    const ready = yield* Queue.take(inbox)
    if (ready.type !== "ready") return yield* new CollectorError({ message: `expected ready, got ${JSON.stringify(ready)}` })
    const size = Math.min(frameSize, ready.max_batch_events)
    const frames: Array<ReadonlyArray<unknown>> = []
    for (let i = 0; i < inputs.length; i += size) frames.push(inputs.slice(i, i + size))

    const permits = yield* Effect.makeSemaphore(window)
    const done = yield* Deferred.make<CollectorTally, CollectorError>()
    const tally = { sent: inputs.length, accepted: 0, duplicates: 0, rejected: {} as Record<string, number>, maxSeq: 0 }
    const ackedPerFrame = new Map<number, number>()
    let acked = 0

    const reader = Effect.gen(function*() {
      while (acked < inputs.length) {
        const m = yield* Queue.take(inbox)
        if (m.type === "__closed") return yield* new CollectorError({ message: `closed by the engine: ${m.code} ${m.reason}` })
        if (m.type !== "ack") continue
        acked++
        if (m.status === "accepted") tally.accepted++
        else if (m.status === "duplicate") tally.duplicates++
        else tally.rejected[m.error ?? "unknown"] = (tally.rejected[m.error ?? "unknown"] ?? 0) + 1
        tally.maxSeq = Math.max(tally.maxSeq, m.seq ?? 0)
        const n = (ackedPerFrame.get(m.frame) ?? 0) + 1
        ackedPerFrame.set(m.frame, n)
        if (n === frames[m.frame - 1]?.length) yield* permits.release(1)
      }
      return tally
    })
    yield* Effect.forkScoped(Effect.intoDeferred(reader, done))
    for (const frame of frames) {
      yield* permits.take(1)
      yield* send(ws, JSON.stringify(frame))
    }
    return yield* Deferred.await(done)
  }))
