import { expect, layer } from "@effect/vitest"
import { type Context, Effect } from "effect"
import { gzipSync } from "node:zlib"
import { parseToken } from "../../src/auth/Tokens.ts"
import type { Envelope } from "../../src/domain/Envelope.ts"
import { AdminCredentialStore } from "../../src/store/AdminCredentialStore.ts"
import { CredentialStore } from "../../src/store/CredentialStore.ts"
import { exampleEnvelope, type HttpReply, request } from "../support/Clients.ts"
import { expectValid } from "../support/Schemas.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, type TenantCredentials, testEngineLayer } from "../support/TestEngine.ts"

type Engine = Context.Tag.Service<typeof TestEngine>

const MAX_BODY = 1024 * 1024
const MAX_INFLATED = 8 * 1024 * 1024
const BATCH_MAX_EVENTS = 5
const BATCH_MAX_BYTES = 64 * 1024

const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()
let ids = 0

/** The public example with fresh ids and timestamps a second ago (the engine's clock is real here). */
const fresh = (tenantRef: string): Envelope => {
  const e = exampleEnvelope(tenantRef, `evt_rej_${process.pid}_${++ids}`)
  return { ...e, event: { ...e.event, occurred_at: iso(-2_000), received_at: iso(-1_000) } }
}

const DELETE = Symbol("delete")

/** A copy of `e` with dotted paths set (or deleted): invalid variants are plain JSON, not Envelopes. */
const patched = (e: Envelope, changes: Record<string, unknown>): unknown => {
  const copy = structuredClone(e) as unknown as Record<string, unknown>
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split(".")
    const last = keys.pop()!
    const node = keys.reduce((n, k) => n[k] as Record<string, unknown>, copy)
    if (value === DELETE) delete node[last]
    else node[last] = value
  }
  return copy
}

const json = { "content-type": "application/json" }

const post = (engine: Engine, token: string | undefined, body: unknown, path = "/events", headers = {}) =>
  request(`${engine.baseUrl}${path}`, {
    method: "POST",
    ...(token === undefined ? {} : { token }),
    body,
    headers: typeof body === "string" || body instanceof Uint8Array ? { ...json, ...headers } : headers
  })

interface HealthView {
  readonly tenant: {
    readonly accepted: number
    readonly late: number
    readonly rejected: { readonly total: number; readonly by_reason: Record<string, number> }
    readonly ingest_lag_ms: { readonly count: number }
  }
}

interface OperatorHealthView {
  readonly overall: { readonly unauthenticated_rejections: number }
}

/** The operator's view (admin token): overall figures, never shown to a tenant. */
const operatorHealth = (engine: Engine, adminToken: string) =>
  Effect.map(request(`${engine.baseUrl}/ingestion/health`, { token: adminToken }), (reply) => {
    expect(reply.status).toBe(200)
    expectValid("health-report.schema.json", reply.json)
    return reply.json as OperatorHealthView
  })

const health = (engine: Engine, viewer: string) =>
  Effect.map(request(`${engine.baseUrl}/ingestion/health`, { token: viewer }), (reply) => {
    expect(reply.status).toBe(200)
    expectValid("health-report.schema.json", reply.json)
    return reply.json as HealthView
  })

/** Status, code, field, retryable and schema of a refusal: every rejection is checked the same way. */
const expectProblem = (reply: HttpReply, status: number, error: string, field?: string) => {
  expect({ status: reply.status, error: (reply.json as { error?: unknown } | undefined)?.error }).toEqual({ status, error })
  expectValid("problem.schema.json", reply.json)
  expect(reply.json).toMatchObject({ retryable: false })
  expect((reply.json as { field?: string }).field).toBe(field)
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/)
  expect(reply.headers.get("retry-after")).toBeNull()
}

interface Case {
  readonly name: string
  readonly status: number
  readonly error: string
  readonly field?: string
  /** Something the message must say (e.g. the limit). */
  readonly says?: RegExp
  readonly send: (engine: Engine, t: TenantCredentials) => Effect.Effect<HttpReply>
}

const envelopeCase = (name: string, error: string, field: string | undefined, changes: (t: TenantCredentials) => Record<string, unknown>): Case => ({
  name,
  status: 422,
  error,
  ...(field === undefined ? {} : { field }),
  send: (engine, t) => post(engine, t.collector, patched(fresh(t.tenantRef), changes(t)))
})

