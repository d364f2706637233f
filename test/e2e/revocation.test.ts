import { expect, layer } from "@effect/vitest"
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Queue, Schedule } from "effect"
import { parseToken } from "../../src/auth/Tokens.ts"
import { AdminCredentialStore } from "../../src/store/AdminCredentialStore.ts"
import { connectWs, exampleEnvelope, request, sendWs, takeMatching } from "../support/Clients.ts"
import { SSE_CLOSED, connectSse } from "../support/Sse.ts"
import { expectValid } from "../support/Schemas.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, testEngineLayer } from "../support/TestEngine.ts"

/**
 * The suite's engine (where the operator revokes) and a second engine process
 * on the same PostgreSQL database (where the collector is connected).
 */
const twoEngines = (label: string) =>
  Effect.gen(function*() {
    const engine = yield* TestEngine
    const admin = yield* engine.within(Effect.flatMap(AdminCredentialStore, (s) => s.issue(label))).pipe(Effect.orDie)
    const t = yield* engine.tenant()
    const ctx = yield* Layer.build(testEngineLayer("postgres", { databaseUrl: engine.databaseUrl }))
    /** The operator revokes the tenant's collector credential on the first engine. */
    const revokeCollector = Effect.map(
      request(`${engine.baseUrl}/admin/credentials/revoke`, {
        token: admin.token,
        body: { tenant_ref: t.tenantRef, credential_id: parseToken(t.collector)!.credentialId }
      }),
      (revoked) => expect(revoked.status).toBe(200)
    )
    return { engine, t, other: Context.get(ctx, TestEngine), revokeCollector }
  })

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`credential revocation on ${store}`, (it) => {
    it.scoped("revoking a credential closes its open ingest socket, stream socket and event stream, and refuses it next time", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const admin = yield* engine.within(Effect.flatMap(AdminCredentialStore, (s) => s.issue("revocation"))).pipe(Effect.orDie)
        const t = yield* engine.tenant()
        const other = yield* engine.credential(t.tenantRef, "viewer")
        const wsBase = engine.wsUrl

        const ingest = yield* connectWs(`${wsBase}/ingest`, t.collector)
        yield* takeMatching(ingest.messages, 1, (m) => m["type"] === "ready")
        yield* sendWs(ingest.ws, exampleEnvelope(t.tenantRef, "evt_before_revoke"))
        const [ack] = yield* takeMatching(ingest.messages, 1, (m) => m["type"] === "ack")
        expect(ack).toMatchObject({ status: "accepted", seq: 1 })
        const streamWs = yield* connectWs(`${wsBase}/stream`, t.viewer)
        yield* takeMatching(streamWs.messages, 1, (m) => m["type"] === "snapshot")
        const sse = yield* connectSse(`${engine.baseUrl}/stream`, { token: t.viewer })
        expect((yield* Queue.take(sse.frames)).event).toBe("snapshot")
        const untouched = yield* connectSse(`${engine.baseUrl}/stream`, { token: other })
        expect((yield* Queue.take(untouched.frames)).event).toBe("snapshot")

        const revoke = (token: string) =>
          request(`${engine.baseUrl}/admin/credentials/revoke`, {
            token: admin.token,
            body: { tenant_ref: t.tenantRef, credential_id: parseToken(token)!.credentialId }
          })
        expect((yield* revoke(t.collector)).status).toBe(200)
        const [closedIngest] = yield* takeMatching(ingest.messages, 1, (m) => m["type"] === "__closed")
        expect(closedIngest).toMatchObject({ code: 1008, reason: "credential_revoked" })
        const refused = yield* request(`${engine.baseUrl}/events`, { token: t.collector, body: exampleEnvelope(t.tenantRef, "evt_after") })
        expect(refused.status).toBe(401)
        expect(yield* Effect.either(connectWs(`${wsBase}/ingest`, t.collector))).toMatchObject({ _tag: "Left" })

        expect((yield* revoke(t.viewer)).status).toBe(200)
        // Both transports end with a `revoked` message; the WebSocket then closes 1008.
        const [lastWs, closedStream] = yield* takeMatching(streamWs.messages, 2, (m) => m["type"] === "revoked" || m["type"] === "__closed")
        expect(lastWs).toEqual({ type: "revoked", reason: "credential_revoked" })
        expect(closedStream).toMatchObject({ code: 1008, reason: "credential_revoked" })
        const lastSse = yield* Queue.take(sse.frames)
        expect([lastSse.event, JSON.parse(lastSse.data)]).toEqual(["revoked", { type: "revoked", reason: "credential_revoked" }])
        expectValid("stream-message.schema.json", JSON.parse(lastSse.data))
        expect((yield* Queue.take(sse.frames)).event).toBe(SSE_CLOSED)

        // Another credential of the same tenant is not affected: it still gets the next delta.
        const next = yield* engine.credential(t.tenantRef, "collector")
        expect((yield* request(`${engine.baseUrl}/events`, { token: next, body: exampleEnvelope(t.tenantRef, "evt_other") })).status).toBe(201)
        const delta = yield* Queue.take(untouched.frames)
        expect([delta.event, delta.id]).toEqual(["delta", "2"])
      }))

    if (store === "postgres") {
      it.scoped("a revocation made by one engine process closes the sockets another one holds open with it", () =>
        Effect.gen(function*() {
          const { t, other, revokeCollector } = yield* twoEngines("revocation-feed")
          const ingest = yield* connectWs(`${other.wsUrl}/ingest`, t.collector)
          yield* takeMatching(ingest.messages, 1, (m) => m["type"] === "ready")
          // Warm the other process's credential cache: without the feed it would honour the token for 30 s.
          const before = yield* request(`${other.baseUrl}/events`, { token: t.collector, body: exampleEnvelope(t.tenantRef, "evt_feed_1") })
          expect(before.status).toBe(201)

          yield* revokeCollector
          const [closed] = yield* takeMatching(ingest.messages, 1, (m) => m["type"] === "__closed")
          expect(closed).toMatchObject({ code: 1008, reason: "credential_revoked" })
          const after = yield* request(`${other.baseUrl}/events`, { token: t.collector, body: exampleEnvelope(t.tenantRef, "evt_feed_2") })
          expect([after.status, (after.json as { error: string }).error]).toEqual([401, "invalid_token"])
        }))

      it.scoped("a feed whose listening connection is killed listens again, and the next revocation still arrives", () =>
        Effect.gen(function*() {
          const { engine, t, other, revokeCollector } = yield* twoEngines("revocation-relisten")
          const listeners = engine.within(Effect.flatMap(SqlClient.SqlClient, (sql) =>
            sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND query LIKE 'LISTEN %'`)).pipe(Effect.orDie)
          const killed = (yield* listeners).map((r) => r.pid)
          expect(killed.length).toBe(2)
          yield* engine.within(Effect.flatMap(SqlClient.SqlClient, (sql) =>
            sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN ${sql.in(killed)}`)).pipe(Effect.orDie)
          // Each engine notices it no longer hears itself and listens on a new connection.
          yield* Effect.repeat(listeners, {
            schedule: Schedule.spaced("50 millis"),
            until: (rows) => rows.filter((r) => !killed.includes(r.pid)).length === 2
          })

          const ingest = yield* connectWs(`${other.wsUrl}/ingest`, t.collector)
          yield* takeMatching(ingest.messages, 1, (m) => m["type"] === "ready")
          yield* revokeCollector
          const [closed] = yield* takeMatching(ingest.messages, 1, (m) => m["type"] === "__closed")
          expect(closed).toMatchObject({ code: 1008, reason: "credential_revoked" })
        }), 60_000)
    }
  })
}
