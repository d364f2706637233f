import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Redacted, Schedule } from "effect"
import { runDelivery } from "../../../src/collector/delivery/Delivery.ts"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { tempDir } from "../spool/tempDir.ts"
import { envelopesFor } from "../spool/testEnvelopes.ts"
import { goodToken, startFakeEngine } from "./fakeEngine.ts"

describe("background sender", () => {
  // Live clock: the sender's own poll timer must fire; the test only waits on the engine's I/O.
  it.live("follows the spool over one socket, ships envelopes appended later, and compacts when idle", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* tempDir("follow")
        const spool = yield* openSpool(dir, { segmentBytes: 1 })
        const fake = yield* startFakeEngine({ dropFirstConnectionAfter: 3 })
        const first = yield* envelopesFor(["f0", "f1", "f2", "f3", "f4"])
        yield* spool.append(first)
        const settled = yield* Deferred.make<void>()
        const sender = yield* Effect.fork(
          runDelivery({
            url: fake.url,
            token: Redacted.make(goodToken),
            spool,
            reconnect: Schedule.forever,
            pollInterval: "5 millis",
            onProgress: (p) => (p.accepted + p.duplicates >= 8 ? Deferred.succeed(settled, undefined) : Effect.void)
          })
        )
        yield* fake.storedAtLeast(5)
        const later = yield* envelopesFor(["l0", "l1", "l2"])
        yield* Effect.forEach(later, (e) => spool.append([e]))
        yield* Deferred.await(settled)
        expect(fake.connections()).toBe(2)
        yield* Fiber.interrupt(sender)
        yield* spool.compact
        const status = yield* spool.status
        expect(status.depth).toBe(0)
        // Only this process's still-open segment remains; every sealed, acknowledged one is gone.
        expect(status.segments).toBe(1)
        expect([...fake.stored.keys()].sort()).toEqual([...first, ...later].map((e) => e.event.event_id).sort())
      })
    )
  )
})
