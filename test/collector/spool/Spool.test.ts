import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { SpoolFull } from "../../../src/collector/spool/SpoolErrors.ts"
import { segmentFiles, tempDir } from "./tempDir.ts"
import { envelopesFor } from "./testEnvelopes.ts"

const ids = (xs: ReadonlyArray<{ readonly eventId: string }>) => xs.map((x) => x.eventId)

describe("spool", () => {
  it.scoped("keeps appended envelopes until acknowledged, then compacts them away", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool")
      const envs = yield* envelopesFor(["a", "b", "c"])
      yield* Effect.scoped(
        Effect.gen(function* () {
          const spool = yield* openSpool(dir)
          yield* spool.append(envs)
          expect(ids(yield* spool.pending)).toEqual(envs.map((e) => e.event.event_id))
          yield* spool.acknowledge([{ eventId: envs[0]!.event.event_id, status: "accepted" }])
          yield* spool.acknowledge([{ eventId: envs[1]!.event.event_id, status: "duplicate" }])
          expect(ids(yield* spool.pending)).toEqual([envs[2]!.event.event_id])
        })
      )
      const spool = yield* openSpool(dir)
      expect(ids(yield* spool.pending)).toEqual([envs[2]!.event.event_id])
      yield* spool.acknowledge([{ eventId: envs[2]!.event.event_id, status: "accepted" }])
      expect((yield* spool.compact).removedSegments).toBe(1)
      const status = yield* spool.status
      expect(status).toMatchObject({ depth: 0, bytes: 0, segments: 0, rejected: 0, tornLines: 0 })
      expect(status.lastAckAt).toBeDefined()
      expect(yield* segmentFiles(dir)).toEqual([])
    })
  )

  it.scoped("delivers one record per event_id even when the same envelope is spooled twice", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool")
      const spool = yield* openSpool(dir)
      const envs = yield* envelopesFor(["same", "other", "same"])
      yield* spool.append(envs.slice(0, 2))
      yield* spool.append(envs.slice(2))
      expect(ids(yield* spool.pending)).toEqual([envs[0]!.event.event_id, envs[1]!.event.event_id])
    })
  )

  it.scoped("moves permanent rejections to rejected.jsonl with their reason", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool")
      const spool = yield* openSpool(dir)
      const [env] = yield* envelopesFor(["bad"])
      yield* spool.append([env!])
      yield* spool.reject([
        { eventId: env!.event.event_id, envelope: env!, error: "schema_violation", message: "nope", field: "/event" }
      ])
      expect(yield* spool.pending).toEqual([])
      const rejected = yield* spool.rejected
      expect(rejected).toHaveLength(1)
      expect(rejected[0]).toMatchObject({ event_id: env!.event.event_id, error: "schema_violation", field: "/event" })
      expect(rejected[0]!.envelope).toEqual(env)
      expect((yield* spool.status).rejected).toBe(1)
    })
  )

  it.scoped("fails with SpoolFull past its bound, writes nothing, and frees space after compaction", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool")
      const envs = yield* envelopesFor(["1", "2", "3", "4"])
      const oneRecord = JSON.stringify({ id: envs[0]!.event.event_id, env: envs[0] }).length + 1
      const spool = yield* openSpool(dir, { maxBytes: oneRecord * 2 + 10, segmentBytes: 1 })
      yield* spool.append([envs[0]!])
      yield* spool.append([envs[1]!])
      const error = yield* Effect.flip(spool.append([envs[2]!]))
      expect(error).toBeInstanceOf(SpoolFull)
      expect(error).toMatchObject({ maxBytes: oneRecord * 2 + 10, neededBytes: expect.any(Number) })
      expect(error.message).toContain("full")
      expect((yield* spool.pending).length).toBe(2)
      // segmentBytes 1: each append sealed the previous segment, so it can go once acknowledged.
      yield* spool.acknowledge([{ eventId: envs[0]!.event.event_id, status: "accepted" }])
      yield* spool.compact
      yield* spool.append([envs[2]!])
      expect(ids(yield* spool.pending)).toEqual([envs[1]!.event.event_id, envs[2]!.event.event_id])
    })
  )
})
