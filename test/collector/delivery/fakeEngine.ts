import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Effect } from "effect"
import { WebSocketServer, type WebSocket } from "ws"
import type { Envelope } from "../../../src/domain/Envelope.ts"

export const goodToken = "collector-token-test"

export interface Refusal {
  readonly error: string
  readonly message: string
  readonly field?: string
  readonly retryable: boolean
}

export interface HttpReply {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body: unknown
}

export interface FakeEngineOptions {
  /** Per envelope: a refusal, or undefined to store it (duplicate if already stored). `seen` counts earlier receipts. */
  readonly refuse?: (env: Envelope, seen: number) => Refusal | undefined
  /** On the first connection: after acknowledging this many envelopes, commit the rest of the frame silently and drop the socket. */
  readonly dropFirstConnectionAfter?: number
  readonly maxBatchEvents?: number
  /** Whole-frame refusal as the engine sends it: one ack without event_id (e.g. too many envelopes). */
  readonly refuseFrame?: (envs: ReadonlyArray<Envelope>) => Refusal | undefined
  /** Upgrade answered with this HTTP status instead of a socket. */
  readonly refuseUpgrade?: number
  /** Per batch request: a canned reply, or undefined for normal per-item results. */
  readonly batchReply?: (envs: ReadonlyArray<Envelope>, requestIndex: number) => HttpReply | undefined
}

/**
 * A small stand-in for the engine's ingest endpoints, speaking the wire
 * protocol of src/README.md: `ready`, one `ack` per envelope, de-duplication
 * by event_id, and `/events/batch` with per-item results.
 */
export const startFakeEngine = (options: FakeEngineOptions = {}) =>
  Effect.gen(function* () {
    const received: Array<Envelope> = []
    const stored = new Map<string, Envelope>()
    const batchSizes: Array<number> = []
    const frameSizes: Array<number> = []
    let connections = 0
    /** Headers of every socket upgrade and HTTPS batch request, in arrival order. */
    const requestHeaders: Array<http.IncomingHttpHeaders> = []
    const waiters: Array<{ readonly n: number; readonly resolve: () => void }> = []
    const notify = () => {
      for (const w of waiters.filter((w) => stored.size >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    }

    const judge = (env: Envelope) => {
      const id = env.event.event_id
      const seen = received.filter((r) => r.event.event_id === id).length
      received.push(env)
      const refusal = options.refuse?.(env, seen)
      if (refusal !== undefined) return { event_id: id, status: "rejected" as const, ...refusal }
      if (stored.has(id)) return { event_id: id, status: "duplicate" as const, seq: 1 }
      stored.set(id, env)
      notify()
      return { event_id: id, status: "accepted" as const, seq: stored.size, hash: "h" }
    }

    const onSocket = (ws: WebSocket) => {
      const connection = ++connections
      let acked = 0
      let frame = 0
      ws.send(JSON.stringify({ type: "ready", tenant_ref: "tenant:test", max_batch_events: options.maxBatchEvents ?? 100 }))
      ws.on("message", (data) => {
        const parsed: unknown = JSON.parse(data.toString())
        const envs = (Array.isArray(parsed) ? parsed : [parsed]) as Array<Envelope>
        frameSizes.push(envs.length)
        frame++
        const refusal = options.refuseFrame?.(envs)
        if (refusal !== undefined) {
          ws.send(JSON.stringify({ type: "ack", frame, index: 0, status: "rejected", ...refusal }))
          return
        }
        for (const [index, env] of envs.entries()) {
          const ack = { frame, index, ...judge(env) }
          if (connection === 1 && options.dropFirstConnectionAfter !== undefined && acked >= options.dropFirstConnectionAfter) {
            continue
          }
          ws.send(JSON.stringify({ type: "ack", ...ack }))
          acked++
        }
        if (connection === 1 && options.dropFirstConnectionAfter !== undefined && acked >= options.dropFirstConnectionAfter) {
          ws.terminate()
        }
      })
    }

    const wss = new WebSocketServer({ noServer: true })
    const server = http.createServer((req, res) => {
      requestHeaders.push(req.headers)
      if (req.headers.authorization !== `Bearer ${goodToken}`) {
        res.writeHead(401, { "content-type": "application/json" })
        res.end(JSON.stringify({ error: "unauthorized", message: "unknown credential", retryable: false }))
        return
      }
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        const envs = JSON.parse(Buffer.concat(chunks).toString()) as Array<Envelope>
        batchSizes.push(envs.length)
        const canned = options.batchReply?.(envs, batchSizes.length - 1)
        if (canned !== undefined) {
          res.writeHead(canned.status, { "content-type": "application/json", ...canned.headers })
          res.end(JSON.stringify(canned.body))
          return
        }
        const results = envs.map((env, index) => ({ index, ...judge(env) }))
        const count = (s: string) => results.filter((r) => r.status === s).length
        res.writeHead(200, { "content-type": "application/json" })
        res.end(JSON.stringify({ accepted: count("accepted"), duplicates: count("duplicate"), rejected: count("rejected"), results }))
      })
    })
    server.on("upgrade", (req, socket, head) => {
      requestHeaders.push(req.headers)
      const status = req.headers.authorization !== `Bearer ${goodToken}` ? 401 : options.refuseUpgrade
      if (status !== undefined) {
        socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`)
        return
      }
      wss.handleUpgrade(req, socket, head, onSocket)
    })
    const port = yield* Effect.acquireRelease(
      Effect.async<number>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))
      }),
      () =>
        Effect.async<void>((resume) => {
          for (const client of wss.clients) client.terminate()
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    return {
      url: `http://127.0.0.1:${port}`,
      received,
      stored,
      batchSizes,
      frameSizes,
      connections: () => connections,
      requestHeaders,
      /** Resolves once `n` distinct envelopes are stored (an I/O event, not a timer). */
      storedAtLeast: (n: number) =>
        Effect.promise(
          () =>
            new Promise<void>((resolve) => {
              waiters.push({ n, resolve })
              notify()
            })
        )
    }
  })
