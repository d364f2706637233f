import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { exampleEnvelope, request } from "../support/Clients.ts"
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
  })
}
