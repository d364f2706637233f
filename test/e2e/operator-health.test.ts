import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { AdminCredentialStore } from "../../src/store/AdminCredentialStore.ts"
import { exampleEnvelope, request } from "../support/Clients.ts"
import { expectValid } from "../support/Schemas.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine } from "../support/TestEngine.ts"
import { testEngineLayer } from "../support/TestEngine.ts"

interface OperatorView {
  readonly overall: Record<string, unknown>
  readonly tenants: ReadonlyArray<{ readonly tenant_ref: string; readonly accepted: number }>
  readonly tenants_page: { readonly after: string | null; readonly limit: number; readonly total: number; readonly next_after: string | null }
}

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`the operator's health view on ${store}`, (it) => {
    it.effect("lists tenants in pages in tenant_ref order; the overall figures cover every tenant on every page", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const admin = yield* engine.within(Effect.flatMap(AdminCredentialStore, (s) => s.issue("operator-pages"))).pipe(Effect.orDie)
        const tenants = yield* Effect.forEach(Array.from({ length: 5 }), () => engine.tenant())
        for (const [i, t] of tenants.entries()) {
          for (let n = 0; n <= i; n++) {
            expect((yield* request(`${engine.baseUrl}/events`, { token: t.collector, body: exampleEnvelope(t.tenantRef, `evt_op_${i}_${n}`) })).status).toBe(201)
          }
        }
        const view = (query: string) =>
          Effect.map(request(`${engine.baseUrl}/ingestion/health${query}`, { token: admin.token }), (r) => {
            expect(r.status).toBe(200)
            expectValid("health-report.schema.json", r.json)
            return r.json as OperatorView
          })

        const silent = yield* engine.tenant()
        // Metrics are per process: tenants of another engine in this test process may be listed too.
        const first = yield* view("")
        const total = first.tenants_page.total
        expect(total).toBeGreaterThanOrEqual(6)
        expect(first.tenants_page).toEqual({ after: null, limit: 100, total, next_after: null })
        const pages: Array<OperatorView> = []
        for (let after: string | null = ""; after !== null;) {
          const page: OperatorView = yield* view(`?limit=2${after === "" ? "" : `&after=${encodeURIComponent(after)}`}`)
          expect(page.overall).toEqual(first.overall)
          expect(page.tenants.length).toBeLessThanOrEqual(2)
          pages.push(page)
          after = page.tenants_page.next_after
        }
        expect(pages.map((p) => p.tenants.length)).toEqual(
          Array.from({ length: Math.ceil(total / 2) }, (_, i) => Math.min(2, total - i * 2))
        )
        const listed = pages.flatMap((p) => p.tenants)
        expect(listed).toEqual(first.tenants)
        const refs = listed.map((t) => t.tenant_ref)
        expect(refs).toEqual([...refs].sort())
        // A tenant that never sent anything is listed too, with zero figures.
        expect(listed.find((t) => t.tenant_ref === silent.tenantRef)).toMatchObject({ accepted: 0 })
        const mine = new Set(tenants.map((t) => t.tenantRef))
        expect(listed.filter((t) => mine.has(t.tenant_ref)).map((t) => t.accepted)).toEqual([...tenants]
          .sort((a, b) => (a.tenantRef < b.tenantRef ? -1 : 1))
          .map((t) => tenants.indexOf(t) + 1))
        expect(first.overall["accepted"]).toBeGreaterThanOrEqual(15)

        for (const [query, field] of [["?limit=0", "limit"], ["?limit=1001", "limit"], ["?limit=two", "limit"], ["?after=%00", "after"], ["?limit=5&limit=abc", "limit"], ["?after=a&after=b", "after"]]) {
          const bad = yield* request(`${engine.baseUrl}/ingestion/health${query}`, { token: admin.token })
          expect([bad.status, bad.json]).toMatchObject([400, { error: "invalid_query", field }])
        }
      }))
  })
}
