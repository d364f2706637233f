import { Effect, Option, Queue } from "effect"
import type { ResolvedConfig } from "./DeliveryConfig.ts"
import { DeliveryFailed } from "./DeliveryErrors.ts"
import { decodeServerMessage } from "./IngestProtocol.ts"
import type { WsConnection } from "./WsConnection.ts"

export type SessionEnd =
  /** Nothing left to send (drain mode). */
  | { readonly _tag: "Drained" }
  /** The socket was up and went away; unacknowledged envelopes stay spooled. */
  | { readonly _tag: "Disconnected"; readonly reason: string }
  /** Never got to `ready`, or the engine refused a frame as a whole. */
  | { readonly _tag: "ConnectFailed"; readonly reason: string; readonly retryAfterSeconds: number | undefined }
  /** Retryable refusals outlasted `retryRefused`. */
  | { readonly _tag: "GaveUp" }

export const connectFailed = (reason: string, retryAfterSeconds?: number): SessionEnd => ({
  _tag: "ConnectFailed",
  reason,
  retryAfterSeconds
})

/** Waits for the socket to open and the engine's `ready`; returns its batch limit. */
export const handshake = (conn: WsConnection, cfg: ResolvedConfig): Effect.Effect<number | SessionEnd, DeliveryFailed> =>
  Effect.gen(function* () {
    while (true) {
      const event = yield* Queue.take(conn.events).pipe(Effect.timeout(cfg.ackTimeout), Effect.option)
      if (Option.isNone(event)) return connectFailed("no ready message from the engine")
      const e = event.value
      if (e._tag === "Refused") {
        if (e.status === 401 || e.status === 403) {
          return yield* new DeliveryFailed({
            code: e.status === 401 ? "unauthorized" : "forbidden",
            message: `the engine refused the collector credential (HTTP ${e.status})`,
            retryable: false,
            status: e.status
          })
        }
        return connectFailed(`upgrade refused with HTTP ${e.status}`, e.retryAfterSeconds)
      }
      if (e._tag === "Failed" || e._tag === "Closed") return connectFailed(e._tag === "Failed" ? e.message : e.reason)
      if (e._tag !== "Text") continue
      const msg = decodeServerMessage(e.text)
      if (msg !== undefined && "type" in msg && msg.type === "ready") return Math.max(1, msg.max_batch_events)
      if (msg !== undefined && "error" in msg) return connectFailed(`${msg.error}: ${msg.message}`)
    }
  })
