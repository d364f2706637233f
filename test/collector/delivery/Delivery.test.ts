import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, Schedule } from "effect"
import { drainOnce } from "../../../src/collector/delivery/Delivery.ts"
import type { DeliveryConfig } from "../../../src/collector/delivery/DeliveryConfig.ts"
import { openSpool, type Spool } from "../../../src/collector/spool/Spool.ts"
import { tempDir } from "../spool/tempDir.ts"
import { envelopesFor } from "../spool/testEnvelopes.ts"
import { type FakeEngineOptions, goodToken, startFakeEngine } from "./fakeEngine.ts"

const keys = (n: number, prefix = "d") => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

/** A spool holding `n` envelopes and an engine stand-in; schedules without delay (no sleeping in tests). */
const setup = (n: number, engine: FakeEngineOptions = {}) =>
  Effect.gen(function* () {
    const spool = yield* openSpool(yield* tempDir("delivery"))
    const envs = yield* envelopesFor(keys(n))
    yield* spool.append(envs)
    const fake = yield* startFakeEngine(engine)
    const config = (extra: Partial<DeliveryConfig> = {}): DeliveryConfig => ({
      url: fake.url,
      token: Redacted.make(goodToken),
      spool,
      reconnect: Schedule.recurs(10),
      retryRefused: Schedule.recurs(10),
      ...extra
    })
    return { spool, envs, fake, config }
  })

const emptied = (spool: Spool) => Effect.map(spool.status, (s) => ({ depth: s.depth, segments: s.segments }))

describe("delivery over the persistent WebSocket", () => {
  it.scoped("pipelines frames within the window and empties the spool on acks", () =>
    Effect.gen(function* () {
      const { spool, envs, fake, config } = yield* setup(120, { maxBatchEvents: 25 })
      let maxInFlight = 0
      const report = yield* drainOnce(
        config({
          window: 40,
          frameEvents: 100,
          onProgress: (p) => Effect.sync(() => void (maxInFlight = Math.max(maxInFlight, p.inFlight)))
        })
      )
      expect(maxInFlight).toBeGreaterThan(0)
      expect(maxInFlight).toBeLessThanOrEqual(40)
      expect(Math.max(...fake.frameSizes)).toBe(25)
      expect(report).toMatchObject({ accepted: 120, duplicates: 0, rejected: 0, remaining: 0 })
      expect([...fake.stored.keys()].sort()).toEqual(envs.map((e) => e.event.event_id).sort())
      expect(fake.received.every((e) => e.transport.retry_count === 0 && e.transport.ingress_mode === "websocket")).toBe(true)
      expect(fake.connections()).toBe(1)
      // Spooling an acknowledged event again (the same input read twice) sends nothing.
      yield* spool.append([envs[0]!])
      expect((yield* spool.status).depth).toBe(0)
      const later = yield* envelopesFor(["later"])
      yield* spool.append(later)
      const again = yield* drainOnce(config())
      expect(again).toMatchObject({ accepted: 1, remaining: 0 })
      expect(fake.connections()).toBe(2)
    })
  )

  it.scoped("resends a retryable refusal with retry_count + 1 and never resends a permanent one", () =>
    Effect.gen(function* () {
      const { spool, envs, fake, config } = yield* setup(6, {
        refuse: (env, seen) => {
          if (env.event.event_id === busy && seen === 0) {
            return { error: "mailbox_full", message: "tenant mailbox full", retryable: true }
          }
          if (env.event.event_id === bad) {
            return { error: "schema_violation", message: "event.tool_name too long", field: "/event/tool_name", retryable: false }
          }
          return undefined
        }
      })
      const busy = envs[1]!.event.event_id
      const bad = envs[4]!.event.event_id
      const report = yield* drainOnce(config())
      expect(report).toMatchObject({ accepted: 5, rejected: 1, retried: 1, remaining: 0 })
      expect(fake.received.filter((e) => e.event.event_id === busy).map((e) => e.transport.retry_count)).toEqual([0, 1])
      expect(fake.received.filter((e) => e.event.event_id === bad)).toHaveLength(1)
      const rejected = yield* spool.rejected
      expect(rejected).toHaveLength(1)
      expect(rejected[0]).toMatchObject({ event_id: bad, error: "schema_violation", field: "/event/tool_name" })
      expect(yield* emptied(spool)).toEqual({ depth: 0, segments: 1 })
    })
  )

  it.scoped("extra headers (a CI job's workload identity) go with the socket upgrade and HTTPS batches", () =>
    Effect.gen(function* () {
      const headers = { "X-AISPM-Workload-Identity": "eyJ.workload.jwt" }
      const overSocket = yield* setup(3)
      yield* drainOnce(overSocket.config({ headers }))
      const overHttps = yield* setup(3)
      yield* drainOnce(overHttps.config({ headers, fallbackAfter: 0 }))
      expect(overSocket.fake.connections()).toBeGreaterThan(0)
      expect(overHttps.fake.batchSizes.length).toBeGreaterThan(0)
      for (const h of [...overSocket.fake.requestHeaders, ...overHttps.fake.requestHeaders]) {
        expect(h["x-aispm-workload-identity"]).toBe("eyJ.workload.jwt")
      }
    }))

  it.scoped("a connection dropped mid-batch is reopened and nothing is lost or stored twice", () =>
    Effect.gen(function* () {
      const { spool, envs, fake, config } = yield* setup(50, { dropFirstConnectionAfter: 20 })
      const report = yield* drainOnce(config({ frameEvents: 50 }))
      expect(fake.connections()).toBe(2)
      expect(fake.stored.size).toBe(50)
      expect([...fake.stored.keys()].sort()).toEqual(envs.map((e) => e.event.event_id).sort())
      // The engine committed the whole first frame but acknowledged only 20: the rest come back as duplicates.
      expect(report).toMatchObject({ accepted: 20, duplicates: 30, remaining: 0 })
      const resent = fake.received.slice(50)
      expect(resent).toHaveLength(30)
      expect(resent.every((e) => e.transport.retry_count === 1)).toBe(true)
      expect((yield* spool.status).depth).toBe(0)
    })
  )

  it.scoped("a refused credential stops delivery with a permanent error and keeps the spool", () =>
    Effect.gen(function* () {
      const { spool, config } = yield* setup(3)
      const error = yield* Effect.flip(drainOnce(config({ token: Redacted.make("wrong") })))
      expect(error).toMatchObject({ _tag: "DeliveryFailed", code: "unauthorized", retryable: false, status: 401 })
      expect((yield* spool.status).depth).toBe(3)
    })
  )
})

