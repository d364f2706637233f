import { SqlClient } from "@effect/sql"
import { describe, expect, it, layer } from "@effect/vitest"
import { type Context, Effect, Fiber, Queue } from "effect"
import { readFileSync } from "node:fs"
import type { Envelope } from "../../src/domain/Envelope.ts"
import { AdminCredentialStore } from "../../src/store/AdminCredentialStore.ts"
import { connectWs, exampleEnvelope, type HttpReply, request, sendWs, takeMatching } from "../support/Clients.ts"
import { connectSse, expectValid, isValid, schemaFiles, type SseEvent } from "../support/Schemas.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, type TenantCredentials, testEngineLayer } from "../support/TestEngine.ts"

type Engine = Context.Tag.Service<typeof TestEngine>

const MAILBOX = 8
const SUBSCRIBER_BUFFER = 2

let ids = 0
const fresh = (tenantRef: string, patch: Partial<Envelope["event"]> = {}): Envelope => {
  const e = exampleEnvelope(tenantRef, `evt_contract_${process.pid}_${++ids}`)
  const now = Date.now()
  return {
    ...e,
    event: { ...e.event, occurred_at: new Date(now - 2_000).toISOString(), received_at: new Date(now - 1_000).toISOString(), ...patch }
  }
}

const post = (engine: Engine, token: string, body: unknown, path = "/events", headers: Record<string, string> = {}) =>
  request(`${engine.baseUrl}${path}`, { method: "POST", token, body, headers })

/** A problem body: its status, its code, valid against problem.schema.json. */
const expectProblem = (reply: HttpReply, status: number, error: string) => {
  expect({ status: reply.status, error: (reply.json as { error?: string } | undefined)?.error }).toEqual({ status, error })
  expectValid("problem.schema.json", reply.json)
}

const takeUntilResync = (events: Queue.Queue<SseEvent>) =>
  Effect.gen(function*() {
    const out: Array<SseEvent> = []
    for (let e = yield* Queue.take(events); ; e = yield* Queue.take(events)) {
      out.push(e)
      if (e.event === "resync") return out
    }
  })

describe("schemas/", () => {
  it("README lists every schema file", () => {
    const readme = readFileSync(new URL("../../schemas/README.md", import.meta.url), "utf8")
    expect(schemaFiles.filter((f) => !readme.includes(`\`${f}\``))).toEqual([])
  })

  it("closed shapes refuse what the engine never sends", () => {
    const hash = "a".repeat(64)
    expect(isValid("ingest-ack.schema.json", { event_id: "e", status: "accepted", seq: 1, hash })).toBe(true)
    expect(isValid("ingest-ack.schema.json", { event_id: "e", status: "accepted", seq: 1, hash, extra: 1 })).toBe(false)
    expect(isValid("ingest-ack.schema.json", { event_id: "e", status: "rejected", seq: 1, hash })).toBe(false)
    expect(isValid("problem.schema.json", { error: "x", message: "m", retryable: true })).toBe(false)
    expect(isValid("problem.schema.json", { error: "x", message: "m", retryable: false, retry_after_seconds: 1 })).toBe(false)
    expect(isValid("problem.schema.json", { error: "x", message: "m", retryable: false, detail: "" })).toBe(false)
    const rejected = { index: 0, status: "rejected", error: "x", message: "m", retryable: false }
    expect(isValid("batch-response.schema.json", { accepted: 0, duplicates: 0, rejected: 1, results: [rejected] })).toBe(true)
    expect(isValid("batch-response.schema.json", { accepted: 0, duplicates: 0, rejected: 1, results: [{ ...rejected, seq: 1 }] })).toBe(false)
    expect(isValid("ws-ingest-message.schema.json", { type: "ack", frame: 1, ...rejected })).toBe(true)
    expect(isValid("ws-ingest-message.schema.json", { type: "ack", frame: 1, ...rejected, extra: 1 })).toBe(false)
    expect(isValid("ws-ingest-message.schema.json", { type: "ack", ...rejected })).toBe(false)
    expect(isValid("stream-message.schema.json", { type: "heartbeat", seq: 3 })).toBe(true)
    expect(isValid("stream-message.schema.json", { type: "gossip", seq: 3 })).toBe(false)
    expect(isValid("chain-audit.schema.json", { tenant_ref: "t", valid: true, events_checked: 0, head_seq: 0, head_hash: hash })).toBe(true)
    expect(isValid("chain-audit.schema.json", { tenant_ref: "t", valid: false, events_checked: 0, head_seq: 0, head_hash: hash })).toBe(false)
  })
})

