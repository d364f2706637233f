import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Redacted, Schedule } from "effect"
import { drainOnce } from "../../../src/collector/delivery/Delivery.ts"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { tempDir } from "../spool/tempDir.ts"
import { envelopeFor, envelopesFor } from "../spool/testEnvelopes.ts"
import { type FakeEngineOptions, goodToken, startFakeEngine } from "./fakeEngine.ts"

/** The socket is refused (404), so after one failed connection the HTTPS batch path carries everything. */
const setup = (n: number, engine: FakeEngineOptions) =>
  Effect.gen(function* () {
    const spool = yield* openSpool(yield* tempDir("fallback"))
    const envs = yield* envelopesFor(Array.from({ length: n }, (_, i) => `h${i}`))
    yield* spool.append(envs)
    const fake = yield* startFakeEngine({ refuseUpgrade: 404, ...engine })
    const slept: Array<Duration.Duration> = []
    const config = {
      url: fake.url,
      token: Redacted.make(goodToken),
      spool,
      fallbackAfter: 1,
      reconnect: Schedule.recurs(4),
      sleep: (d: Duration.Duration) => Effect.sync(() => void slept.push(d))
    }
    return { spool, envs, fake, config, slept }
  })

const idOf = (key: string) => Effect.map(envelopeFor(key), (e) => e.event.event_id)

describe("delivery over HTTPS batch (fallback)", () => {
  it.scoped("waits the Retry-After of a 429 and a 503, then delivers the batch", () =>
    Effect.gen(function* () {
      const { spool, fake, config, slept } = yield* setup(5, {
        batchReply: (_envs, i) =>
          i === 0
            ? { status: 429, headers: { "retry-after": "7" }, body: { error: "mailbox_full", message: "busy", retryable: true, retry_after_seconds: 7 } }
            : i === 1
              ? { status: 503, headers: { "retry-after": "2" }, body: { error: "unavailable", message: "store down", retryable: true } }
              : undefined
      })
      const report = yield* drainOnce(config)
      expect(report).toMatchObject({ accepted: 5, remaining: 0 })
      expect(slept.map(Duration.toSeconds)).toEqual([7, 2])
      expect(fake.batchSizes).toEqual([5, 5, 5])
      expect(fake.received.every((e) => e.transport.ingress_mode === "batch")).toBe(true)
      expect((yield* spool.status).depth).toBe(0)
    })
  )

  it.scoped("splits a batch in halves on 413 until the engine takes it", () =>
    Effect.gen(function* () {
      const { fake, config } = yield* setup(8, {
        batchReply: (envs) =>
          envs.length > 2 ? { status: 413, body: { error: "payload_too_large", message: "batch too large", retryable: false } } : undefined
      })
      const report = yield* drainOnce(config)
      expect(report).toMatchObject({ accepted: 8, rejected: 0, remaining: 0 })
      expect(fake.batchSizes).toEqual([8, 4, 2, 2, 4, 2, 2])
      expect(fake.stored.size).toBe(8)
    })
  )

  it.scoped("a single envelope still too large is a permanent rejection kept in rejected.jsonl", () =>
    Effect.gen(function* () {
      const big = yield* idOf("h1")
      const { spool, fake, config } = yield* setup(2, {
        batchReply: (batch) =>
          batch.some((e) => e.event.event_id === big)
            ? { status: 413, body: { error: "payload_too_large", message: "envelope too large", retryable: false } }
            : undefined
      })
      const report = yield* drainOnce(config)
      expect(report).toMatchObject({ accepted: 1, rejected: 1, remaining: 0 })
      expect(fake.batchSizes).toEqual([2, 1, 1])
      const rejected = yield* spool.rejected
      expect(rejected.map((r) => [r.event_id, r.error])).toEqual([[big, "payload_too_large"]])
    })
  )

  it.scoped("per-item results settle each envelope; a retryable item is sent again, a permanent one never", () =>
    Effect.gen(function* () {
      const busy = yield* idOf("h0")
      const bad = yield* idOf("h2")
      const { spool, fake, config } = yield* setup(3, {
        refuse: (env, seen) =>
          env.event.event_id === busy && seen === 0
            ? { error: "unavailable", message: "try later", retryable: true }
            : env.event.event_id === bad
              ? { error: "forbidden_environment", message: "not allowed", retryable: false }
              : undefined
      })
      const report = yield* drainOnce(config)
      expect(report).toMatchObject({ accepted: 2, rejected: 1, retried: 1, remaining: 0 })
      expect(fake.received.filter((e) => e.event.event_id === bad)).toHaveLength(1)
      const retried = fake.received.filter((e) => e.event.event_id === busy)
      expect(retried.map((e) => e.transport.retry_count)).toEqual([0, 1])
      expect((yield* spool.rejected).map((r) => r.error)).toEqual(["forbidden_environment"])
    })
  )
})
