import { expect, layer } from "@effect/vitest"
import { type Context, Effect, Queue } from "effect"
import type { Envelope } from "../../src/domain/Envelope.ts"
import { AdminCredentialStore } from "../../src/store/AdminCredentialStore.ts"
import { connectWs, exampleEnvelope, type HttpReply, request, sendWs, takeMatching } from "../support/Clients.ts"
import { connectSse, expectValid } from "../support/Schemas.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, type TenantCredentials, testEngineLayer } from "../support/TestEngine.ts"

type Engine = Context.Tag.Service<typeof TestEngine>

/** A tenant with markers (agent, session, connector) that appear nowhere else. */
interface Marked extends TenantCredentials {
  readonly agent: string
  readonly session: string
  readonly connector: string
}

const marked = (engine: Engine, label: string) =>
  Effect.map(engine.tenant(), (t): Marked => {
    const tag = `${label}${crypto.randomUUID().slice(0, 8)}`
    return { ...t, agent: `agent-${tag}`, session: `sess-${tag}`, connector: `connector-${tag}` }
  })

let ids = 0

/** An event of this tenant's agent, session and connector, stamped a second ago. */
const eventOf = (t: Marked, eventId = `evt_iso_${process.pid}_${++ids}`): Envelope => {
  const e = exampleEnvelope(t.tenantRef, eventId)
  const now = Date.now()
  return {
    ...e,
    event: {
      ...e.event,
      agent_id: t.agent,
      session_id: t.session,
      occurred_at: new Date(now - 2_000).toISOString(),
      received_at: new Date(now - 1_000).toISOString()
    },
    source: { ...e.source, connector_id: t.connector }
  }
}

const ingest = (engine: Engine, token: string, envelope: unknown) =>
  request(`${engine.baseUrl}/events`, { token, body: envelope })

const get = (engine: Engine, path: string, token: string) => request(`${engine.baseUrl}${path}`, { token })

const expectRefusal = (reply: HttpReply, status: number, error: string) => {
  expect({ status: reply.status, body: reply.json }).toMatchObject({ status, body: { error, retryable: false } })
  expectValid("problem.schema.json", reply.json)
}

