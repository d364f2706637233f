import { describe, expect, it, layer } from "@effect/vitest"
import { Context, Effect, Exit, Layer, Option, Queue, Scope } from "effect"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { lockDataDir } from "../../src/platform/DataDirLock.ts"
import { connectWs, takeMatching } from "../support/Clients.ts"
import { connectSse, SSE_CLOSED } from "../support/Sse.ts"
import { stores } from "../support/Stores.ts"
import { freshDatabase } from "../support/TestDatabase.ts"
import { TestEngine, testEngineLayer } from "../support/TestEngine.ts"

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "aispm-shutdown-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

for (const store of stores) {
  layer(Layer.empty, { excludeTestServices: true })(`shutdown on ${store}`, (it) => {
    it.scoped("open dashboards are told resync (engine_shutting_down) and the engine stops without waiting for them", () =>
      Effect.gen(function*() {
        const dataDir = yield* tempDir
        const databaseUrl = store === "postgres" ? Option.some((yield* freshDatabase).url) : Option.none()
        const engineScope = yield* Scope.make()
        const engine = Context.get(yield* Layer.buildWithScope(testEngineLayer(store, { dataDir, databaseUrl }), engineScope), TestEngine)
        const t = yield* engine.tenant()
        const sse = yield* connectSse(`${engine.baseUrl}/stream`, { token: t.viewer })
        expect((yield* Queue.take(sse.frames)).event).toBe("snapshot")
        const ws = yield* connectWs(`${engine.wsUrl}/stream`, t.viewer)
        yield* takeMatching(ws.messages, 1, (m) => m["type"] === "snapshot")

        // Would never return if an open event stream held the server's close.
        yield* Scope.close(engineScope, Exit.void)

        const resync = yield* Queue.take(sse.frames)
        expect([resync.event, JSON.parse(resync.data)]).toEqual(["resync", { type: "resync", reason: "engine_shutting_down", resume_from: 0 }])
        expect((yield* Queue.take(sse.frames)).event).toBe(SSE_CLOSED)
        const [wsResync] = yield* takeMatching(ws.messages, 1, (m) => m["type"] === "resync")
        expect(wsResync).toMatchObject({ reason: "engine_shutting_down" })
        const [wsClosed] = yield* takeMatching(ws.messages, 1, (m) => m["type"] === "__closed")
        expect(wsClosed).toMatchObject({ code: 1001, reason: "engine_shutting_down" })
      }), 120_000)
  })
}

describe("the embedded data folder lock", () => {
  it.scoped("refuses a folder another live engine holds, and takes over one whose engine is gone", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const lockFile = join(dir, "engine.lock")
      writeFileSync(lockFile, JSON.stringify({ pid: process.ppid }))
      const refused = yield* Effect.either(Effect.tryPromise(() => lockDataDir(dir)))
      expect(refused._tag).toBe("Left")
      expect(String(refused._tag === "Left" ? refused.left.cause : "")).toContain(`another engine (pid ${process.ppid}) is using ${dir}`)

      const staleSocketDir = mkdtempSync(join(tmpdir(), "aispm-pg-stale-"))
      writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, socketDir: staleSocketDir }))
      const taken = yield* Effect.promise(() => lockDataDir(dir))
      expect(taken.path).toBe(lockFile)
      expect(existsSync(staleSocketDir)).toBe(false)
    }))
})
