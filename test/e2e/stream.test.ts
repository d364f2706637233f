import { expect, layer } from "@effect/vitest"
import Ajv2020Module from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { Effect, Queue, type Scope } from "effect"
import { readFileSync } from "node:fs"
import { connectWs, exampleEnvelope, request } from "../support/Clients.ts"
import { connectSse, SSE_CLOSED } from "../support/Sse.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, type TenantCredentials, testEngineLayer } from "../support/TestEngine.ts"

type Message = Record<string, unknown>
type Transport = "sse" | "ws"
type Engine = typeof TestEngine.Service

const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }))
const compile = (name: string) =>
  ajv.compile(JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), "utf8")) as object)
const snapshotSchema = compile("posture-snapshot.schema.json")
const deltaSchema = compile("posture-delta.schema.json")
const conforms = (validate: ReturnType<typeof compile>, value: unknown) => {
  const ok = validate(value)
  expect(ok ? [] : validate.errors).toEqual([])
}

/** A dashboard client: `next` is the next message, `{ type: "__closed" }` once the server ended the stream. */
interface Dashboard {
  readonly next: Effect.Effect<Message>
  readonly pause: Effect.Effect<void>
  readonly resume: Effect.Effect<void>
}

interface RawSocket {
  readonly _socket: { pause(): void; resume(): void }
}

const subscribe = (
  engine: Engine,
  transport: Transport,
  token: string,
  resume: { readonly from?: number; readonly lastEventId?: string } = {}
): Effect.Effect<Dashboard, Error, Scope.Scope> => {
  const query = resume.from === undefined ? "" : `?from=${resume.from}`
  if (transport === "ws") {
    return Effect.map(connectWs(`${engine.wsUrl}/stream${query}`, token), ({ messages, ws }) => {
      const socket = (ws as unknown as RawSocket)._socket
      return {
        next: Effect.map(Queue.take(messages), (m) => m as Message),
        pause: Effect.sync(() => socket.pause()),
        resume: Effect.sync(() => socket.resume())
      }
    })
  }
  const options = resume.lastEventId === undefined ? { token } : { token, lastEventId: resume.lastEventId }
  return Effect.map(connectSse(`${engine.baseUrl}/stream${query}`, options), (sse) => ({
    next: Effect.map(Queue.take(sse.frames), (f): Message => {
      if (f.event === SSE_CLOSED) return { type: "__closed" }
      const m = JSON.parse(f.data) as Message
      // The SSE framing must agree with the message it carries.
      expect(f.event).toBe(m["type"])
      expect(f.id).toBe("seq" in m ? String(m["seq"]) : undefined)
      return m
    }),
    pause: sse.pause,
    resume: sse.resume
  }))
}

const take = (d: Dashboard, n: number) => Effect.forEach(Array.from({ length: n }), () => d.next)

const ingest = (engine: Engine, t: TenantCredentials, ids: ReadonlyArray<string>) =>
  Effect.forEach(ids, (id) =>
    Effect.map(request(`${engine.baseUrl}/events`, { token: t.collector, body: exampleEnvelope(t.tenantRef, id) }), (r) => {
      expect(r.status).toBe(201)
      return r.json as { readonly seq: number }
    }))

/** The public example with a long (but unredacted, untruncated) target: a heavy delta. */
const bulky = (tenantRef: string, id: string) => {
  const e = exampleEnvelope(tenantRef, id)
  return { ...e, event: { ...e.event, target_summary: `redacted:ci-workflow ${"lorem ipsum dolor sit amet ".repeat(150)}` } }
}

const ids = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `evt_${prefix}_${from + i}`)

const deltaSeqs = (messages: ReadonlyArray<Message>) => messages.map((m) => (m["type"] === "delta" ? m["seq"] : m["type"]))

const health = (engine: Engine, t: TenantCredentials) =>
  Effect.map(request(`${engine.baseUrl}/ingestion/health`, { token: t.viewer }), (r) => {
    expect(r.status).toBe(200)
    return (r.json as { readonly tenant: { readonly subscriber_drops: number } }).tenant
  })

