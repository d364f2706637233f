import { Agent, request } from "node:http"
import WebSocket from "ws"
import type { Payloads } from "./Payloads.ts"
import type { Recorder } from "./Recorder.ts"

export interface Target {
  readonly port: number
  readonly token: string
  readonly payloads: Payloads
}

interface Reply {
  readonly status: number
  readonly text: string
}

const post = (agent: Agent, port: number, path: string, token: string, body: string) =>
  new Promise<Reply>((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` }
    }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }))
      res.on("error", reject)
    })
    req.on("error", reject)
    req.end(body)
  })

/** Closed-loop HTTP clients: each sends a request, waits for its answer, sends the next, while the window is open. */
const httpLoops = async (
  targets: ReadonlyArray<Target>,
  clients: number,
  rec: Recorder,
  send: (agent: Agent, t: Target) => Promise<void>
) => {
  const agent = new Agent({ keepAlive: true, maxSockets: clients })
  try {
    await Promise.all(Array.from({ length: clients }, async (_, i) => {
      const target = targets[i % targets.length]!
      while (rec.open()) await send(agent, target)
    }))
  } finally {
    agent.destroy()
  }
}

/** POST /events/batch with `size` envelopes; the accepted count comes from the answer. */
export const httpBatches = (targets: ReadonlyArray<Target>, path: string, clients: number, size: number, rec: Recorder) =>
  httpLoops(targets, clients, rec, async (agent, t) => {
    const body = t.payloads.array(size)
    const sentAt = performance.now()
    rec.sent += size
    const reply = await post(agent, t.port, path, t.token, body)
    const accepted = reply.status === 200 ? (JSON.parse(reply.text) as { readonly accepted: number }).accepted : 0
    rec.ack(sentAt, accepted)
    if (accepted < size) rec.refuse(size - accepted)
  })

/** POST /events, one envelope per request. */
export const httpSingles = (targets: ReadonlyArray<Target>, clients: number, rec: Recorder) =>
  httpLoops(targets, clients, rec, async (agent, t) => {
    const body = t.payloads.one()
    const sentAt = performance.now()
    rec.sent++
    const reply = await post(agent, t.port, "/enterprise/aispm/events", t.token, body)
    if (reply.status === 201) rec.ack(sentAt, 1)
    else rec.refuse(1)
  })

interface Ack {
  readonly type: string
  readonly frame?: number
  readonly status?: string
}

/**
 * One persistent collector WebSocket: frames of `size` envelopes, up to
 * `window` frames unacknowledged; each ack's latency runs from its frame's send.
 */
const wsConnection = (t: Target, size: number, window: number, rec: Recorder) =>
  new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/enterprise/aispm/ingest`, { headers: { authorization: `Bearer ${t.token}` } })
    const sentAt: Array<number> = []
    const acked: Array<number> = []
    let inFlight = 0
    let sending = true
    const pump = () => {
      while (sending && inFlight < window) {
        if (!rec.open()) {
          sending = false
          break
        }
        sentAt.push(performance.now())
        acked.push(0)
        inFlight++
        rec.sent += size
        ws.send(t.payloads.array(size))
      }
      if (!sending && inFlight === 0) ws.close(1000, "done")
    }
    ws.on("message", (data) => {
      const m = JSON.parse(String(data)) as Ack
      if (m.type === "ready") return pump()
      if (m.type !== "ack" || m.frame === undefined) return
      const i = m.frame - 1
      if (m.status === "accepted") rec.ack(sentAt[i]!, 1)
      else rec.refuse(1)
      acked[i] = acked[i]! + 1
      if (acked[i] === size) {
        inFlight--
        pump()
      }
    })
    ws.once("close", () => resolve())
    ws.once("error", reject)
    ws.once("unexpected-response", (_req, res) => reject(new Error(`WebSocket upgrade refused: HTTP ${res.statusCode}`)))
  })

export const wsBatches = async (targets: ReadonlyArray<Target>, connections: number, size: number, window: number, rec: Recorder) => {
  await Promise.all(Array.from({ length: connections }, (_, i) => wsConnection(targets[i % targets.length]!, size, window, rec)))
}
