import { Effect, Queue } from "effect"
import WebSocket from "ws"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Envelope } from "../../src/domain/Envelope.ts"

export interface HttpReply {
  readonly status: number
  readonly headers: Headers
  readonly json: unknown
  readonly text: string
}

/** A real HTTP request with fetch; the body is sent as given when it is a string or bytes. */
export const request = (
  url: string,
  init: { readonly method?: string; readonly token?: string; readonly body?: unknown; readonly headers?: Record<string, string> } = {}
): Effect.Effect<HttpReply> =>
  Effect.promise(async () => {
    const headers: Record<string, string> = { ...init.headers }
    if (init.token) headers["authorization"] = `Bearer ${init.token}`
    let body: BodyInit | undefined
    if (typeof init.body === "string" || init.body instanceof Uint8Array) body = init.body as BodyInit
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body)
      headers["content-type"] ??= "application/json"
    }
    const res = await fetch(url, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body: body ?? null })
    const text = await res.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: res.status, headers: res.headers, json, text }
  })

/** A WebSocket client whose received messages land in a queue, parsed as JSON. */
export const connectWs = (url: string, token?: string) =>
  Effect.acquireRelease(
    Effect.async<{ readonly ws: WebSocket; readonly messages: Queue.Queue<unknown> }, Error>((resume) => {
      const messages = Effect.runSync(Queue.unbounded<unknown>())
      const ws = new WebSocket(url, token ? { headers: { authorization: `Bearer ${token}` } } : {})
      ws.on("message", (data) => {
        Queue.unsafeOffer(messages, JSON.parse(String(data)))
      })
      ws.on("close", (code, reason) => Queue.unsafeOffer(messages, { type: "__closed", code, reason: String(reason) }))
      ws.once("open", () => resume(Effect.succeed({ ws, messages })))
      ws.once("unexpected-response", (_req, res) => resume(Effect.fail(new Error(`upgrade refused: ${res.statusCode}`))))
      ws.once("error", (e) => resume(Effect.fail(e)))
    }),
    ({ ws }) => Effect.sync(() => ws.terminate())
  )

export const sendWs = (ws: WebSocket, value: unknown) =>
  Effect.async<void, Error>((resume) => ws.send(typeof value === "string" ? value : JSON.stringify(value), (e) =>
    resume(e ? Effect.fail(e) : Effect.void)))

/** Takes messages until `n` satisfy the predicate (others are skipped). */
export const takeMatching = (messages: Queue.Queue<unknown>, n: number, p: (m: Record<string, unknown>) => boolean) =>
  Effect.gen(function*() {
    const out: Array<Record<string, unknown>> = []
    while (out.length < n) {
      const m = (yield* Queue.take(messages)) as Record<string, unknown>
      if (p(m)) out.push(m)
    }
    return out
  })

const examplePath = fileURLToPath(new URL("../fixtures/public-example.json", import.meta.url))

/** The public contract's example, re-addressed to a tenant (and optionally another event id). */
export const exampleEnvelope = (tenantRef: string, eventId?: string): Envelope => {
  const e = JSON.parse(readFileSync(examplePath, "utf8")) as Envelope
  const id = eventId ?? e.event.event_id
  return {
    ...e,
    event: { ...e.event, event_id: id },
    tenant: { ...e.tenant, tenant_ref: tenantRef },
    transport: { ...e.transport, idempotency_key: id }
  }
}