/** DESIGN §5: require_approval (10) + high (18) per decision in the window; >= 85 low, >= 65 medium, >= 40 high. */
const expectedPosture = (decisions: number) => {
  const score = Math.min(100, Math.max(0, 100 - 28 * decisions))
  const risk = score >= 85 ? "low" : score >= 65 ? "medium" : score >= 40 ? "high" : "critical"
  return { posture_score: score, risk_level: risk }
}

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`posture stream on ${store}`, (it) => {
    for (const transport of ["sse", "ws"] as const) {
      it.scoped(`${transport}: the snapshot first, then one delta per committed event with the DESIGN posture`, () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          const dashboard = yield* subscribe(engine, transport, t.viewer)
          const [first] = yield* take(dashboard, 1)
          expect(first).toMatchObject({ type: "snapshot", seq: 0, tenant_ref: t.tenantRef, snapshot: { seq: 0 } })
          expect((first!["snapshot"] as Message)["overview"]).toMatchObject({ ...expectedPosture(0), events_total: 0 })
          conforms(snapshotSchema, first!["snapshot"])
          const sent = ids(`posture_${transport}`, 1, 4)
          yield* ingest(engine, t, sent)
          const deltas = yield* take(dashboard, 4)
          expect(deltaSeqs(deltas)).toEqual([1, 2, 3, 4])
          deltas.forEach((m, i) => {
            const delta = m["delta"] as Message
            conforms(deltaSchema, delta)
            expect(delta).toMatchObject({
              seq: i + 1,
              event_id: sent[i],
              is_decision: true,
              surface: "general_policy",
              overview: { ...expectedPosture(i + 1), events_total: i + 1, findings: i + 1, near_misses: i + 1 },
              finding: { decision: "require_approval", severity: "high" },
              near_miss: { operator_signal: "approval_prevented_unreviewed_execution" },
              coverage: { surface: "general_policy", status: "approval_gated", decisions: i + 1 }
            })
          })
          // A dashboard arriving now starts from a snapshot that equals the folded deltas.
          const late = yield* subscribe(engine, transport, t.viewer)
          const [snapshot] = yield* take(late, 1)
          expect(snapshot).toMatchObject({ type: "snapshot", seq: 4 })
          expect((snapshot!["snapshot"] as Message)["overview"]).toEqual((deltas[3]!["delta"] as Message)["overview"])
        }))

      it.scoped(`${transport}: ?from=<seq> resumes with exactly the missed deltas`, () =>
        Effect.gen(function*() {
          const engine = yield* TestEngine
          const t = yield* engine.tenant()
          yield* Effect.scoped(Effect.gen(function*() {
            const d = yield* subscribe(engine, transport, t.viewer)
            yield* ingest(engine, t, ids("resume", 1, 2))
            expect(deltaSeqs(yield* take(d, 3))).toEqual(["snapshot", 1, 2])
          }))
          yield* ingest(engine, t, ids("resume", 3, 5))
          const resumed = yield* subscribe(engine, transport, t.viewer, { from: 2 })
          yield* ingest(engine, t, ids("resume", 6, 6))
          expect(deltaSeqs(yield* take(resumed, 4))).toEqual([3, 4, 5, 6])
          // Resuming at the head sends nothing old: the first message is the next live delta.
          const atHead = yield* subscribe(engine, transport, t.viewer, { from: 6 })
          yield* ingest(engine, t, ids("resume", 7, 7))
          expect(deltaSeqs(yield* take(atHead, 1))).toEqual([7])
          expect(deltaSeqs(yield* take(resumed, 1))).toEqual([7])
        }))
    }

    it.scoped("sse: Last-Event-ID resumes where the previous stream stopped", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const lastSeen = yield* Effect.scoped(Effect.gen(function*() {
          const sse = yield* connectSse(`${engine.baseUrl}/stream`, { token: t.viewer })
          yield* ingest(engine, t, ids("leid", 1, 3))
          const frames = yield* Effect.forEach([0, 1, 2, 3], () => Queue.take(sse.frames))
          expect(frames.map((f) => f.id)).toEqual(["0", "1", "2", "3"])
          return frames[3]!.id!
        }))
        yield* ingest(engine, t, ids("leid", 4, 6))
        const resumed = yield* subscribe(engine, "sse", t.viewer, { lastEventId: lastSeen })
        yield* ingest(engine, t, ids("leid", 7, 7))
        expect(deltaSeqs(yield* take(resumed, 4))).toEqual([4, 5, 6, 7])
      }))

    it.effect("GET /stream needs a WebSocket upgrade or Accept: text/event-stream, and a reader's credential", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const t = yield* engine.tenant()
        const plain = yield* request(`${engine.baseUrl}/stream`, { token: t.viewer })
        expect(plain.status).toBe(400)
        expect(plain.json).toMatchObject({ error: "stream_transport_required", retryable: false })
        const sse = { accept: "text/event-stream" }
        expect((yield* request(`${engine.baseUrl}/stream`, { headers: sse })).status).toBe(401)
        expect((yield* request(`${engine.baseUrl}/stream`, { token: t.collector, headers: sse })).status).toBe(403)
      }))
  })

  layer(testEngineLayer(store, { subscriberBuffer: 4 }), { excludeTestServices: true })(
    `posture stream with small subscriber buffers on ${store}`,
    (it) => {
      for (const transport of ["sse", "ws"] as const) {
        it.scoped(`${transport}: a resume point older than the ring gets a fresh snapshot`, () =>
          Effect.gen(function*() {
            const engine = yield* TestEngine
            const t = yield* engine.tenant()
            yield* ingest(engine, t, ids("ring", 1, 10))
            const old = yield* subscribe(engine, transport, t.viewer, { from: 2 })
            const [snapshot] = yield* take(old, 1)
            expect(snapshot).toMatchObject({ type: "snapshot", seq: 10, snapshot: { seq: 10, overview: expectedPosture(10) } })
            const recent = yield* subscribe(engine, transport, t.viewer, { from: 6 })
            expect(deltaSeqs(yield* take(recent, 4))).toEqual([7, 8, 9, 10])
          }))

        it.scoped(`${transport}: a subscriber that stops reading is told to resync and never slows ingestion`, () =>
          Effect.gen(function*() {
            const engine = yield* TestEngine
            const t = yield* engine.tenant()
            const reader = yield* subscribe(engine, transport, t.viewer)
            const stalled = yield* subscribe(engine, transport, t.viewer)
            expect(deltaSeqs(yield* take(reader, 1))).toEqual(["snapshot"])
            expect(deltaSeqs(yield* take(stalled, 1))).toEqual(["snapshot"])
            yield* stalled.pause
            // Kernel and socket buffers absorb megabytes before the stalled
            // reader's own buffer fills: ingest (in commits of 3, which the
            // reading dashboard's buffer of 4 takes) until the engine reports
            // the drop. Long targets make each delta weigh about 15 KB.
            const limit = 1500
            let sent = 0
            let drops = 0
            while (drops === 0 && sent < limit) {
              const batch = [1, 2, 3].map((k) => bulky(t.tenantRef, `evt_slow_${transport}_${sent + k}`))
              const reply = yield* request(`${engine.baseUrl}/events/batch`, { token: t.collector, body: batch })
              const seqs = [sent + 1, sent + 2, sent + 3]
              expect(reply.json).toMatchObject({ accepted: 3, results: seqs.map((seq) => ({ seq })) })
              expect(deltaSeqs(yield* take(reader, 3))).toEqual(seqs)
              sent += 3
              drops = (yield* health(engine, t)).subscriber_drops
            }
            expect(drops).toBe(1)
            yield* stalled.resume
            const got: Array<Message> = []
            let end = yield* stalled.next
            while (end["type"] === "delta") {
              got.push(end)
              end = yield* stalled.next
            }
            expect(deltaSeqs(got)).toEqual(Array.from({ length: got.length }, (_, i) => i + 1))
            expect(end).toMatchObject({ type: "resync", reason: "subscriber_too_slow", resume_from: got.length })
            expect((yield* stalled.next)["type"]).toBe("__closed")
            expect(sent).toBeGreaterThan(got.length)
          }))
      }
    }
  )
}