describe("whole-frame refusals on the socket", () => {
  it.scoped("a frame refused as too large is split in halves and resent until it fits", () =>
    Effect.gen(function* () {
      const tooMany = { error: "batch_too_large", message: "the frame holds too many envelopes", retryable: false }
      const { spool, fake, config } = yield* setup(40, { refuseFrame: (envs) => (envs.length > 10 ? tooMany : undefined) })
      const report = yield* drainOnce(config({ frameEvents: 40 }))
      expect(report).toMatchObject({ accepted: 40, rejected: 0, remaining: 0 })
      // Both halves of the first split were already in flight when the first was refused.
      expect(fake.frameSizes).toEqual([40, 20, 20, 10, 10, 10, 10])
      expect(fake.connections()).toBe(1)
      expect(yield* spool.rejected).toEqual([])
    })
  )

  it.scoped("an envelope the engine will not take even alone ends in rejected.jsonl; its frame mates get through", () =>
    Effect.gen(function* () {
      const huge = yield* Effect.map(envelopesFor(["d3"]), (e) => e[0]!.event.event_id)
      const tooBig = { error: "body_too_large", message: "frame larger than the body limit", retryable: false }
      const { spool, fake, config } = yield* setup(8, {
        refuseFrame: (envs) => (envs.some((e) => e.event.event_id === huge) ? tooBig : undefined)
      })
      const report = yield* drainOnce(config())
      expect(report).toMatchObject({ accepted: 7, rejected: 1, remaining: 0 })
      expect(fake.stored.has(huge)).toBe(false)
      expect((yield* spool.rejected).map((r) => [r.event_id, r.error])).toEqual([[huge, "body_too_large"]])
    })
  )

  it.scoped("a retryable whole-frame refusal holds the frame and sends it again", () =>
    Effect.gen(function* () {
      let refusals = 0
      const { fake, config } = yield* setup(5, {
        refuseFrame: () => (refusals++ === 0 ? { error: "unavailable", message: "shutting down", retryable: true } : undefined)
      })
      const report = yield* drainOnce(config())
      expect(report).toMatchObject({ accepted: 5, retried: 5, remaining: 0 })
      expect(fake.frameSizes).toEqual([5, 5])
      expect(fake.received.every((e) => e.transport.retry_count === 1)).toBe(true)
    })
  )
})
