import { SqlClient } from "@effect/sql"
import { expect, layer } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { exampleEnvelope, request } from "../support/Clients.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, type TenantCredentials } from "../support/TestEngine.ts"
import { testEngineLayer } from "../support/TestEngine.ts"

type Engine = typeof TestEngine.Service
type Json = Record<string, unknown>

/**
 * A real store refusal, not a mock: a trigger in the engine's own database
 * raises on every insert into the log whose event_id matches `pattern`.
 */
const refuseInserts = (engine: Engine, name: string, pattern: string) =>
  engine.within(Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event_id LIKE '${pattern}' THEN RAISE EXCEPTION 'refused by the test trigger ${name}'; END IF;
        RETURN NEW;
      END $$`)
    yield* sql.unsafe(`CREATE TRIGGER ${name} BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION ${name}()`)
    return sql.unsafe(`DROP TRIGGER ${name} ON events`).pipe(Effect.asVoid)
  })).pipe(Effect.orDie)

const get = (engine: Engine, path: string, token: string) =>
  Effect.map(request(`${engine.baseUrl}${path}`, { token }), (r) => ({ status: r.status, json: r.json as Json }))

const health = (engine: Engine, t: TenantCredentials) =>
  Effect.map(get(engine, "/ingestion/health", t.viewer), (r) => r.json["tenant"] as Json)

/** Holds the actor on a first event, queues `batch` behind it, so that the batch is ONE group commit. */
const asOneGroup = (engine: Engine, t: TenantCredentials, batch: ReadonlyArray<unknown>) =>
  Effect.gen(function*() {
    const release = yield* engine.faults.hold(t.tenantRef)
    const first = yield* Effect.fork(request(`${engine.baseUrl}/events`, { token: t.collector, body: exampleEnvelope(t.tenantRef) }))
    yield* engine.faults.reached(t.tenantRef)
    const reply = yield* Effect.fork(request(`${engine.baseUrl}/events/batch`, { token: t.collector, body: batch }))
    const depth = Effect.map(health(engine, t), (h) => (h["mailbox"] as { depth: number }).depth)
    yield* Effect.repeat(depth, { until: (d) => d === batch.length })
    yield* release
    expect((yield* Fiber.join(first)).status).toBe(201)
    return (yield* Fiber.join(reply)).json as { results: ReadonlyArray<Json> } & Json
  })

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`an event the store refuses, on ${store}`, (it) => {
    it.effect("does not sink its group: the others are acknowledged, it alone gets a retryable 503", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const allow = yield* refuseInserts(engine, "refuse_poison", "evt_poison%")
        const batch = ["evt_good_a", "evt_poison_1", "evt_good_b"].map((id) => exampleEnvelope(t.tenantRef, id))
        const reply = yield* asOneGroup(engine, t, batch)
        expect(reply).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1 })
        expect(reply.results).toMatchObject([
          { index: 0, event_id: "evt_good_a", status: "accepted", seq: 2 },
          { index: 1, event_id: "evt_poison_1", status: "rejected", error: "storage_unavailable", retryable: true },
          { index: 2, event_id: "evt_good_b", status: "accepted", seq: 3 }
        ])
        expect((yield* get(engine, "/events/evt_poison_1", t.viewer)).status).toBe(404)
        // The actor kept running: no restart, and the next event follows on the chain.
        // The group, then its left half [good_a, poison], then the poison alone.
        expect(yield* health(engine, t)).toMatchObject({ accepted: 3, storage_failures: 3, actor_restarts: 0 })
        yield* allow
        const resent = yield* request(`${engine.baseUrl}/events`, { token: t.collector, body: batch[1] })
        expect(resent.status).toBe(201)
        expect(resent.json).toMatchObject({ event_id: "evt_poison_1", seq: 4 })
        expect((yield* get(engine, "/audit/chain", t.auditor)).json).toMatchObject({ valid: true, events_checked: 4 })
      }))

    it.effect("a few refused events among hundreds: the rest commit in a few transactions, in input order", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const allow = yield* refuseInserts(engine, "refuse_scattered", "evt_bad_%")
        const ids = Array.from({ length: 300 }, (_, i) => ([17, 18, 150, 299].includes(i) ? `evt_bad_${i}` : `evt_ok_${i}`))
        const reply = yield* asOneGroup(engine, t, ids.map((id) => exampleEnvelope(t.tenantRef, id)))
        expect(reply).toMatchObject({ accepted: 296, rejected: 4 })
        const good = reply.results.filter((r) => r["status"] === "accepted")
        expect(good.map((r) => r["event_id"])).toEqual(ids.filter((id) => id.startsWith("evt_ok_")))
        expect(good.map((r) => r["seq"])).toEqual(good.map((_, i) => i + 2))
        for (const r of reply.results.filter((r) => r["status"] === "rejected")) {
          expect(r).toMatchObject({ error: "storage_unavailable", retryable: true })
          expect(String(r["event_id"])).toMatch(/^evt_bad_/)
        }
        // Halving finds each bad event in about log2(300) failed commits, not 300 single ones.
        const figures = yield* health(engine, t)
        expect(figures).toMatchObject({ accepted: 297, actor_restarts: 0 })
        expect(figures["storage_failures"]).toBeLessThan(40)
        expect((yield* get(engine, "/audit/chain", t.auditor)).json).toMatchObject({ valid: true, events_checked: 297 })
        yield* allow
      }), 120_000)

    it.effect("a store that refuses every event is an outage: the group is refused and the actor restarts", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const allow = yield* refuseInserts(engine, "refuse_all", "evt_outage%")
        const batch = ["evt_outage_1", "evt_outage_2", "evt_outage_3"].map((id) => exampleEnvelope(t.tenantRef, id))
        const reply = yield* asOneGroup(engine, t, batch)
        expect(reply).toMatchObject({ accepted: 0, rejected: 3 })
        for (const r of reply.results) expect(r).toMatchObject({ status: "rejected", error: "storage_unavailable" })
        // The group, its left half, the first event alone, the second alone: more than one bad event's way down.
        expect(yield* health(engine, t)).toMatchObject({ storage_failures: 4, actor_restarts: 1 })
        yield* allow
        const again = yield* request(`${engine.baseUrl}/events/batch`, { token: t.collector, body: batch })
        expect(again.json).toMatchObject({ accepted: 3 })
        expect((yield* get(engine, "/audit/chain", t.auditor)).json).toMatchObject({ valid: true, events_checked: 4 })
      }))
  })
}