for (const store of stores) {
  layer(testEngineLayer(store, { mailboxCapacity: MAILBOX, subscriberBuffer: SUBSCRIBER_BUFFER }), { excludeTestServices: true })(
    `responses match schemas/ on ${store}`,
    (it) => {
      it.effect("single ingest: 201 accepted, 200 duplicate", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const envelope = fresh(t.tenantRef)
          const first = yield* post(engine, t.collector, envelope)
          const again = yield* post(engine, t.collector, envelope)
          expect([first.status, again.status]).toEqual([201, 200])
          expectValid("ingest-ack.schema.json", first.json)
          expectValid("ingest-ack.schema.json", again.json)
          expect(again.json).toEqual({ ...(first.json as object), status: "duplicate" })
        }))

      it.effect("batch: 200 with accepted, duplicate and rejected results", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const one = fresh(t.tenantRef)
          const reply = yield* post(engine, t.collector, [one, one, { ...fresh(t.tenantRef), product: "OTHER" }], "/events/batch")
          expect(reply.status).toBe(200)
          expectValid("batch-response.schema.json", reply.json)
          expect(reply.json).toMatchObject({ accepted: 1, duplicates: 1, rejected: 1 })
        }))

      it.effect("problem bodies of 400, 401, 403, 404, 409, 413, 415 and 422", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const json = { "content-type": "application/json" }
          expectProblem(yield* post(engine, t.collector, "{", "/events", json), 400, "malformed_json")
          expectProblem(yield* request(`${engine.baseUrl}/events`, { body: fresh(t.tenantRef) }), 401, "missing_credentials")
          expectProblem(yield* post(engine, t.viewer, fresh(t.tenantRef)), 403, "wrong_role")
          expectProblem(yield* post(engine, t.collector, fresh("tenant:someone-else")), 403, "tenant_mismatch")
          expectProblem(yield* request(`${engine.baseUrl}/events/evt_none`, { token: t.viewer }), 404, "event_not_found")
          expectProblem(yield* request(`${engine.baseUrl}/nothing`, { token: t.viewer }), 404, "route_not_found")
          const admin = yield* engine.within(Effect.flatMap(AdminCredentialStore, (s) => s.issue("contracts")))
          const exists = yield* post(engine, admin.token, { tenant_ref: t.tenantRef }, "/admin/tenants")
          expectProblem(exists, 409, "tenant_exists")
          const big = `"${"x".repeat(1024 * 1024)}"`
          expectProblem(yield* post(engine, t.collector, big, "/events", json), 413, "body_too_large")
          expectProblem(yield* post(engine, t.collector, "{}", "/events", { "content-type": "text/csv" }), 415, "unsupported_media_type")
          expectProblem(yield* post(engine, t.collector, { ...fresh(t.tenantRef), edition: "community" }), 422, "invalid_value")
        }))

      it.effect("429 when the mailbox cannot take the events: retry_after_seconds and Retry-After", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const depth = Effect.map(
            request(`${engine.baseUrl}/ingestion/health`, { token: t.viewer }),
            (r) => (r.json as { tenant: { mailbox: { depth: number } } }).tenant.mailbox.depth
          )
          // Hold the actor on its first event, fill the mailbox, then one more is refused.
          const release = yield* engine.faults.hold(t.tenantRef)
          const held = yield* Effect.fork(post(engine, t.collector, fresh(t.tenantRef)))
          yield* engine.faults.reached(t.tenantRef)
          const filled = yield* Effect.fork(post(engine, t.collector, Array.from({ length: MAILBOX }, () => fresh(t.tenantRef)), "/events/batch"))
          yield* Effect.repeat(depth, { until: (d) => d === MAILBOX })
          const reply = yield* post(engine, t.collector, fresh(t.tenantRef))
          yield* release
          expect((yield* Fiber.join(held)).status).toBe(201)
          expect((yield* Fiber.join(filled)).json).toMatchObject({ accepted: MAILBOX })
          expectProblem(reply, 429, "mailbox_full")
          expect(reply.json).toMatchObject({ retryable: true, retry_after_seconds: 1 })
          expect(reply.headers.get("retry-after")).toBe("1")
        }))

      it.effect("503 when a commit fails: the single event, and the batch with its counts and results", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          yield* engine.faults.crash(t.tenantRef, 1)
          const single = yield* post(engine, t.collector, fresh(t.tenantRef))
          expectProblem(single, 503, "storage_unavailable")
          expect(single.headers.get("retry-after")).toBe("1")
          yield* engine.faults.crash(t.tenantRef, 1)
          const batch = yield* post(engine, t.collector, [fresh(t.tenantRef), { nope: 1 }], "/events/batch")
          expectProblem(batch, 503, "storage_unavailable")
          expect(batch.json).toMatchObject({
            retryable: true,
            accepted: 0,
            rejected: 2,
            results: [{ index: 0, status: "rejected", retryable: true }, { index: 1, status: "rejected", retryable: false }]
          })
        }))

      it.effect("stored event (with redactions), replay packet, health report", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const secret = fresh(t.tenantRef, { target_summary: "key AKIAIOSFODNN7EXAMPLE for ops@example.com" })
          expect((yield* post(engine, t.collector, secret)).status).toBe(201)
          expect((yield* post(engine, t.collector, fresh(t.tenantRef, { decision: "block" }))).status).toBe(201)
          const stored = yield* request(`${engine.baseUrl}/events/${secret.event.event_id}`, { token: t.viewer })
          expect(stored.status).toBe(200)
          expectValid("stored-event.schema.json", stored.json)
          expect((stored.json as { redactions: number }).redactions).toBeGreaterThanOrEqual(2)
          const replay = yield* request(`${engine.baseUrl}/replay/${secret.event.session_id}`, { token: t.auditor })
          expect(replay.status).toBe(200)
          expectValid("replay-packet.schema.json", replay.json)
          expect(replay.json).toMatchObject({ summary: { steps: 2, blocked: 1 } })
          const health = yield* request(`${engine.baseUrl}/ingestion/health`, { token: t.auditor })
          expect(health.status).toBe(200)
          expectValid("health-report.schema.json", health.json)
          expect(health.json).toMatchObject({ tenant: { accepted: 2, connectors: [{ events: 2 }] } })
        }))

      it.effect("chain audit, intact and after tampering with a stored row", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          for (let i = 0; i < 3; i++) expect((yield* post(engine, t.collector, fresh(t.tenantRef))).status).toBe(201)
          const intact = yield* request(`${engine.baseUrl}/audit/chain`, { token: t.auditor })
          expectValid("chain-audit.schema.json", intact.json)
          expect(intact.json).toMatchObject({ valid: true, events_checked: 3, head_seq: 3 })
          yield* engine.within(Effect.flatMap(SqlClient.SqlClient, (sql) =>
            sql`UPDATE events SET envelope = jsonb_set(envelope, '{event,target_summary}', '"tampered"')
              WHERE tenant_id = ${t.tenantRef} AND seq = 2`)).pipe(Effect.orDie)
          const broken = yield* request(`${engine.baseUrl}/audit/chain`, { token: t.auditor })
          expectValid("chain-audit.schema.json", broken.json)
          expect(broken.json).toMatchObject({ valid: false, events_checked: 1, broken_at: { seq: 2, reason: "hash_mismatch" } })
        }))

      it.scoped("stream over SSE: snapshot, deltas, and resync for a reader left behind", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const sse = yield* connectSse(`${engine.baseUrl}/stream`, t.viewer)
          expect(sse.headers.get("content-type")).toMatch(/^text\/event-stream/)
          const snapshot = yield* Queue.take(sse.events)
          expect(snapshot).toMatchObject({ event: "snapshot", id: "0" })
          expectValid("stream-message.schema.json", snapshot.data)
          expect((yield* post(engine, t.collector, fresh(t.tenantRef))).status).toBe(201)
          const delta = yield* Queue.take(sse.events)
          expect(delta).toMatchObject({ event: "delta", id: "1" })
          expectValid("stream-message.schema.json", delta.data)
          // A batch commits in at most two group commits (the actor may take the
          // first envelope alone); either holds more deltas than the buffer
          // (plus the one handed straight to a waiting reader).
          const batch = Array.from({ length: MAILBOX }, () => fresh(t.tenantRef))
          expect((yield* post(engine, t.collector, batch, "/events/batch")).json).toMatchObject({ accepted: MAILBOX })
          const rest = yield* takeUntilResync(sse.events)
          for (const m of rest) expectValid("stream-message.schema.json", m.data)
          expect(rest[rest.length - 1]).toMatchObject({ event: "resync", id: undefined, data: { reason: "subscriber_too_slow" } })
        }))

      it.scoped("stream over WebSocket: snapshot and delta", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          expect((yield* post(engine, t.collector, fresh(t.tenantRef))).status).toBe(201)
          const { messages } = yield* connectWs(`${engine.wsUrl}/stream`, t.viewer)
          const snapshot = yield* Queue.take(messages)
          expect(snapshot).toMatchObject({ type: "snapshot", seq: 1 })
          expectValid("stream-message.schema.json", snapshot)
          expect((yield* post(engine, t.collector, fresh(t.tenantRef, { decision: "block", severity: "critical" }))).status).toBe(201)
          const delta = yield* Queue.take(messages)
          expect(delta).toMatchObject({ type: "delta", seq: 2 })
          expectValid("stream-message.schema.json", delta)
        }))

      it.scoped("WebSocket ingest: ready, then acks accepted, duplicate, rejected, and a refused frame", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t: TenantCredentials = yield* engine.tenant()
          const { ws, messages } = yield* connectWs(`${engine.wsUrl}/ingest`, t.collector)
          const ready = yield* Queue.take(messages)
          expect(ready).toMatchObject({ type: "ready", tenant_ref: t.tenantRef })
          expectValid("ws-ingest-message.schema.json", ready)
          const one = fresh(t.tenantRef)
          yield* sendWs(ws, [one, one, { ...fresh(t.tenantRef), edition: "community" }])
          yield* sendWs(ws, "[{")
          const acks = yield* takeMatching(messages, 4, (m) => m["type"] === "ack")
          for (const ack of acks) expectValid("ws-ingest-message.schema.json", ack)
          expect(acks.map((a) => [a["frame"], a["index"], a["status"]])).toEqual([
            [1, 0, "accepted"],
            [1, 1, "duplicate"],
            [1, 2, "rejected"],
            [2, 0, "rejected"]
          ])
        }))
    }
  )
}
