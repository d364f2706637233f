import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import type { Envelope } from "../../src/domain/Envelope.ts"
import { exampleEnvelope, request } from "../support/Clients.ts"
import { expectValid } from "../support/Schemas.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, testEngineLayer } from "../support/TestEngine.ts"

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`HTTP ingest on ${store}`, (it) => {
    it.effect("accepts the public example, then reports the copy as a duplicate of the same seq", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const first = yield* request(`${engine.baseUrl}/events`, { token: t.collector, body: exampleEnvelope(t.tenantRef) })
        expect(first.status).toBe(201)
        expect(first.json).toMatchObject({ status: "accepted", seq: 1, event_id: "evt_01jz_public_contract_sample" })
        const again = yield* request(`${engine.baseUrl}/events`, { token: t.collector, body: exampleEnvelope(t.tenantRef) })
        expect(again.status).toBe(200)
        expect(again.json).toMatchObject({ status: "duplicate", seq: 1 })
        const stored = yield* request(`${engine.baseUrl}/events/evt_01jz_public_contract_sample`, { token: t.viewer })
        expect(stored.status).toBe(200)
        expect(stored.json).toMatchObject({ seq: 1, tenant_ref: t.tenantRef })
      }))

    it.effect("answers a batch item by item; one bad envelope does not sink the rest", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const bad = { ...exampleEnvelope(t.tenantRef, "evt_bad"), product: "OTHER" }
        const batch = [exampleEnvelope(t.tenantRef, "evt_a"), bad, exampleEnvelope(t.tenantRef, "evt_a"), exampleEnvelope(t.tenantRef, "evt_b")]
        const reply = yield* request(`${engine.baseUrl}/events/batch`, { token: t.collector, body: batch })
        expect(reply.status).toBe(200)
        expect(reply.json).toMatchObject({
          accepted: 2,
          duplicates: 1,
          rejected: 1,
          results: [
            { index: 0, status: "accepted", seq: 1 },
            { index: 1, status: "rejected", error: "invalid_value", field: "product", retryable: false },
            { index: 2, status: "duplicate", seq: 1 },
            { index: 3, status: "accepted", seq: 2 }
          ]
        })
      }))

    it.effect("a retry is a duplicate; another event under a taken id or idempotency key is a 409 conflict, in a batch too", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const post = (body: unknown, path = "/events") => request(`${engine.baseUrl}${path}`, { token: t.collector, body })
        const original = exampleEnvelope(t.tenantRef, "evt_taken")
        const other = (e: Envelope, summary: string): Envelope => ({ ...e, event: { ...e.event, target_summary: summary } })
        expect((yield* post(original)).status).toBe(201)

        // A retry changes only the transport block: still the same event.
        const retry = yield* post({ ...original, transport: { ...original.transport, retry_count: 3 } })
        expect([retry.status, retry.json]).toMatchObject([200, { status: "duplicate", seq: 1 }])
        // Same key, new event id: the key says it is the same event.
        const regenerated = yield* post({ ...original, event: { ...original.event, event_id: "evt_regenerated" } })
        expect([regenerated.status, regenerated.json]).toMatchObject([200, { status: "duplicate", seq: 1 }])

        const sameId = yield* post({ ...other(original, "something else"), transport: { ...original.transport, idempotency_key: "k2" } })
        expect(sameId.status).toBe(409)
        expectValid("problem.schema.json", sameId.json)
        expect(sameId.json).toMatchObject({ error: "event_id_conflict", field: "event.event_id", retryable: false })
        const sameKey = yield* post({ ...other(exampleEnvelope(t.tenantRef, "evt_new_id"), "else"), transport: original.transport })
        expect(sameKey.json).toMatchObject({ error: "idempotency_key_conflict", field: "transport.idempotency_key" })
        expect((yield* request(`${engine.baseUrl}/events/evt_new_id`, { token: t.viewer })).status).toBe(404)

        const fresh = exampleEnvelope(t.tenantRef, "evt_batch_first")
        const batch = yield* post([fresh, other(fresh, "changed"), fresh], "/events/batch")
        expect(batch.json).toMatchObject({
          accepted: 1,
          duplicates: 1,
          rejected: 1,
          results: [
            { index: 0, status: "accepted", seq: 2 },
            { index: 1, status: "rejected", error: "event_id_conflict", retryable: false },
            { index: 2, status: "duplicate", seq: 2 }
          ]
        })
        const health = yield* request(`${engine.baseUrl}/ingestion/health`, { token: t.viewer })
        expect(health.json).toMatchObject({
          tenant: { accepted: 2, duplicates: 3, rejected: { by_reason: { event_id_conflict: 2, idempotency_key_conflict: 1 } } }
        })
        const longId = `evt_${"x".repeat(508)}`
        expect((yield* post(exampleEnvelope(t.tenantRef, longId))).status).toBe(201)
        expect((yield* request(`${engine.baseUrl}/events/${longId}`, { token: t.viewer })).status).toBe(200)
        const stored = yield* request(`${engine.baseUrl}/events/evt_taken`, { token: t.viewer })
        expect((stored.json as { envelope: Envelope }).envelope.event.target_summary).toBe(original.event.target_summary)
      }))
  })
}