const scopeCase = (name: string, error: string, field: string, scopes: Parameters<Engine["credential"]>[2]): Case => ({
  name,
  status: 403,
  error,
  field,
  send: (engine, t) =>
    Effect.flatMap(engine.credential(t.tenantRef, "collector", scopes), (token) => post(engine, token, fresh(t.tenantRef)))
})

const bytes = (text: string) => new TextEncoder().encode(text)

/** Every refusal of an envelope, counted under the tenant of the credential. */
const tenantCases: ReadonlyArray<Case> = [
  envelopeCase("a required field is missing", "missing_field", "event.session_id", () => ({ "event.session_id": DELETE })),
  envelopeCase("a field outside the contract", "unknown_field", "event.prompt_text", () => ({ "event.prompt_text": "hi" })),
  envelopeCase("a value outside an enum", "invalid_value", "tenant.environment", () => ({ "tenant.environment": "prod" })),
  envelopeCase("a value other than a const", "invalid_value", "redaction.raw_prompt_included", () => ({ "redaction.raw_prompt_included": true })),
  envelopeCase("a value of the wrong type", "invalid_type", "transport.retry_count", () => ({ "transport.retry_count": "1" })),
  {
    name: "an envelope that is not an object",
    status: 422,
    error: "invalid_type",
    send: (engine, t) => post(engine, t.collector, `"an envelope"`)
  },
  envelopeCase("a timestamp that is not RFC 3339", "invalid_format", "event.occurred_at", () => ({ "event.occurred_at": "yesterday" })),
  envelopeCase("an empty event_id", "too_short", "event.event_id", () => ({ "event.event_id": "" })),
  envelopeCase("a negative retry count", "out_of_range", "transport.retry_count", () => ({ "transport.retry_count": -1 })),
  envelopeCase("occurred_at past the clock skew", "occurred_in_future", "event.occurred_at", () => ({
    "event.occurred_at": iso(3_600_000),
    "event.received_at": iso(3_600_000)
  })),
  envelopeCase("received_at before occurred_at past the skew", "received_before_occurred", "event.received_at", () => ({
    "event.occurred_at": iso(-60_000),
    "event.received_at": iso(-60_000 - 600_000)
  })),
  envelopeCase("a policy decision without decision", "decision_missing", "event.decision", () => ({
    "event.event_type": "policy_decision",
    "event.decision": DELETE
  })),
  envelopeCase("private_payload_ref without payload_ref", "payload_ref_missing", "event.payload_ref", () => ({ "event.payload_ref": DELETE })),
  envelopeCase("signature_required without signature_ref", "signature_ref_missing", "integrity.signature_ref", () => ({
    "integrity.signature_ref": DELETE
  })),
  envelopeCase("signature_required with an empty signature_ref", "signature_ref_missing", "integrity.signature_ref", () => ({
    "integrity.signature_ref": ""
  })),
  envelopeCase("a timestamp before 1970", "timestamp_out_of_range", "event.occurred_at", () => ({
    "event.occurred_at": "0001-01-01T00:30:00+01:00",
    "event.received_at": DELETE
  })),
  envelopeCase("a NUL character in a string", "nul_character", "event.target_summary", () => ({ "event.target_summary": "a\u0000b" })),
  envelopeCase("an identifier the store cannot index", "identifier_too_long", "event.event_id", () => ({
    "event.event_id": `evt_${"x".repeat(3000)}`
  })),
  envelopeCase("an empty idempotency key", "empty_idempotency_key", "transport.idempotency_key", () => ({
    "transport.idempotency_key": ""
  })),
  envelopeCase("a retry count beyond any real one", "retry_count_out_of_range", "transport.retry_count", () => ({
    "transport.retry_count": 1e300
  })),
  envelopeCase("a secret in an identifier", "secret_in_identifier", "source.connector_id", () => ({
    "source.connector_id": "collector-ghp_0123456789abcdefghijABCDEFGHIJ012345"
  })),
  envelopeCase("a password in a session id", "secret_in_identifier", "event.session_id", () => ({
    "event.session_id": "sess postgres://app:hunter2secret@db.internal/app"
  })),
  scopeCase("a connector outside the credential's scope", "connector_not_allowed", "source.connector_id", { connector_ids: ["connector-other"] }),
  scopeCase("a repository outside the credential's scope", "repository_not_allowed", "event.repository", { repositories: ["acme/*"] }),
  {
    name: "a repository escaping its scope's prefix with ..",
    status: 403,
    error: "repository_not_allowed",
    field: "event.repository",
    send: (engine, t) =>
      Effect.flatMap(engine.credential(t.tenantRef, "collector", { repositories: ["example/*"] }), (token) =>
        post(engine, token, patched(fresh(t.tenantRef), { "event.repository": "example/../evil/repo" })))
  },
  scopeCase("an environment outside the credential's scope", "environment_not_allowed", "tenant.environment", { environments: ["dev", "test"] }),
  scopeCase("an event type outside the credential's scope", "event_type_not_allowed", "event.event_type", { event_types: ["shell_command"] }),
  { name: "a viewer credential on ingest", status: 403, error: "wrong_role", send: (engine, t) => post(engine, t.viewer, fresh(t.tenantRef)) },
  { name: "an auditor credential on ingest", status: 403, error: "wrong_role", send: (engine, t) => post(engine, t.auditor, fresh(t.tenantRef)) },
  {
    name: "a body over the size limit",
    status: 413,
    error: "body_too_large",
    says: new RegExp(`${MAX_BODY}`),
    send: (engine, t) => post(engine, t.collector, `"${"x".repeat(MAX_BODY)}"`)
  },
  {
    name: "a body that is not JSON",
    status: 415,
    error: "unsupported_media_type",
    send: (engine, t) => post(engine, t.collector, JSON.stringify(fresh(t.tenantRef)), "/events", { "content-type": "text/plain" })
  },
  {
    name: "JSON in another charset than UTF-8",
    status: 415,
    error: "unsupported_media_type",
    send: (engine, t) =>
      post(engine, t.collector, JSON.stringify(fresh(t.tenantRef)), "/events", { "content-type": "application/json; charset=iso-8859-1" })
  },
  {
    name: "a content coding other than gzip",
    status: 415,
    error: "unsupported_encoding",
    send: (engine, t) => post(engine, t.collector, JSON.stringify(fresh(t.tenantRef)), "/events", { "content-encoding": "br" })
  },
  {
    name: "a gzip bomb",
    status: 413,
    error: "inflated_too_large",
    says: new RegExp(`${MAX_INFLATED}`),
    send: (engine, t) =>
      post(engine, t.collector, new Uint8Array(gzipSync(Buffer.alloc(MAX_INFLATED + 1024 * 1024, 0x20))), "/events", { "content-encoding": "gzip" })
  },
  {
    name: "a body that is not gzip though it says so",
    status: 400,
    error: "invalid_gzip",
    send: (engine, t) => post(engine, t.collector, JSON.stringify(fresh(t.tenantRef)), "/events", { "content-encoding": "gzip" })
  },
  {
    name: "a body that is not UTF-8",
    status: 400,
    error: "invalid_utf8",
    send: (engine, t) => {
      // All of the text before the marker is ASCII: its char index is its byte index.
      const text = JSON.stringify(patched(fresh(t.tenantRef), { "event.target_summary": "@@here@@" }))
      const body = bytes(text)
      body.set([0xc3, 0x28], text.indexOf("@@here@@"))
      return post(engine, t.collector, body)
    }
  },
  {
    name: "a string holding a lone surrogate",
    status: 400,
    error: "invalid_unicode",
    field: "event.target_summary",
    send: (engine, t) => post(engine, t.collector, JSON.stringify(patched(fresh(t.tenantRef), { "event.target_summary": "a\ud800b" })))
  },
  { name: "malformed JSON", status: 400, error: "malformed_json", send: (engine, t) => post(engine, t.collector, `{"event": {`) },
  {
    name: "JSON nested past the depth limit",
    status: 400,
    error: "nesting_too_deep",
    says: /32/,
    send: (engine, t) => post(engine, t.collector, `${"[".repeat(40)}${"]".repeat(40)}`)
  },
  {
    name: "an array sent to the single-event endpoint",
    status: 400,
    error: "expected_object",
    send: (engine, t) => post(engine, t.collector, [fresh(t.tenantRef)])
  },
  {
    name: "a batch with more envelopes than the limit",
    status: 413,
    error: "batch_too_large",
    says: new RegExp(`limit is ${BATCH_MAX_EVENTS}`),
    send: (engine, t) => post(engine, t.collector, Array.from({ length: BATCH_MAX_EVENTS + 1 }, () => fresh(t.tenantRef)), "/events/batch")
  },
  {
    name: "a batch body over the batch size limit",
    status: 413,
    error: "body_too_large",
    says: new RegExp(`${BATCH_MAX_BYTES}`),
    send: (engine, t) => post(engine, t.collector, `["${"x".repeat(BATCH_MAX_BYTES)}"]`, "/events/batch")
  },
  { name: "an empty batch", status: 400, error: "empty_batch", send: (engine, t) => post(engine, t.collector, [], "/events/batch") },
  {
    name: "a batch that is not an array",
    status: 400,
    error: "expected_array",
    send: (engine, t) => post(engine, t.collector, fresh(t.tenantRef), "/events/batch")
  }
]

