import { expect, layer } from "@effect/vitest"
import { Context, Effect, Fiber, Layer, Option, Queue } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Envelope } from "../../src/domain/Envelope.ts"
import { connectWs, exampleEnvelope, request, sendWs, takeMatching } from "../support/Clients.ts"
import { connectSse } from "../support/Sse.ts"
import { stores } from "../support/Stores.ts"
import { freshDatabase } from "../support/TestDatabase.ts"
import { TestEngine, type TenantCredentials, testEngineLayer } from "../support/TestEngine.ts"

type Engine = typeof TestEngine.Service
type Json = Record<string, unknown>

const get = (engine: Engine, path: string, token: string) =>
  Effect.map(request(`${engine.baseUrl}${path}`, { token }), (r) => ({ status: r.status, json: r.json as Json }))

const post = (engine: Engine, t: TenantCredentials, body: unknown) =>
  request(`${engine.baseUrl}/events`, { token: t.collector, body })

const health = (engine: Engine, t: TenantCredentials) =>
  Effect.map(get(engine, "/ingestion/health", t.viewer), (r) => r.json["tenant"] as Json)

const chain = (engine: Engine, t: TenantCredentials) => Effect.map(get(engine, "/audit/chain", t.auditor), (r) => r.json)

/** The figures the health report keeps as counters (what must survive a restart). */
const counterFigures = (tenant: Json) => {
  const { accepted, duplicates, rejected, late, retries, redactions, storage_failures, mailbox_refusals, subscriber_drops,
    actor_restarts, group_commits } = tenant
  return { accepted, duplicates, rejected, late, retries, redactions, storage_failures, mailbox_refusals, subscriber_drops,
    actor_restarts, group_commits }
}

const firstStreamMessage = (engine: Engine, t: TenantCredentials) =>
  Effect.scoped(Effect.gen(function*() {
    const sse = yield* connectSse(`${engine.baseUrl}/stream`, { token: t.viewer })
    return JSON.parse((yield* Queue.take(sse.frames)).data) as Json
  }))

