import * as fs from "node:fs/promises"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { segmentFiles, tempDir } from "./tempDir.ts"
import { envelopesFor } from "./testEnvelopes.ts"

const truncateBy = (file: string, bytes: number) =>
  Effect.promise(async () => {
    const { size } = await fs.stat(file)
    await fs.truncate(file, size - bytes)
  })

const ids = (xs: ReadonlyArray<{ readonly eventId: string }>) => xs.map((x) => x.eventId)

describe("spool crash recovery", () => {
  it.scoped("drops only a torn last record; a record cut just before its newline survives", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool-torn")
      const envs = yield* envelopesFor(["r1", "r2", "r3"])
      yield* Effect.scoped(Effect.flatMap(openSpool(dir), (s) => Effect.forEach(envs, (e) => s.append([e]))))
      const [segment] = yield* segmentFiles(dir)
      const file = path.join(dir, "segments", segment!)

      yield* truncateBy(file, 1)
      const whole = yield* Effect.scoped(Effect.flatMap(openSpool(dir), (s) => s.pending))
      expect(ids(whole)).toEqual(envs.map((e) => e.event.event_id))

      yield* truncateBy(file, 40)
      const spool = yield* openSpool(dir)
      expect(ids(yield* spool.pending)).toEqual(envs.slice(0, 2).map((e) => e.event.event_id))
      expect((yield* spool.status).tornLines).toBe(1)
    })
  )

  it.scoped("a torn ack line makes only that record pending again; later acks still parse", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool-ack")
      const envs = yield* envelopesFor(["k1", "k2", "k3"])
      const [a, b, c] = envs.map((e) => e.event.event_id)
      yield* Effect.scoped(
        Effect.gen(function* () {
          const spool = yield* openSpool(dir)
          yield* spool.append(envs)
          yield* spool.acknowledge([{ eventId: a!, status: "accepted" }])
          yield* spool.acknowledge([{ eventId: b!, status: "accepted" }])
        })
      )
      yield* truncateBy(path.join(dir, "acks.jsonl"), 5)
      const spool = yield* openSpool(dir)
      expect(ids(yield* spool.pending)).toEqual([b, c])
      yield* spool.acknowledge([{ eventId: c!, status: "duplicate" }])
      const reopened = yield* Effect.scoped(Effect.flatMap(openSpool(dir), (s) => s.pending))
      expect(ids(reopened)).toEqual([b])
    })
  )

  it.scoped("a segment left open by a dead writer is sealed on open and compacted once acknowledged", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool-orphan")
      const envs = yield* envelopesFor(["o1", "o2"])
      yield* Effect.scoped(Effect.flatMap(openSpool(dir), (s) => s.append(envs)))
      // Pretend the writer was kill -9'd: its segment keeps the `.open` name and a pid that no longer runs.
      const [sealed] = yield* segmentFiles(dir)
      const orphan = sealed!.replace(/-(\d{10})-/, "-0004194305-").replace(/\.jsonl$/, ".open.jsonl")
      yield* Effect.promise(() =>
        fs.rename(path.join(dir, "segments", sealed!), path.join(dir, "segments", orphan))
      )
      const spool = yield* openSpool(dir)
      expect(yield* segmentFiles(dir)).toEqual([orphan.replace(".open.jsonl", ".jsonl")])
      const pending = yield* spool.pending
      yield* spool.acknowledge(pending.map((p) => ({ eventId: p.eventId, status: "accepted" as const })))
      expect((yield* spool.compact).removedSegments).toBe(1)
      expect(yield* segmentFiles(dir)).toEqual([])
    })
  )

  it.scoped("the ack log is trimmed to live records and keeps the last acknowledgement time", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool-trim")
      const keys = Array.from({ length: 80 }, (_, i) => `t${i}`)
      const envs = yield* envelopesFor(keys)
      const spool = yield* openSpool(dir, { segmentBytes: 1 })
      yield* Effect.forEach(envs, (e) => spool.append([e]))
      yield* spool.acknowledge(envs.map((e) => ({ eventId: e.event.event_id, status: "accepted" as const })))
      yield* spool.compact
      const lines = (yield* Effect.promise(() => fs.readFile(path.join(dir, "acks.jsonl"), "utf8"))).trim().split("\n")
      // The last segment is still this writer's open one: its ack stays, plus nothing else.
      expect(lines.length).toBeLessThanOrEqual(2)
      expect((yield* spool.status).lastAckAt).toBeDefined()
      expect(yield* spool.pending).toEqual([])
    })
  )
})