/** Refusals before any credential names a tenant: counted as unauthenticated, overall only. */
const unauthenticatedCases: ReadonlyArray<Case> = [
  { name: "no credential", status: 401, error: "missing_credentials", send: (engine, t) => post(engine, undefined, fresh(t.tenantRef)) },
  {
    name: "another authorization scheme",
    status: 401,
    error: "missing_credentials",
    send: (engine, t) => post(engine, undefined, fresh(t.tenantRef), "/events", { authorization: `Basic ${btoa("a:b")}` })
  },
  { name: "a token that is not an AISPM token", status: 401, error: "invalid_token", send: (engine, t) => post(engine, "not-a-token", fresh(t.tenantRef)) },
  {
    name: "a known credential id with a forged secret",
    status: 401,
    error: "invalid_token",
    send: (engine, t) => post(engine, `${t.collector.slice(0, -43)}${"A".repeat(43)}`, fresh(t.tenantRef))
  },
  {
    name: "a revoked credential",
    status: 401,
    error: "invalid_token",
    send: (engine, t) =>
      Effect.gen(function*() {
        const token = yield* engine.credential(t.tenantRef, "collector")
        const credentialId = parseToken(token)?.credentialId ?? ""
        const revoked = yield* engine.within(Effect.flatMap(CredentialStore, (s) => s.revoke(t.tenantRef, credentialId)))
        expect(revoked).toEqual(expect.any(String))
        return yield* post(engine, token, fresh(t.tenantRef))
      }).pipe(Effect.orDie)
  }
]

