import { expect, layer } from "@effect/vitest"
import { Effect, Queue } from "effect"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { buildEnvelope } from "../../../src/collector/EnvelopeBuilder.ts"
import { stores } from "../../support/Stores.ts"
import { TestEngine, testEngineLayer } from "../../support/TestEngine.ts"
import { tempDir } from "../spool/tempDir.ts"
import { runCollector } from "../cli/harness.ts"
import { type Collector, collectorEnv, dashboard, getJson, startSender } from "./support.ts"

const count = 600

const envelopes = (tenantRef: string) =>
  Effect.forEach(Array.from({ length: count }, (_, i) => i), (i) =>
    buildEnvelope({ tenantRef, environment: "test", connectorId: "kill-test@e2e", collectorVersion: "test" }, {
      connectorType: "custom",
      eventType: "tool_call",
      naturalKey: `kill-${i}`,
      occurredAt: new Date().toISOString(),
      sessionId: "sess_kill_test",
      agentId: "kill-test",
      toolName: "filesystem.write",
      targetSummary: `record ${i}`
    }))

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`aispm-collect killed mid-send on ${store}`, (it) => {
    it.scoped("kill -9 while the engine holds back a refused batch, then `send` again: nothing lost, nothing doubled", () =>
      Effect.gen(function* () {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const dir = yield* tempDir("e2e-kill")
        const c: Collector = { url: engine.baseUrl, token: t.collector, tenantRef: t.tenantRef, spoolDir: path.join(dir, "spool") }
        const all = yield* envelopes(t.tenantRef)
        const file = path.join(dir, "export.jsonl")
        yield* Effect.promise(() => fs.writeFile(file, all.map((e) => JSON.stringify(e)).join("\n")))
        expect((yield* runCollector(["jsonl", file, "--spool-only"], { env: collectorEnv(c) })).code).toBe(0)
        const stream = yield* dashboard(engine, t.viewer)

        // The tenant's first group commit dies: the engine answers those envelopes "retry", and the
        // sender holds them back for its backoff (at least 400 ms). It is killed as soon as it says so.
        yield* engine.faults.crash(t.tenantRef, 1)
        const sender = yield* startSender(collectorEnv(c))
        let line = ""
        while (!/retried [1-9]/.test(line)) line = yield* Queue.take(sender.lines)
        sender.child.kill("SIGKILL")
        expect(yield* sender.exit).toEqual({ code: null, signal: "SIGKILL" })
        const left = JSON.parse((yield* runCollector(["status"], { env: collectorEnv(c) })).stdout) as { depth: number }
        expect(left.depth).toBeGreaterThan(0)

        const again = yield* runCollector(["send"], { env: collectorEnv(c) })
        expect(again.code, again.stderr).toBe(0)
        const seen = yield* stream.deltas(count)
        expect(seen).toHaveLength(count)
        expect(new Set(seen)).toEqual(new Set(all.map((e) => e.event.event_id)))
        expect(yield* getJson(engine, "/audit/chain", t.auditor)).toMatchObject({ valid: true, events_checked: count, head_seq: count })
        expect((yield* getJson(engine, "/ingestion/health", t.viewer))["tenant"]).toMatchObject({ accepted: count })
        expect(JSON.parse((yield* runCollector(["status"], { env: collectorEnv(c) })).stdout)).toMatchObject({ depth: 0, rejected: 0 })
      }), 4 * 60_000)
  })
}
