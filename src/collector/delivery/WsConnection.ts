// Node platform code: the collector's WebSocket client (`ws` package; Node 20 has no global WebSocket).
import { Buffer } from "node:buffer"
import { Effect, Queue, Redacted, type Scope } from "effect"
import WebSocket from "ws"

/** Everything the socket tells the session, in arrival order. */
export type SocketEvent =
  | { readonly _tag: "Open" }
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Refused"; readonly status: number; readonly retryAfterSeconds: number | undefined }
  | { readonly _tag: "Closed"; readonly code: number; readonly reason: string }
  | { readonly _tag: "Failed"; readonly message: string }
  /** Not from the socket: the refused-envelope backoff elapsed. */
  | { readonly _tag: "Wake" }
  | { readonly _tag: "GaveUp" }

export interface WsConnection {
  readonly events: Queue.Queue<SocketEvent>
  /** Sends one text frame; a failure arrives later as a `Failed` or `Closed` event. */
  readonly send: (text: string) => Effect.Effect<void>
}

const toText = (data: WebSocket.RawData): string =>
  Array.isArray(data)
    ? Buffer.concat(data).toString("utf8")
    : data instanceof ArrayBuffer
      ? Buffer.from(data).toString("utf8")
      : data.toString("utf8")

export const parseRetryAfter = (value: string | null | undefined, nowMs: number): number | undefined => {
  if (value === undefined || value === null || value.trim() === "") return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000))
}

/** Opens the socket for the scope; closing the scope tears it down whatever its state. */
export const connect = (
  url: string,
  token: Redacted.Redacted<string>,
  headers: Readonly<Record<string, string>> = {}
): Effect.Effect<WsConnection, never, Scope.Scope> =>
  Effect.gen(function* () {
    const events = yield* Queue.unbounded<SocketEvent>()
    const offer = (e: SocketEvent): void => {
      Queue.unsafeOffer(events, e)
    }
    const ws = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const socket = new WebSocket(url, { headers: { ...headers, authorization: `Bearer ${Redacted.value(token)}` } })
        socket.on("open", () => offer({ _tag: "Open" }))
        socket.on("message", (data) => offer({ _tag: "Text", text: toText(data) }))
        socket.on("close", (code, reason) => offer({ _tag: "Closed", code, reason: reason.toString("utf8") }))
        socket.on("error", (err) => offer({ _tag: "Failed", message: err.message }))
        socket.on("unexpected-response", (_req, res) => {
          const header = res.headers["retry-after"]
          const retryAfter = parseRetryAfter(Array.isArray(header) ? header[0] : header, Date.now())
          offer({ _tag: "Refused", status: res.statusCode ?? 0, retryAfterSeconds: retryAfter })
          res.resume()
          socket.terminate()
        })
        return socket
      }),
      (socket) => Effect.sync(() => socket.terminate())
    )
    const send = (text: string): Effect.Effect<void> =>
      Effect.sync(() => {
        if (ws.readyState !== WebSocket.OPEN) return offer({ _tag: "Failed", message: "socket not open" })
        ws.send(text, (err) => {
          if (err !== undefined && err !== null) offer({ _tag: "Failed", message: err.message })
        })
      })
    return { events, send }
  })
