import { type ChildProcess, spawn } from "node:child_process"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { tempDir } from "./tempDir.ts"

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), "appendWorker.ts")

interface Run {
  readonly child: ChildProcess
  readonly confirmed: Array<string>
  readonly exited: Promise<number | null>
}

const startWorker = (dir: string, tag: string, count: number, onLine?: (n: number) => void): Run => {
  const child = spawn(process.execPath, ["--import", "tsx", worker, dir, tag, String(count)], {
    stdio: ["ignore", "pipe", "inherit"]
  })
  const confirmed: Array<string> = []
  let partial = ""
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n")
    partial = parts.pop() ?? ""
    for (const id of parts) {
      confirmed.push(id)
      onLine?.(confirmed.length)
    }
  })
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)))
  return { child, confirmed, exited }
}

describe("spool across processes", () => {
  it.scoped("kill -9 mid-append loses no confirmed record and duplicates none", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool-kill")
      const run = startWorker(dir, "k", 100_000, (n) => {
        if (n === 40) run.child.kill("SIGKILL")
      })
      const code = yield* Effect.promise(() => run.exited)
      expect(code).toBeNull()
      const spool = yield* openSpool(dir)
      const pending = (yield* spool.pending).map((p) => p.eventId)
      expect(new Set(pending).size).toBe(pending.length)
      expect(pending.slice(0, run.confirmed.length)).toEqual(run.confirmed)
      // At most the append in flight when killed may have landed unconfirmed.
      expect(pending.length - run.confirmed.length).toBeLessThanOrEqual(1)
      // Acknowledge everything: compaction removes the killed writer's segments, nothing comes back.
      yield* spool.acknowledge(pending.map((eventId) => ({ eventId, status: "accepted" as const })))
      yield* spool.compact
      const reopened = yield* Effect.scoped(Effect.flatMap(openSpool(dir), (s) => s.status))
      expect(reopened).toMatchObject({ depth: 0, segments: 0 })
    })
  )

  it.scoped("concurrent short-lived appenders never interleave records", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("spool-concurrent")
      const runs = ["p", "q", "r", "s"].map((tag) => startWorker(dir, tag, 30))
      const codes = yield* Effect.promise(() => Promise.all(runs.map((r) => r.exited)))
      expect(codes).toEqual([0, 0, 0, 0])
      const spool = yield* openSpool(dir)
      const pending = (yield* spool.pending).map((p) => p.eventId)
      const confirmed = runs.flatMap((r) => r.confirmed)
      expect(confirmed).toHaveLength(120)
      expect([...pending].sort()).toEqual([...confirmed].sort())
      expect((yield* spool.status).tornLines).toBe(0)
    })
  )
})
