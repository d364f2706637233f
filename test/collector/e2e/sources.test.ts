import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { fixtureInvocations } from "../../../scripts/demo/collectors.ts"
import { isValid } from "../../support/Schemas.ts"
import { stores } from "../../support/Stores.ts"
import { TestEngine, testEngineLayer } from "../../support/TestEngine.ts"
import { tempDir } from "../spool/tempDir.ts"
import { runCollector } from "../cli/harness.ts"
import { type Collector, collectorEnv, dashboard, expectedEnvelopes, getJson, runInvocation } from "./support.ts"

// Three inputs per agent hook (each is a process), every other fixture file whole.
const plan = fixtureInvocations(3)
const minutes = 6 * 60_000

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`collectors into the engine on ${store}`, (it) => {
    it.scoped("every source's fixtures flow through aispm-collect into one tenant, the stream and the health report", () =>
      Effect.gen(function* () {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const c: Collector = { url: engine.baseUrl, token: t.collector, tenantRef: t.tenantRef, spoolDir: yield* tempDir("e2e-sources") }
        const expected = (yield* Effect.forEach(plan, (inv) => expectedEnvelopes(inv, t.tenantRef))).flat()
        const ids = new Set(expected.map((e) => e.event.event_id))
        expect(ids.size).toBe(expected.length)
        const stream = yield* dashboard(engine, t.viewer)

        // The last hook leaves its envelope to a detached background sender.
        const background = plan.filter((inv) => inv.hook).at(-1)!
        const rest = plan.filter((inv) => inv !== background)
        const runs = yield* Effect.forEach(rest, (inv) => Effect.map(runInvocation(inv, c), (run) => ({ inv, run })), { concurrency: 3 })
        for (const { inv, run } of runs) expect(run.code, `${inv.source} ${inv.fixture}: ${run.stderr}`).toBe(0)
        // A hook whose inline attempt ran out of time left its envelope spooled: the next send ships it.
        expect((yield* runCollector(["send", "--quiet"], { env: collectorEnv(c) })).code).toBe(0)
        const hooked = yield* runInvocation(background, c, { AISPM_HOOK_DELIVERY: "background" })
        expect(hooked.code).toBe(0)

        const seen = yield* stream.deltas(ids.size)
        expect(new Set(seen)).toEqual(ids)
        expect(seen).toHaveLength(ids.size)
        const chain = yield* getJson(engine, "/audit/chain", t.auditor)
        expect(chain).toMatchObject({ valid: true, events_checked: ids.size, head_seq: ids.size })

        const health = yield* getJson(engine, "/ingestion/health", t.viewer)
        expect(isValid("health-report.schema.json", health)).toBe(true)
        const tenant = health["tenant"] as { accepted: number; rejected: { total: number }; connectors: ReadonlyArray<{ connector_id: string; connector_type: string; events: number }> }
        expect(tenant).toMatchObject({ accepted: ids.size, rejected: { total: 0 } })
        const perConnector = new Map<string, { type: string; events: number }>()
        for (const e of expected) {
          // The health report shows a connector's latest type (the JSONL export mixes two under one id).
          const events = (perConnector.get(e.source.connector_id)?.events ?? 0) + 1
          perConnector.set(e.source.connector_id, { type: e.source.connector_type, events })
        }
        expect(new Map(tenant.connectors.map((k) => [k.connector_id, { type: k.connector_type, events: k.events }]))).toEqual(perConnector)
        // One connector per source and host or CI project: agents, MCP, three CI platforms, IaC, trail, JSONL, CAVRA.
        expect(new Set(tenant.connectors.map((k) => k.connector_type))).toEqual(new Set([
          "claude_code", "cursor", "gemini_cli", "github_copilot", "codex", "mcp_server", "github_actions", "gitlab_ci",
          "azure_pipelines", "cloud_provider", "custom"
        ]))
      }), minutes)

    it.scoped("a credential the engine refuses is exit 6; envelopes it rejects are exit 7, kept in rejected.jsonl", () =>
      Effect.gen(function* () {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const c: Collector = { url: engine.baseUrl, token: t.collector, tenantRef: t.tenantRef, spoolDir: yield* tempDir("e2e-refusals") }
        const jsonl = plan.find((inv) => inv.source === "jsonl")!
        const badToken = yield* runInvocation(jsonl, c, { AISPM_TOKEN: "not-a-token" })
        expect(badToken.code).toBe(6)
        expect(badToken.stderr).toContain("HTTP 401")
        // Without a tenant of its own the collector sends the file's tenant, which is not the credential's.
        const { AISPM_TENANT_REF: _t, ...foreign } = collectorEnv({ ...c, spoolDir: yield* tempDir("e2e-refusals-2") })
        const rejected = yield* runCollector(jsonl.args, { env: foreign })
        expect(rejected.code).toBe(7)
        expect(rejected.stderr).toContain("tenant_mismatch")
        const status = JSON.parse((yield* runCollector(["status"], { env: foreign })).stdout) as Record<string, unknown>
        expect(status).toMatchObject({ depth: 0, rejected: 3, rejected_by_reason: { tenant_mismatch: 3 } })
      }), minutes)
  })
}