/** What must not leak: anything naming tenant A. */
const mentionsOf = (a: Marked, text: string) =>
  [a.tenantRef, a.agent, a.session, a.connector].filter((marker) => text.includes(marker))

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`tenant isolation on ${store}`, (it) => {
    it.scoped("B's collector cannot write into A, over HTTP nor over the ingest WebSocket", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const a = yield* marked(engine, "a")
        const b = yield* marked(engine, "b")
        const intoA = eventOf(a)
        const reply = yield* ingest(engine, b.collector, intoA)
        expectRefusal(reply, 403, "tenant_mismatch")
        expect(reply.json).toMatchObject({ field: "tenant.tenant_ref" })

        const { ws, messages } = yield* connectWs(`${engine.wsUrl}/ingest`, b.collector)
        expect(yield* Queue.take(messages)).toMatchObject({ type: "ready", tenant_ref: b.tenantRef })
        yield* sendWs(ws, [eventOf(a), eventOf(b)])
        const acks = yield* takeMatching(messages, 2, (m) => m["type"] === "ack")
        expect(acks).toMatchObject([
          { index: 0, status: "rejected", error: "tenant_mismatch", field: "tenant.tenant_ref" },
          { index: 1, status: "accepted", seq: 1 }
        ])

        expect((yield* get(engine, "/audit/chain", a.auditor)).json).toMatchObject({ tenant_ref: a.tenantRef, head_seq: 0 })
        expectRefusal(yield* get(engine, `/events/${intoA.event.event_id}`, a.viewer), 404, "event_not_found")
        expect((yield* get(engine, "/audit/chain", b.auditor)).json).toMatchObject({ tenant_ref: b.tenantRef, head_seq: 1 })
      }))

    it.effect("B cannot read A's event nor replay A's session: 404 exactly as for what does not exist", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const a = yield* marked(engine, "a")
        const b = yield* marked(engine, "b")
        const event = eventOf(a)
        expect((yield* ingest(engine, a.collector, event)).status).toBe(201)
        expect((yield* get(engine, `/events/${event.event.event_id}`, a.viewer)).status).toBe(200)
        expect((yield* get(engine, `/replay/${a.session}`, a.auditor)).status).toBe(200)

        const never = `evt_never_${crypto.randomUUID()}`
        for (const token of [b.viewer, b.auditor]) {
          const theirs = yield* get(engine, `/events/${event.event.event_id}`, token)
          const nothing = yield* get(engine, `/events/${never}`, token)
          expectRefusal(theirs, 404, "event_not_found")
          expect(theirs.text.replace(event.event.event_id, "ID")).toBe(nothing.text.replace(never, "ID"))
        }
        const replay = yield* get(engine, `/replay/${a.session}`, b.auditor)
        const noSession = yield* get(engine, `/replay/sess_never_${ids}`, b.auditor)
        expectRefusal(replay, 404, "session_not_found")
        expect(replay.text.replace(a.session, "ID")).toBe(noSession.text.replace(`sess_never_${ids}`, "ID"))

        const chain = yield* get(engine, "/audit/chain", b.auditor)
        expect(chain.json).toMatchObject({ tenant_ref: b.tenantRef, valid: true, head_seq: 0 })
      }))

    it.scoped("B's streams (SSE and WebSocket) never carry A's deltas", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const a = yield* marked(engine, "a")
        const b = yield* marked(engine, "b")
        const sse = yield* connectSse(`${engine.baseUrl}/stream`, b.viewer)
        expect(sse.status).toBe(200)
        const bWs = yield* connectWs(`${engine.wsUrl}/stream`, b.viewer)
        const aWs = yield* connectWs(`${engine.wsUrl}/stream`, a.viewer)
        // Each subscription is registered once its snapshot arrived.
        const bSnapshot = yield* Queue.take(sse.events)
        expect(bSnapshot).toMatchObject({ event: "snapshot", data: { type: "snapshot", seq: 0, tenant_ref: b.tenantRef } })
        expect(yield* Queue.take(bWs.messages)).toMatchObject({ type: "snapshot", seq: 0, tenant_ref: b.tenantRef })
        expect(yield* Queue.take(aWs.messages)).toMatchObject({ type: "snapshot", seq: 0, tenant_ref: a.tenantRef })

        // A's events are committed (and published) before B's is even sent:
        // had one leaked, it would reach B's streams before B's own delta.
        expect((yield* ingest(engine, a.collector, eventOf(a))).status).toBe(201)
        const batch = yield* request(`${engine.baseUrl}/events/batch`, { token: a.collector, body: [eventOf(a), eventOf(a)] })
        expect(batch.json).toMatchObject({ accepted: 2 })
        const mine = eventOf(b)
        expect((yield* ingest(engine, b.collector, mine)).json).toMatchObject({ status: "accepted", seq: 1 })

        const overSse = yield* Queue.take(sse.events)
        expect(overSse).toMatchObject({ event: "delta", id: "1", data: { type: "delta", seq: 1, delta: { event_id: mine.event.event_id } } })
        expect(mentionsOf(a, JSON.stringify(overSse))).toEqual([])
        const overWs = yield* Queue.take(bWs.messages)
        expect(overWs).toMatchObject({ type: "delta", seq: 1, delta: { event_id: mine.event.event_id, agent_id: b.agent } })
        expect(mentionsOf(a, JSON.stringify(overWs))).toEqual([])
        const aDeltas = yield* takeMatching(aWs.messages, 3, (m) => m["type"] === "delta")
        expect(aDeltas.map((m) => m["seq"])).toEqual([1, 2, 3])

        // A new subscriber of B, from the start or from a snapshot, sees only B.
        const resumed = yield* connectWs(`${engine.wsUrl}/stream?from=0`, b.viewer)
        const replayed = yield* Queue.take(resumed.messages)
        expect(replayed).toMatchObject({ type: "delta", seq: 1, delta: { event_id: mine.event.event_id } })
        const late = yield* connectWs(`${engine.wsUrl}/stream`, b.viewer)
        const snapshot = yield* Queue.take(late.messages)
        expect(snapshot).toMatchObject({ type: "snapshot", seq: 1, tenant_ref: b.tenantRef })
        expect(mentionsOf(a, JSON.stringify(snapshot))).toEqual([])
      }))

    it.effect("B's health shows B's connectors and counts only", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const a = yield* marked(engine, "a")
        const b = yield* marked(engine, "b")
        for (let i = 0; i < 3; i++) expect((yield* ingest(engine, a.collector, eventOf(a))).status).toBe(201)
        expect((yield* ingest(engine, a.collector, { broken: true })).status).toBe(422)
        expect((yield* ingest(engine, b.collector, eventOf(b))).status).toBe(201)

        const reply = yield* get(engine, "/ingestion/health", b.viewer)
        expect(reply.status).toBe(200)
        expectValid("health-report.schema.json", reply.json)
        expect(reply.json).toMatchObject({
          tenant: {
            tenant_ref: b.tenantRef,
            accepted: 1,
            rejected: { total: 0, by_reason: {} },
            connectors: [{ connector_id: b.connector, events: 1 }]
          }
        })
        expect(mentionsOf(a, reply.text)).toEqual([])
        const ofA = yield* get(engine, "/ingestion/health", a.viewer)
        expect(ofA.json).toMatchObject({ tenant: { tenant_ref: a.tenantRef, accepted: 3, rejected: { total: 1 } } })
        expect(ofA.text.includes(b.connector)).toBe(false)
        // Figures summed over tenants are the operator's alone.
        expect(Object.keys(reply.json as object).sort()).toEqual(["generated_at", "tenant"])
        const admin = yield* engine.within(Effect.flatMap(AdminCredentialStore, (st) => st.issue("ops"))).pipe(Effect.orDie)
        const operator = yield* get(engine, "/ingestion/health", admin.token)
        expectValid("health-report.schema.json", operator.json)
        const tenants = (operator.json as { tenants: ReadonlyArray<{ tenant_ref: string }> }).tenants.map((x) => x.tenant_ref)
        expect(tenants).toEqual(expect.arrayContaining([a.tenantRef, b.tenantRef]))
      }))

    it.effect("the same event_id in two tenants is two independent events", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const a = yield* marked(engine, "a")
        const b = yield* marked(engine, "b")
        const shared = `evt_shared_${crypto.randomUUID()}`
        const inA = yield* ingest(engine, a.collector, eventOf(a, shared))
        const inB = yield* ingest(engine, b.collector, eventOf(b, shared))
        expect([inA.status, inB.status]).toEqual([201, 201])
        expect(inA.json).toMatchObject({ status: "accepted", seq: 1, event_id: shared })
        expect(inB.json).toMatchObject({ status: "accepted", seq: 1, event_id: shared })
        expect((inA.json as { hash: string }).hash).not.toBe((inB.json as { hash: string }).hash)
        expect((yield* ingest(engine, a.collector, eventOf(a, shared))).json).toMatchObject({ status: "duplicate", seq: 1 })

        const storedA = yield* get(engine, `/events/${shared}`, a.viewer)
        const storedB = yield* get(engine, `/events/${shared}`, b.viewer)
        expect(storedA.json).toMatchObject({ tenant_ref: a.tenantRef, seq: 1, envelope: { event: { agent_id: a.agent } } })
        expect(storedB.json).toMatchObject({ tenant_ref: b.tenantRef, seq: 1, envelope: { event: { agent_id: b.agent } } })
        expect((yield* get(engine, "/ingestion/health", b.viewer)).json).toMatchObject({ tenant: { accepted: 1, duplicates: 0 } })
      }))

    it.effect("a collector cannot read and a viewer cannot replay or audit: 403 wrong_role", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* marked(engine, "t")
        const event = eventOf(t)
        expect((yield* ingest(engine, t.collector, event)).status).toBe(201)
        const forCollector = [`/events/${event.event.event_id}`, "/ingestion/health", `/replay/${t.session}`, "/audit/chain"]
        for (const path of forCollector) expectRefusal(yield* get(engine, path, t.collector), 403, "wrong_role")
        const stream = yield* request(`${engine.baseUrl}/stream`, { token: t.collector, headers: { accept: "text/event-stream" } })
        expectRefusal(stream, 403, "wrong_role")
        for (const path of [`/replay/${t.session}`, "/audit/chain"]) expectRefusal(yield* get(engine, path, t.viewer), 403, "wrong_role")
        for (const token of [t.viewer, t.auditor]) {
          const refused = yield* Effect.flip(Effect.scoped(connectWs(`${engine.wsUrl}/ingest`, token)))
          expect(refused.message).toBe("upgrade refused: 403")
        }
        const streamWs = yield* Effect.flip(Effect.scoped(connectWs(`${engine.wsUrl}/stream`, t.collector)))
        expect(streamWs.message).toBe("upgrade refused: 403")
        // Refused reads are access evidence, apart from the event rejections (the two refused ingest sockets).
        const health = yield* get(engine, "/ingestion/health", t.auditor)
        expect(health.json).toMatchObject({
          tenant: { access_refusals: 8, rejected: { total: 2, by_reason: { wrong_role: 2 } }, connectors_total: 1 }
        })
      }))
  })
}
