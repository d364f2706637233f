import { expect, layer } from "@effect/vitest"
import { Effect, type Queue } from "effect"
import { connectWs, exampleEnvelope, request, sendWs, takeMatching } from "../support/Clients.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, type TenantCredentials, testEngineLayer } from "../support/TestEngine.ts"

type Engine = typeof TestEngine.Service
type Ack = Record<string, unknown>

/** Opens the collector socket and checks that `ready` is the first message. */
const openIngest = (engine: Engine, t: TenantCredentials) =>
  Effect.gen(function*() {
    const conn = yield* connectWs(`${engine.wsUrl}/ingest`, t.collector)
    const [ready] = yield* takeMatching(conn.messages, 1, () => true)
    expect(ready).toMatchObject({ type: "ready", tenant_ref: t.tenantRef })
    expect(typeof ready!["max_batch_events"]).toBe("number")
    return conn
  })

/** The next `n` messages, which must all be acknowledgements. */
const acks = (messages: Queue.Queue<unknown>, n: number) =>
  Effect.map(takeMatching(messages, n, () => true), (ms) => {
    expect(ms.map((m) => m["type"])).toEqual(ms.map(() => "ack"))
    return ms as ReadonlyArray<Ack>
  })

const stored = (engine: Engine, t: TenantCredentials, eventId: string) =>
  Effect.map(request(`${engine.baseUrl}/events/${eventId}`, { token: t.viewer }), (r) => {
    expect(r.status).toBe(200)
    return r.json as { readonly seq: number; readonly hash: string }
  })

const chain = (engine: Engine, t: TenantCredentials) =>
  Effect.map(request(`${engine.baseUrl}/audit/chain`, { token: t.auditor }), (r) => r.json)

