import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Option, type Scope } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fixtureInvocations } from "../../../scripts/demo/collectors.ts"
import { stores } from "../../support/Stores.ts"
import { freshDatabase } from "../../support/TestDatabase.ts"
import { TestEngine, testEngineLayer } from "../../support/TestEngine.ts"
import { tempDir } from "../spool/tempDir.ts"
import { runCollector } from "../cli/harness.ts"
import { type Collector, collectorEnv, dashboard, expectedEnvelopes, getJson, runInvocation } from "./support.ts"

type Engine = typeof TestEngine.Service

// Two inputs per agent hook and every other fixture; alternate invocations fall before and after the stop.
const plan = fixtureInvocations(2)
const before = plan.filter((_, i) => i % 2 === 0)
const during = plan.filter((_, i) => i % 2 === 1)

for (const store of stores) {
  describe(`aispm-collect across an engine restart on ${store}`, () => {
    it.scopedLive("engine stopped mid-run then restarted: the spool keeps what it could not send, nothing is lost or doubled", () =>
      Effect.gen(function* () {
        const dataDir = yield* Effect.acquireRelease(
          Effect.sync(() => mkdtempSync(join(tmpdir(), "aispm-collect-restart-"))),
          (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
        )
        const databaseUrl = store === "postgres" ? Option.some((yield* freshDatabase).url) : Option.none()
        const withEngine = <A, E>(use: (engine: Engine) => Effect.Effect<A, E, Scope.Scope>) =>
          Effect.scoped(Effect.flatMap(Layer.build(testEngineLayer(store, { dataDir, databaseUrl })), (ctx) => use(Context.get(ctx, TestEngine))))
        const spoolDir = yield* tempDir("e2e-restart-spool")

        const first = yield* withEngine((engine) =>
          Effect.gen(function* () {
            const t = yield* engine.tenant()
            const c: Collector = { url: engine.baseUrl, token: t.collector, tenantRef: t.tenantRef, spoolDir }
            for (const inv of before) {
              const run = yield* runInvocation(inv, c)
              expect(run.code, `${inv.source} ${inv.fixture}: ${run.stderr}`).toBe(0)
            }
            return { t, c }
          }))
        const { t, c } = first
        const expected = new Set((yield* Effect.forEach(plan, (inv) => expectedEnvelopes(inv, t.tenantRef))).flat().map((e) => e.event.event_id))
        const waiting = new Set((yield* Effect.forEach(during, (inv) => expectedEnvelopes(inv, t.tenantRef))).flat().map((e) => e.event.event_id))

        // The engine is gone: hooks still answer and exit 0, tools say "not delivered yet" (5); all of it stays spooled.
        const down = collectorEnv(c, { AISPM_SEND_ATTEMPTS: "1" })
        for (const inv of during) {
          const run = yield* runInvocation(inv, c, { AISPM_SEND_ATTEMPTS: "1" })
          expect(run.code, `${inv.source} ${inv.fixture}: ${run.stderr}`).toBe(inv.hook || inv.source === "mcp" ? 0 : 5)
        }
        const status = JSON.parse((yield* runCollector(["status"], { env: down })).stdout) as { depth: number }
        expect(status.depth).toBe(waiting.size)

        yield* withEngine((engine) =>
          Effect.gen(function* () {
            // The restarted engine streams what it commits now: exactly what waited in the spool.
            const stream = yield* dashboard(engine, t.viewer)
            const env = collectorEnv({ ...c, url: engine.baseUrl })
            const sent = yield* runCollector(["send"], { env })
            expect(sent.code, sent.stderr).toBe(0)
            const seen = yield* stream.deltas(waiting.size)
            expect(seen).toHaveLength(waiting.size)
            expect(new Set(seen)).toEqual(waiting)
            // Input sent before the stop, read again: the engine recognises every event.
            const again = before.find((inv) => inv.source === "terraform")!
            const rerun = yield* runCollector(again.args, { env: { ...env, AISPM_SPOOL_DIR: yield* tempDir("e2e-restart-again") } })
            expect(rerun.code).toBe(0)
            expect(rerun.stderr).toMatch(/accepted 0, duplicates [1-9]/)

            // Every event of both halves is stored once: one sequence number each, 1..N, and an intact chain.
            const seqs = yield* Effect.forEach([...expected], (id) => Effect.map(getJson(engine, `/events/${id}`, t.viewer), (e) => e["seq"]))
            expect([...seqs].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: expected.size }, (_, i) => i + 1))
            expect(yield* getJson(engine, "/audit/chain", t.auditor)).toMatchObject({ valid: true, events_checked: expected.size, head_seq: expected.size })
            expect((yield* getJson(engine, "/ingestion/health", t.viewer))["tenant"]).toMatchObject({ accepted: expected.size })
            const after = JSON.parse((yield* runCollector(["status"], { env })).stdout) as { depth: number }
            expect(after.depth).toBe(0)
          }))
      }), 8 * 60_000)
  })
}
