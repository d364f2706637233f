import { SqlClient } from "@effect/sql"
import { expect, layer } from "@effect/vitest"
import Ajv2020Module from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import type { Envelope } from "../../src/domain/Envelope.ts"
import { SENSITIVE_TARGET_PLACEHOLDER } from "../../src/redaction/SensitiveTarget.ts"
import { generateTenantStream } from "../../scripts/generator/index.ts"
import { request } from "../support/Clients.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, testEngineLayer } from "../support/TestEngine.ts"

type Json = Record<string, unknown>
interface Packet {
  readonly summary: Json
  readonly steps: ReadonlyArray<Json>
  readonly first_occurred_at: string
  readonly last_occurred_at: string
}

const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default
const validPacket = addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(
  JSON.parse(readFileSync(new URL("../../schemas/replay-packet.schema.json", import.meta.url), "utf8")) as object
)

/** DESIGN §5, computed from what was sent: the replay summary of one session. */
const expectedSummary = (events: ReadonlyArray<Envelope>) => {
  const count = (p: (e: Envelope["event"]) => boolean) => events.filter((e) => p(e.event)).length
  const decisions = events.filter((e) => e.event.decision !== undefined).map((e) => e.event.evidence_refs ?? [])
  const signed = decisions.some((refs) => refs.some((r) => r.startsWith("signed://") || r.includes("signature")))
  return {
    steps: events.length,
    blocked: count((e) => e.decision === "block"),
    approval_required: count((e) => e.decision === "require_approval"),
    warned: count((e) => e.decision === "warn"),
    critical_or_high: count((e) => e.severity === "critical" || e.severity === "high"),
    evidence_confidence: decisions.length === 0
      ? "sample_or_empty"
      : signed
      ? "signed_evidence"
      : decisions.some((refs) => refs.length > 0)
      ? "activity_evidence_refs"
      : "activity_metadata_only"
  }
}