const checkCase = (engine: Engine, t: TenantCredentials, c: Case) =>
  Effect.gen(function*() {
    const reply = yield* c.send(engine, t)
    expectProblem(reply, c.status, c.error, c.field)
    if (c.says) expect((reply.json as { message: string }).message).toMatch(c.says)
  })

for (const store of stores) {
  layer(testEngineLayer(store, { batchMaxEvents: BATCH_MAX_EVENTS, batchMaxBytes: BATCH_MAX_BYTES }), { excludeTestServices: true })(
    `rejections over HTTP on ${store}`,
    (it) => {
      for (const c of tenantCases) {
        it.effect(`${c.name}: ${c.status} ${c.error}, counted by reason, nothing stored`, () =>
          Effect.gen(function*() {
            const engine = yield* TestEngine
            const t = yield* engine.tenant()
            yield* checkCase(engine, t, c)
            const after = yield* health(engine, t.viewer)
            expect(after.tenant.rejected.by_reason).toEqual({ [c.error]: 1 })
            expect(after.tenant.accepted).toBe(0)
          }))
      }

      for (const c of unauthenticatedCases) {
        it.effect(`${c.name}: ${c.status} ${c.error}, counted as unauthenticated`, () =>
          Effect.gen(function*() {
            const engine = yield* TestEngine
            const t = yield* engine.tenant()
            const admin = yield* engine.within(Effect.flatMap(AdminCredentialStore, (s) => s.issue("health"))).pipe(Effect.orDie)
            const before = yield* operatorHealth(engine, admin.token)
            yield* checkCase(engine, t, c)
            const after = yield* operatorHealth(engine, admin.token)
            expect(after.overall.unauthenticated_rejections - before.overall.unauthenticated_rejections).toBe(1)
            expect((yield* health(engine, t.viewer)).tenant.rejected.total).toBe(0)
          }))
      }

      it.effect("a 401 names the Bearer scheme in WWW-Authenticate (RFC 9110 15.5.2, RFC 6750 3)", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const missing = yield* post(engine, undefined, fresh(t.tenantRef))
          const invalid = yield* request(`${engine.baseUrl}/ingestion/health`, { token: "not-a-token" })
          for (const reply of [missing, invalid]) {
            expect(reply.status).toBe(401)
            expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer\b/)
          }
        }))

      it.effect("a tenant mismatch is 403 and the event is stored in neither tenant", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const a = yield* engine.tenant()
          const b = yield* engine.tenant()
          const envelope = fresh(b.tenantRef)
          expectProblem(yield* post(engine, a.collector, envelope), 403, "tenant_mismatch", "tenant.tenant_ref")
          for (const t of [a, b]) {
            const byId = yield* request(`${engine.baseUrl}/events/${envelope.event.event_id}`, { token: t.viewer })
            expectProblem(byId, 404, "event_not_found", "event_id")
            const chain = yield* request(`${engine.baseUrl}/audit/chain`, { token: t.auditor })
            expect(chain.json).toMatchObject({ valid: true, head_seq: 0 })
            const replay = yield* request(`${engine.baseUrl}/replay/${envelope.event.session_id}`, { token: t.auditor })
            expectProblem(replay, 404, "session_not_found", "session_id")
          }
          expect((yield* health(engine, a.viewer)).tenant).toMatchObject({ accepted: 0, rejected: { by_reason: { tenant_mismatch: 1 } } })
          expect((yield* health(engine, b.viewer)).tenant).toMatchObject({ accepted: 0, rejected: { total: 0 } })
        }))

      it.effect("refusals inside a batch are answered item by item and counted by reason", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const good = fresh(t.tenantRef)
          const batch = [
            patched(fresh(t.tenantRef), { "event.agent_id": DELETE }),
            good,
            patched(fresh(t.tenantRef), { "tenant.tenant_ref": "tenant:somebody-else" }),
            patched(fresh(t.tenantRef), { "event.occurred_at": iso(3_600_000) })
          ]
          const reply = yield* post(engine, t.collector, batch, "/events/batch")
          expect(reply.status).toBe(200)
          expectValid("batch-response.schema.json", reply.json)
          expect(reply.json).toMatchObject({
            accepted: 1,
            rejected: 3,
            results: [
              { index: 0, status: "rejected", error: "missing_field", field: "event.agent_id", retryable: false },
              { index: 1, status: "accepted", seq: 1, event_id: good.event.event_id },
              { index: 2, status: "rejected", error: "tenant_mismatch", field: "tenant.tenant_ref", retryable: false },
              { index: 3, status: "rejected", error: "occurred_in_future", field: "event.occurred_at", retryable: false }
            ]
          })
          const after = yield* health(engine, t.viewer)
          expect(after.tenant.rejected.by_reason).toEqual({ missing_field: 1, tenant_mismatch: 1, occurred_in_future: 1 })
          expect(after.tenant.accepted).toBe(1)
        }))

      it.effect("a late event is accepted, stored as late and counted as late", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const week = 7 * 24 * 3_600_000
          const late = patched(fresh(t.tenantRef), { "event.occurred_at": iso(-week), "event.received_at": iso(-week + 1_000) })
          const reply = yield* post(engine, t.collector, late)
          expect(reply.status).toBe(201)
          const id = (late as Envelope).event.event_id
          const stored = yield* request(`${engine.baseUrl}/events/${id}`, { token: t.viewer })
          expect(stored.json).toMatchObject({ seq: 1, late: true })
          const after = yield* health(engine, t.viewer)
          expect(after.tenant).toMatchObject({ accepted: 1, late: 1, rejected: { total: 0 } })
        }))

      it.effect("every time form the contract admits is stored normalized, and the health figures keep answering", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const at = new Date(Date.now() - 60_000)
          const plain = at.toISOString().slice(0, 19)
          const forms = [`${plain}+00`, `${plain}+0000`, `${plain.replace("T", "\t")}Z`, `${plain.replace("T", "\u00a0")}Z`]
          for (const form of forms) {
            const e = patched(fresh(t.tenantRef), { "event.occurred_at": form, "event.received_at": DELETE }) as Envelope
            expect((yield* post(engine, t.collector, e)).status).toBe(201)
            const stored = yield* request(`${engine.baseUrl}/events/${e.event.event_id}`, { token: t.viewer })
            expect((stored.json as { envelope: Envelope }).envelope.event.occurred_at).toBe(`${plain}.000Z`)
          }
          const after = yield* health(engine, t.viewer)
          expect(after.tenant.accepted).toBe(forms.length)
          expect(after.tenant.ingest_lag_ms.count).toBe(forms.length)
        }))

      it.effect("a gzip body within the limits is accepted", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const body = new Uint8Array(gzipSync(Buffer.from(JSON.stringify(fresh(t.tenantRef)))))
          const reply = yield* post(engine, t.collector, body, "/events", { "content-encoding": "gzip" })
          expect(reply.status).toBe(201)
          expectValid("ingest-ack.schema.json", reply.json)
        }))

      it.effect("unknown routes and methods are 404 problem bodies", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const root = engine.baseUrl.replace(/\/enterprise\/aispm$/, "")
          const replies = [
            yield* request(`${engine.baseUrl}/nothing-here`, { token: t.viewer }),
            yield* request(`${engine.baseUrl}/events`, { token: t.viewer }),
            yield* post(engine, t.collector, fresh(t.tenantRef), "/events/bulk"),
            yield* request(`${root}/events`, { method: "POST", token: t.collector, body: fresh(t.tenantRef) })
          ]
          for (const reply of replies) expectProblem(reply, 404, "route_not_found")
        }))

      it.effect("a chunked body past the limit is answered 413, not cut off with a reset", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const piece = new TextEncoder().encode(`"${"x".repeat(64 * 1024)}`)
          const reply = yield* Effect.promise(async () => {
            let sent = 0
            const body = new ReadableStream<Uint8Array>({
              pull(controller) {
                if (sent >= 2 * MAX_BODY) return controller.close()
                sent += piece.byteLength
                controller.enqueue(piece)
              }
            })
            const res = await fetch(`${engine.baseUrl}/events`, {
              method: "POST",
              headers: { authorization: `Bearer ${t.collector}`, "content-type": "application/json" },
              body,
              duplex: "half"
            } as RequestInit)
            return { status: res.status, json: (await res.json()) as unknown }
          })
          expect(reply).toMatchObject({ status: 413, json: { error: "body_too_large", retryable: false } })
        }))

      it.effect("an id holding U+0000 is a 400, not a store error", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          expectProblem(yield* request(`${engine.baseUrl}/events/abc%00def`, { token: t.viewer }), 400, "invalid_identifier", "event_id")
          expectProblem(yield* request(`${engine.baseUrl}/replay/abc%00def`, { token: t.auditor }), 400, "invalid_identifier", "session_id")
        }))

      it.effect("stream requests with a bad resume point or no streaming transport are 400", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const badFrom = yield* request(`${engine.baseUrl}/stream?from=yesterday`, {
            token: t.viewer,
            headers: { accept: "text/event-stream" }
          })
          expectProblem(badFrom, 400, "invalid_resume_point", "from")
          const twice = yield* request(`${engine.baseUrl}/stream?from=5&from=abc`, {
            token: t.viewer,
            headers: { accept: "text/event-stream" }
          })
          expectProblem(twice, 400, "invalid_resume_point", "from")
          expectProblem(yield* request(`${engine.baseUrl}/stream`, { token: t.viewer }), 400, "stream_transport_required")
        }))

      it.effect("no storm of bad requests produces a 5xx, and the engine keeps serving", () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const replies = yield* Effect.forEach([...tenantCases, ...unauthenticatedCases], (c) => c.send(engine, t), {
            concurrency: 8
          })
          expect(replies.filter((r) => r.status >= 500).map((r) => r.json)).toEqual([])
          const good = yield* post(engine, t.collector, fresh(t.tenantRef))
          expect(good.status).toBe(201)
          expect((yield* request(engine.baseUrl.replace(/\/enterprise\/aispm$/, "/healthz"))).json).toEqual({ status: "ok" })
        }))
    }
  )
}