const env = (t: TenantCredentials, id: string) => exampleEnvelope(t.tenantRef, id)

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`WebSocket ingest on ${store}`, (it) => {
    it.scoped("ready first, then one ack per envelope in order, each after its commit", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const { messages, ws } = yield* openIngest(engine, t)
        yield* sendWs(ws, env(t, "evt_ws_1"))
        yield* sendWs(ws, [env(t, "evt_ws_2"), env(t, "evt_ws_3")])
        const got = yield* acks(messages, 3)
        expect(got).toMatchObject([
          { event_id: "evt_ws_1", status: "accepted", seq: 1 },
          { event_id: "evt_ws_2", status: "accepted", seq: 2 },
          { event_id: "evt_ws_3", status: "accepted", seq: 3 }
        ])
        // An ack promises durability: the event is readable the moment it arrives.
        for (const ack of got) {
          expect(yield* stored(engine, t, String(ack["event_id"]))).toMatchObject({ seq: ack["seq"], hash: ack["hash"] })
        }
      }))

    it.scoped("duplicates in one frame and across frames are acked duplicate with the original seq", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const { messages, ws } = yield* openIngest(engine, t)
        yield* sendWs(ws, [env(t, "evt_d_a"), env(t, "evt_d_b"), env(t, "evt_d_a")])
        expect(yield* acks(messages, 3)).toMatchObject([
          { event_id: "evt_d_a", status: "accepted", seq: 1 },
          { event_id: "evt_d_b", status: "accepted", seq: 2 },
          { event_id: "evt_d_a", status: "duplicate", seq: 1 }
        ])
        yield* sendWs(ws, [env(t, "evt_d_b"), env(t, "evt_d_c")])
        expect(yield* acks(messages, 2)).toMatchObject([
          { event_id: "evt_d_b", status: "duplicate", seq: 2 },
          { event_id: "evt_d_c", status: "accepted", seq: 3 }
        ])
        expect(yield* chain(engine, t)).toMatchObject({ valid: true, events_checked: 3 })
      }))

    it.scoped("the same events from two connections at once: each accepted once, the other copy a duplicate", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const left = yield* openIngest(engine, t)
        const right = yield* openIngest(engine, t)
        const ids = Array.from({ length: 20 }, (_, i) => `evt_race_${i}`)
        yield* Effect.all([
          sendWs(left.ws, ids.map((id) => env(t, id))),
          sendWs(right.ws, [...ids].reverse().map((id) => env(t, id)))
        ], { concurrency: 2 })
        const [l, r] = yield* Effect.all([acks(left.messages, 20), acks(right.messages, 20)], { concurrency: 2 })
        for (const id of ids) {
          const pair = [...l!, ...r!].filter((a) => a["event_id"] === id)
          expect(pair.map((a) => a["status"]).sort()).toEqual(["accepted", "duplicate"])
          expect(pair[0]!["seq"]).toBe(pair[1]!["seq"])
          expect((yield* stored(engine, t, id)).seq).toBe(pair[0]!["seq"])
        }
        expect(yield* chain(engine, t)).toMatchObject({ valid: true, events_checked: 20 })
      }))

    it.scoped("a bad envelope in an array is rejected with its code and field; the others are accepted", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const { messages, ws } = yield* openIngest(engine, t)
        const wrongProduct = { ...env(t, "evt_bad_1"), product: "OTHER" }
        const otherTenant = exampleEnvelope("tenant:somebody-else", "evt_bad_2")
        yield* sendWs(ws, [env(t, "evt_ok_1"), wrongProduct, env(t, "evt_ok_2"), otherTenant])
        expect(yield* acks(messages, 4)).toMatchObject([
          { index: 0, event_id: "evt_ok_1", status: "accepted", seq: 1 },
          { index: 1, event_id: "evt_bad_1", status: "rejected", error: "invalid_value", field: "product", retryable: false },
          { index: 2, event_id: "evt_ok_2", status: "accepted", seq: 2 },
          { index: 3, status: "rejected", error: "tenant_mismatch", field: "tenant.tenant_ref", retryable: false }
        ])
      }))

    it.scoped("a malformed frame is refused with a rejected ack and the connection stays usable", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const { messages, ws } = yield* openIngest(engine, t)
        yield* sendWs(ws, "{\"schema_version\": ")
        const [refused] = yield* acks(messages, 1)
        expect(refused).toMatchObject({ status: "rejected", error: "malformed_json", retryable: false })
        expect(refused).not.toHaveProperty("seq")
        yield* sendWs(ws, "[]")
        expect(yield* acks(messages, 1)).toMatchObject([{ frame: 2, status: "rejected", error: "empty_batch", retryable: false }])
        yield* sendWs(ws, env(t, "evt_after_bad_frame"))
        expect(yield* acks(messages, 1)).toMatchObject([{ event_id: "evt_after_bad_frame", status: "accepted", seq: 1 }])
      }))

    it.scoped("a frame over the size limit is refused with frame_too_large; one far over it cuts the connection, nothing else", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const limit = 1024 * 1024
        const { messages, ws } = yield* openIngest(engine, t)
        yield* sendWs(ws, `"${"x".repeat(limit + 10)}"`)
        expect(yield* acks(messages, 1)).toMatchObject([{ status: "rejected", error: "frame_too_large", retryable: false }])
        yield* sendWs(ws, env(t, "evt_after_big_frame"))
        expect(yield* acks(messages, 1)).toMatchObject([{ status: "accepted", seq: 1 }])
        // Cut while the frame is still arriving: the engine never holds it whole.
        yield* Effect.ignore(sendWs(ws, `"${"x".repeat(8 * limit)}"`))
        const [closed] = yield* takeMatching(messages, 1, (m) => m["type"] === "__closed")
        expect(closed!["code"]).toBe(1006)
        const again = yield* openIngest(engine, t)
        yield* sendWs(again.ws, env(t, "evt_after_cut"))
        expect(yield* acks(again.messages, 1)).toMatchObject([{ status: "accepted", seq: 2 }])
      }))

    it.scoped("pipelined: 50 frames of 20 sent without waiting give 1000 acks in order, seqs 1..1000", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const { messages, ws } = yield* openIngest(engine, t)
        const frames = Array.from({ length: 50 }, (_, f) =>
          Array.from({ length: 20 }, (_, i) => env(t, `evt_pipe_${f * 20 + i}`)))
        yield* Effect.forEach(frames, (frame) => sendWs(ws, frame), { discard: true })
        const got = yield* acks(messages, 1000)
        expect(got.map((a) => a["event_id"])).toEqual(frames.flat().map((e) => e.event.event_id))
        expect(got.map((a) => a["status"])).toEqual(got.map(() => "accepted"))
        expect(got.map((a) => a["seq"])).toEqual(got.map((_, i) => i + 1))
        expect(yield* stored(engine, t, "evt_pipe_999")).toMatchObject({ seq: 1000 })
        expect(yield* chain(engine, t)).toMatchObject({ valid: true, events_checked: 1000 })
      }))

    it.scoped("the upgrade is refused without a credential (401), with a bad one (401) and with a viewer's (403)", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const refusal = (token?: string) => Effect.map(Effect.flip(connectWs(`${engine.wsUrl}/ingest`, token)), (e) => e.message)
        expect(yield* refusal()).toBe("upgrade refused: 401")
        expect(yield* refusal("aispm_not_a_real_token")).toBe("upgrade refused: 401")
        expect(yield* refusal(`${t.collector}x`)).toBe("upgrade refused: 401")
        expect(yield* refusal(t.viewer)).toBe("upgrade refused: 403")
        expect(yield* refusal(t.auditor)).toBe("upgrade refused: 403")
      }))
  })
}