/** Targets that DESIGN and the redactor treat as pointing at secrets (a subset of the engine's list). */
const obviouslySensitive = (target: string) => /secret|\.env|password|token|credential/i.test(target)

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`replay and chain audit on ${store}`, (it) => {
    it.effect("a generated session replays in seq order with DESIGN counters, masked targets and a valid chain", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const items = generateTenantStream({
          seed: 20260611,
          tenantRef: t.tenantRef,
          events: 300,
          startAt: new Date(Date.now() - 3600_000).toISOString(),
          duplicateRate: 0.05,
          secretRate: 0.15
        })
        const sent = items.flatMap((i) => (i.kind === "invalid" ? [] : [i.envelope]))
        const unique = items.flatMap((i) => (i.kind === "event" ? [i.envelope] : []))
        const secrets = items.flatMap((i) => (i.kind === "event" && i.secret ? [i.secret.value] : []))
        expect(secrets.length).toBeGreaterThan(0)
        expect(sent.length).toBeGreaterThan(unique.length)

        const acked = new Map<string, { readonly seq: number; readonly hash: string }>()
        for (let at = 0; at < sent.length; at += 100) {
          const chunk = sent.slice(at, at + 100)
          const reply = yield* request(`${engine.baseUrl}/events/batch`, { token: t.collector, body: chunk })
          expect(reply.status).toBe(200)
          const { rejected, results } = reply.json as { rejected: number; results: ReadonlyArray<Json> }
          expect(rejected).toBe(0)
          for (const r of results) {
            if (r["status"] === "accepted") acked.set(String(r["event_id"]), { seq: Number(r["seq"]), hash: String(r["hash"]) })
          }
        }
        expect([...acked.values()].map((a) => a.seq)).toEqual(unique.map((_, i) => i + 1))

        const sessions = new Map<string, Array<Envelope>>()
        for (const e of unique) sessions.set(e.event.session_id, [...(sessions.get(e.event.session_id) ?? []), e])
        expect(sessions.size).toBeGreaterThan(1)
        for (const [sessionId, events] of sessions) {
          const reply = yield* request(`${engine.baseUrl}/replay/${sessionId}`, { token: t.auditor })
          expect(reply.status).toBe(200)
          const packet = reply.json as Packet
          expect(validPacket(packet) ? [] : validPacket.errors).toEqual([])
          expect(packet).toMatchObject({ session_id: sessionId, summary: expectedSummary(events) })
          const times = events.map((e) => Date.parse(e.event.occurred_at))
          expect(Date.parse(packet.first_occurred_at)).toBe(Math.min(...times))
          expect(Date.parse(packet.last_occurred_at)).toBe(Math.max(...times))
          packet.steps.forEach((step, i) => {
            const sentEvent = events[i]!.event
            expect(step).toMatchObject({
              step: i + 1,
              event_id: sentEvent.event_id,
              event_type: sentEvent.event_type,
              agent_id: sentEvent.agent_id,
              decision: sentEvent.decision ?? null,
              severity: sentEvent.severity ?? null,
              ...acked.get(sentEvent.event_id)
            })
            const target = sentEvent.target_summary
            const shown = step["target_summary"]
            if (target === undefined) expect(shown).toBeNull()
            else if (obviouslySensitive(target) || secrets.some((s) => target.includes(s))) {
              expect(shown).toBe(SENSITIVE_TARGET_PLACEHOLDER)
            }
            else expect(shown).toBe(target)
          })
          for (const secret of secrets) expect(reply.text).not.toContain(secret)
        }

        const audit = yield* request(`${engine.baseUrl}/audit/chain`, { token: t.auditor })
        const checked = { events_checked: unique.length, head_seq: unique.length }
        expect(audit.json).toMatchObject({ tenant_ref: t.tenantRef, valid: true, ...checked })
      }))

    it.effect("a session longer than a page: every page summarizes the whole session, steps continue across pages", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        // 2,400 events, every fifth of another session: the long one spans several store reads and pages.
        const all = generateTenantStream({
          seed: 424242,
          tenantRef: t.tenantRef,
          events: 2400,
          startAt: new Date(Date.now() - 7200_000).toISOString()
        }).flatMap((i, n): ReadonlyArray<Envelope> =>
          i.kind === "event" ? [{ ...i.envelope, event: { ...i.envelope.event, session_id: n % 5 === 4 ? "sess_beside" : "sess_long" } }] : [])
        for (let at = 0; at < all.length; at += 1000) {
          const reply = yield* request(`${engine.baseUrl}/events/batch`, { token: t.collector, body: all.slice(at, at + 1000) })
          expect((reply.json as Json)["accepted"]).toBe(all.slice(at, at + 1000).length)
        }
        const long = all.filter((e) => e.event.session_id === "sess_long")
        expect(long.length).toBeGreaterThan(1500)

        const pages: Array<Packet & { readonly page: Json }> = []
        for (let after: unknown = 0; after !== null;) {
          const reply = yield* request(`${engine.baseUrl}/replay/sess_long?after_seq=${String(after)}&limit=700`, { token: t.auditor })
          expect(reply.status).toBe(200)
          const packet = reply.json as Packet & { readonly page: Json }
          expect(validPacket(packet) ? [] : validPacket.errors).toEqual([])
          expect(packet.summary).toEqual(expectedSummary(long))
          expect(packet.page).toMatchObject({ after_seq: after, limit: 700 })
          pages.push(packet)
          after = packet.page["next_after_seq"]
        }
        expect(pages.map((p) => p.steps.length)).toEqual(
          Array.from({ length: Math.ceil(long.length / 700) }, (_, i) => Math.min(700, long.length - i * 700))
        )
        const steps = pages.flatMap((p) => p.steps)
        expect(steps.map((s) => s["step"])).toEqual(long.map((_, i) => i + 1))
        expect(steps.map((s) => s["event_id"])).toEqual(long.map((e) => e.event.event_id))
        for (const [i, p] of pages.slice(0, -1).entries()) expect(p.page["next_after_seq"]).toBe(pages[i]!.steps.at(-1)!["seq"])

        const whole = yield* request(`${engine.baseUrl}/replay/sess_long`, { token: t.auditor })
        expect((whole.json as { page: Json }).page).toEqual({ after_seq: 0, limit: 10000, next_after_seq: null })
        const past = yield* request(`${engine.baseUrl}/replay/sess_long?after_seq=999999`, { token: t.auditor })
        expect((past.json as Packet).steps).toEqual([])
        expect((past.json as Packet).summary).toEqual(expectedSummary(long))
        for (const [query, field] of [["limit=0", "limit"], ["limit=10001", "limit"], ["after_seq=-1", "after_seq"], ["after_seq=x", "after_seq"], ["limit=5&limit=6", "limit"]]) {
          const bad = yield* request(`${engine.baseUrl}/replay/sess_long?${query}`, { token: t.auditor })
          expect([bad.status, bad.json]).toMatchObject([400, { error: "invalid_query", field }])
        }
      }), 120_000)

    it.effect("audits of two tenants at once, one of them tampered past its first pages: each is judged on its own log", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const long = yield* engine.tenant()
        const short = yield* engine.tenant()
        const events = generateTenantStream({ seed: 99, tenantRef: long.tenantRef, events: 2600, startAt: new Date(Date.now() - 7200_000).toISOString() })
          .flatMap((i) => (i.kind === "event" ? [i.envelope] : []))
        for (let at = 0; at < events.length; at += 1000) {
          yield* request(`${engine.baseUrl}/events/batch`, { token: long.collector, body: events.slice(at, at + 1000) })
        }
        const [one] = generateTenantStream({ seed: 98, tenantRef: short.tenantRef, events: 1, startAt: new Date(Date.now() - 60_000).toISOString() })
          .flatMap((i) => (i.kind === "event" ? [i.envelope] : []))
        expect((yield* request(`${engine.baseUrl}/events`, { token: short.collector, body: one })).status).toBe(201)
        yield* engine.within(Effect.flatMap(SqlClient.SqlClient, (sql) =>
          sql`UPDATE events SET envelope = jsonb_set(envelope, '{event,agent_id}', '"tampered"')
            WHERE tenant_id = ${long.tenantRef} AND seq = 2345`)).pipe(Effect.orDie)
        const [longAudit, shortAudit] = yield* Effect.all([
          request(`${engine.baseUrl}/audit/chain`, { token: long.auditor }),
          request(`${engine.baseUrl}/audit/chain`, { token: short.auditor })
        ], { concurrency: 2 })
        expect(longAudit.json).toMatchObject({
          tenant_ref: long.tenantRef, valid: false, events_checked: 2344, head_seq: events.length,
          broken_at: { seq: 2345, reason: "hash_mismatch" }
        })
        expect(shortAudit.json).toMatchObject({ tenant_ref: short.tenantRef, valid: true, events_checked: 1, head_seq: 1 })
      }), 120_000)

    it.effect("replay needs an auditor of the session's own tenant", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const [envelope] = generateTenantStream({
          seed: 7,
          tenantRef: t.tenantRef,
          events: 1,
          startAt: new Date(Date.now() - 600_000).toISOString()
        }).flatMap((i) => (i.kind === "event" ? [i.envelope] : []))
        const sessionId = envelope!.event.session_id
        expect((yield* request(`${engine.baseUrl}/events`, { token: t.collector, body: envelope })).status).toBe(201)
        const replay = (token: string, session = sessionId) => request(`${engine.baseUrl}/replay/${session}`, { token })
        expect((yield* replay(t.auditor)).status).toBe(200)
        const viewer = yield* replay(t.viewer)
        expect(viewer.status).toBe(403)
        expect(viewer.json).toMatchObject({ error: "wrong_role", retryable: false })
        expect((yield* replay(t.collector)).status).toBe(403)
        const unknown = yield* replay(t.auditor, "sess_that_never_happened")
        expect(unknown.status).toBe(404)
        expect(unknown.json).toMatchObject({ error: "session_not_found", field: "session_id", retryable: false })
        const other = yield* engine.tenant()
        expect((yield* replay(other.auditor)).status).toBe(404)
        expect((yield* request(`${engine.baseUrl}/audit/chain`, { token: t.viewer })).status).toBe(403)
        expect(yield* Effect.map(request(`${engine.baseUrl}/audit/chain`, { token: other.auditor }), (r) => r.json))
          .toMatchObject({ tenant_ref: other.tenantRef, valid: true, events_checked: 0 })
      }))
  })
}