for (const store of stores) {
  layer(testEngineLayer(store, { mailboxCapacity: 8, groupCommitMax: 1 }), { excludeTestServices: true })(
    `backpressure on ${store}`,
    (it) => {
      it.scoped("a full mailbox answers 429 with Retry-After, and every 201 is stored", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const release = yield* engine.faults.hold(t.tenantRef)
          const finished = yield* Queue.unbounded<number>()
          const ids = Array.from({ length: 30 }, (_, i) => `evt_full_${i}`)
          const fibers = yield* Effect.forEach(ids, (id) =>
            Effect.fork(
              post(engine, t, exampleEnvelope(t.tenantRef, id)).pipe(
                Effect.tap((r) => Queue.offer(finished, r.status))
              )
            ))
          // Held, the actor commits nothing: the only answers that can come now are refusals.
          expect(yield* Queue.take(finished)).toBe(429)
          expect((yield* health(engine, t))["mailbox"]).toEqual({ depth: 8, capacity: 8, actor_running: true })
          yield* release
          const replies = yield* Effect.forEach(fibers, Fiber.join)
          const refused = replies.filter((r) => r.status === 429)
          const acceptedIds = ids.filter((_, i) => replies[i]!.status === 201)
          expect(refused.length + acceptedIds.length).toBe(30)
          expect(acceptedIds.length).toBeGreaterThanOrEqual(9)
          for (const r of refused) {
            expect(r.json).toMatchObject({ error: "mailbox_full", retryable: true, retry_after_seconds: 1 })
            expect(r.headers.get("retry-after")).toBe("1")
          }
          const seqs: Array<number> = []
          for (const id of acceptedIds) {
            const event = yield* get(engine, `/events/${id}`, t.viewer)
            expect(event.status).toBe(200)
            seqs.push(event.json["seq"] as number)
          }
          expect(seqs.sort((a, b) => a - b)).toEqual(acceptedIds.map((_, i) => i + 1))
          expect(yield* health(engine, t)).toMatchObject({ accepted: acceptedIds.length, mailbox_refusals: refused.length })
        }))
    }
  )

  layer(testEngineLayer(store), { excludeTestServices: true })(`crash and restart on ${store}`, (it) => {
    it.scoped("an actor crash mid-stream loses nothing acknowledged; the crashed batch is retryable", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const { messages, ws } = yield* connectWs(`${engine.wsUrl}/ingest`, t.collector)
        const isAck = (m: Json) => m["type"] === "ack"
        const frames = Array.from({ length: 20 }, (_, f) =>
          Array.from({ length: 10 }, (_, i) => exampleEnvelope(t.tenantRef, `evt_crash_${f * 10 + i}`)))
        const byId = new Map(frames.flat().map((e) => [e.event.event_id, e] as const))
        yield* Effect.forEach(frames.slice(0, 10), (frame) => sendWs(ws, frame), { discard: true })
        const early = yield* takeMatching(messages, 50, isAck)
        yield* engine.faults.crash(t.tenantRef, 1)
        yield* Effect.forEach(frames.slice(10), (frame) => sendWs(ws, frame), { discard: true })
        const acks = [...early, ...(yield* takeMatching(messages, 150, isAck))]
        expect(acks.map((a) => a["event_id"])).toEqual([...byId.keys()])
        const accepted = acks.filter((a) => a["status"] === "accepted")
        const rejected = acks.filter((a) => a["status"] === "rejected")
        expect(accepted.length + rejected.length).toBe(200)
        expect(rejected.length).toBeGreaterThan(0)
        for (const r of rejected) expect(r).toMatchObject({ error: "storage_unavailable", retryable: true })
        expect(accepted.map((a) => a["seq"])).toEqual(accepted.map((_, i) => i + 1))
        for (const a of accepted) {
          const event = yield* get(engine, `/events/${String(a["event_id"])}`, t.viewer)
          expect(event.json).toMatchObject({ seq: a["seq"], hash: a["hash"] })
        }
        for (const r of rejected) expect((yield* get(engine, `/events/${String(r["event_id"])}`, t.viewer)).status).toBe(404)
        // The collector resends what was refused; the restarted actor takes it.
        const resend: Array<Envelope> = rejected.map((r) => byId.get(String(r["event_id"]))!)
        yield* sendWs(ws, resend)
        const again = yield* takeMatching(messages, resend.length, isAck)
        expect(again.map((a) => a["status"])).toEqual(resend.map(() => "accepted"))
        expect(again.map((a) => a["seq"])).toEqual(resend.map((_, i) => accepted.length + i + 1))
        expect(yield* chain(engine, t)).toMatchObject({ valid: true, events_checked: 200, head_seq: 200 })
        const figures = yield* health(engine, t)
        expect(figures).toMatchObject({ accepted: 200, storage_failures: 1, actor_restarts: 1 })
      }))

    it.scoped("a restart of the whole engine keeps the log, the projection and the health counters", () =>
      Effect.gen(function*() {
        const dataDir = yield* Effect.acquireRelease(
          Effect.sync(() => mkdtempSync(join(tmpdir(), "aispm-restart-"))),
          (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
        )
        const databaseUrl = store === "postgres" ? Option.some((yield* freshDatabase).url) : Option.none()
        // Snapshots every 4 events: the restart loads one and folds the tail after it.
        const settings = { dataDir, databaseUrl, snapshotEvery: 4 }
        const withEngine = <A, E>(use: (engine: Engine) => Effect.Effect<A, E>) =>
          Effect.scoped(Effect.flatMap(Layer.build(testEngineLayer(store, settings)), (ctx) => use(Context.get(ctx, TestEngine))))

        const before = yield* withEngine((engine) =>
          Effect.gen(function*() {
            const t = yield* engine.tenant()
            const batch = [
              ...Array.from({ length: 10 }, (_, i) => exampleEnvelope(t.tenantRef, `evt_restart_${i}`)),
              exampleEnvelope(t.tenantRef, "evt_restart_3"),
              { ...exampleEnvelope(t.tenantRef, "evt_restart_bad"), product: "OTHER" }
            ]
            const reply = yield* request(`${engine.baseUrl}/events/batch`, { token: t.collector, body: batch })
            expect(reply.json).toMatchObject({ accepted: 10, duplicates: 1, rejected: 1 })
            // Two more commits after the snapshot at seq 10: a tail to fold on restart.
            for (const id of ["evt_restart_10", "evt_restart_11"]) {
              expect((yield* post(engine, t, exampleEnvelope(t.tenantRef, id))).status).toBe(201)
            }
            return {
              t,
              stream: yield* firstStreamMessage(engine, t),
              health: counterFigures(yield* health(engine, t)),
              chain: yield* chain(engine, t),
              event: (yield* get(engine, "/events/evt_restart_9", t.viewer)).json
            }
          }))
        expect(before.stream).toMatchObject({ type: "snapshot", seq: 12 })
        expect(before.health).toMatchObject({ accepted: 12, duplicates: 1, rejected: { total: 1 } })
        expect(before.chain).toMatchObject({ valid: true, events_checked: 12 })

        yield* withEngine((engine) =>
          Effect.gen(function*() {
            const { t } = before
            expect(yield* firstStreamMessage(engine, t)).toEqual(before.stream)
            expect(counterFigures(yield* health(engine, t))).toEqual(before.health)
            expect(yield* chain(engine, t)).toEqual(before.chain)
            expect((yield* get(engine, "/events/evt_restart_9", t.viewer)).json).toEqual(before.event)
            const next = yield* post(engine, t, exampleEnvelope(t.tenantRef, "evt_restart_next"))
            expect(next.status).toBe(201)
            expect(next.json).toMatchObject({ status: "accepted", seq: 13 })
            const stored = (yield* get(engine, "/events/evt_restart_next", t.viewer)).json
            expect(stored["prev_hash"]).toBe(before.chain["head_hash"])
            expect(yield* chain(engine, t)).toMatchObject({ valid: true, events_checked: 13, head_seq: 13 })
            expect(yield* health(engine, t)).toMatchObject({ accepted: 13, duplicates: 1 })
          }))
      }))
  })
}
