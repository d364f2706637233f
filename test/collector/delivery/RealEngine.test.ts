import { expect, layer } from "@effect/vitest"
import { Effect, Redacted, Schedule } from "effect"
import { buildEnvelope } from "../../../src/collector/EnvelopeBuilder.ts"
import { drainOnce } from "../../../src/collector/delivery/Delivery.ts"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { TestEngine, testEngineLayer } from "../../support/TestEngine.ts"
import { tempDir } from "../spool/tempDir.ts"
import { testContext } from "../spool/testEnvelopes.ts"

const envelopes = (tenantRef: string, n: number, bad: ReadonlySet<number> = new Set()) =>
  Effect.forEach(Array.from({ length: n }, (_, i) => i), (i) =>
    Effect.map(
      buildEnvelope({ ...testContext, tenantRef }, {
        connectorType: "mcp_server",
        eventType: "mcp_activity",
        naturalKey: `real-engine-${i}`,
        occurredAt: new Date().toISOString(),
        sessionId: "sess_real_engine",
        agentId: "delivery-test",
        toolName: "read_file"
      }),
      (env) => (bad.has(i) ? { ...env, tenant: { ...env.tenant, tenant_ref: "tenant:somebody-else" } } : env)
    )
  )

// Against the engine itself (embedded store): the wire protocol the fake engine imitates, for real.
layer(testEngineLayer("embedded"), { excludeTestServices: true })("delivery against the engine", (it) => {
  it.scoped("the socket path delivers, re-delivery is recognised as duplicates, refusals land in rejected.jsonl", () =>
    Effect.gen(function* () {
      const engine = yield* TestEngine
      const t = yield* engine.tenant()
      const spool = yield* openSpool(yield* tempDir("real-engine"))
      yield* spool.append(yield* envelopes(t.tenantRef, 30, new Set([7])))
      const config = { url: engine.baseUrl.replace(/\/enterprise\/aispm\/?$/, ""), token: Redacted.make(t.collector), spool, reconnect: Schedule.recurs(3) }
      const report = yield* drainOnce(config)
      expect(report).toMatchObject({ accepted: 29, rejected: 1, remaining: 0 })
      const refused = yield* spool.rejected
      const seventh = (yield* envelopes(t.tenantRef, 8))[7]!.event.event_id
      expect(refused.map((r) => [r.event_id, r.error])).toEqual([[seventh, "tenant_mismatch"]])
      // A second collector run over the same input: the engine knows every event already.
      const again = yield* openSpool(yield* tempDir("real-engine-again"))
      yield* again.append(yield* envelopes(t.tenantRef, 30, new Set([7])))
      const second = yield* drainOnce({ ...config, spool: again })
      expect(second).toMatchObject({ accepted: 0, duplicates: 29, rejected: 1, remaining: 0 })
    })
  )

  it.scoped("HTTPS batch only (fallbackAfter 0): per-item results settle the spool the same way", () =>
    Effect.gen(function* () {
      const engine = yield* TestEngine
      const t = yield* engine.tenant()
      const spool = yield* openSpool(yield* tempDir("real-engine-https"))
      yield* spool.append(yield* envelopes(t.tenantRef, 12, new Set([3])))
      const url = engine.baseUrl.replace(/\/enterprise\/aispm\/?$/, "")
      const report = yield* drainOnce({ url, token: Redacted.make(t.collector), spool, fallbackAfter: 0, httpBatchEvents: 5 })
      expect(report).toMatchObject({ accepted: 11, rejected: 1, remaining: 0 })
      expect((yield* spool.rejected).map((r) => r.error)).toEqual(["tenant_mismatch"])
    })
  )
})
