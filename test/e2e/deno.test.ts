import { describe, expect, it } from "@effect/vitest"
import { Effect, Queue, type Scope } from "effect"
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { connectWs, exampleEnvelope, request, sendWs, takeMatching } from "../support/Clients.ts"
import { isValid } from "../support/Schemas.ts"
import { connectSse } from "../support/Sse.ts"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")
const deno = path.join(root, "node_modules/.bin/deno")

/**
 * `deno run -A src/main.ts` on a fresh embedded store and port 0; resolves
 * with the URL it prints once it listens. The process is killed with the scope.
 */
const startUnderDeno: Effect.Effect<{ readonly url: string; readonly dataDir: string }, Error, Scope.Scope> =
  Effect.gen(function*() {
    const dataDir = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(path.join(tmpdir(), "aispm-deno-"))),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    )
    const lines = yield* Queue.unbounded<string>()
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        const child = spawn(deno, ["run", "-A", "src/main.ts"], {
          cwd: root,
          env: {
            PATH: process.env["PATH"] ?? "",
            HOME: dataDir,
            DENO_DIR: path.join(dataDir, ".deno"),
            DENO_NO_UPDATE_CHECK: "1",
            PORT: "0",
            AISPM_DATA_DIR: path.join(dataDir, "store")
          },
          stdio: ["ignore", "pipe", "pipe"]
        })
        let pending = ""
        const onData = (chunk: Buffer) => {
          pending += chunk.toString("utf8")
          const parts = pending.split("\n")
          pending = parts.pop() ?? ""
          for (const line of parts) Queue.unsafeOffer(lines, line)
        }
        child.stdout.on("data", onData)
        child.stderr.on("data", onData)
        child.once("exit", (code) => Queue.unsafeOffer(lines, `__exited ${code}`))
        return child
      }),
      (child) => Effect.sync(() => void child.kill("SIGKILL"))
    )
    const seen: Array<string> = []
    for (;;) {
      const line = yield* Queue.take(lines)
      seen.push(line)
      if (line.startsWith("__exited")) return yield* Effect.fail(new Error(`deno exited:\n${seen.join("\n")}`))
      const m = /listening on (http:\/\/\S+)\/enterprise\/aispm/.exec(line)
      if (m?.[1] !== undefined) return { url: m[1], dataDir: path.join(dataDir, "store") }
    }
  })

// src/ is meant to run under Deno unchanged: this suite runs the engine there and talks to it over the wire.
describe("the engine under Deno", () => {
  it.scoped("deno run src/main.ts: bootstrap, HTTP ingest, WebSocket ingest, SSE stream and the chain audit", () =>
    Effect.gen(function*() {
      const { url, dataDir } = yield* startUnderDeno
      const boot = JSON.parse(readFileSync(path.join(dataDir, "bootstrap.json"), "utf8")) as Record<string, string>
      const api = `${url}/enterprise/aispm`
      const tenant = boot["tenant_ref"]!
      const sse = yield* connectSse(`${api}/stream`, { token: boot["viewer_token"]! })
      const snapshot = yield* Queue.take(sse.frames)
      expect(snapshot.event).toBe("snapshot")

      const sent = yield* request(`${api}/events`, { token: boot["collector_token"]!, body: exampleEnvelope(tenant) })
      expect(sent.status).toBe(201)
      expect(sent.json).toMatchObject({ status: "accepted", seq: 1 })

      const { messages, ws } = yield* connectWs(`${api.replace("http", "ws")}/ingest`, boot["collector_token"]!)
      yield* takeMatching(messages, 1, (m) => m["type"] === "ready")
      yield* sendWs(ws, [exampleEnvelope(tenant), exampleEnvelope(tenant, "evt_deno_ws_2")])
      const acks = yield* takeMatching(messages, 2, (m) => m["type"] === "ack")
      expect(acks.map((a) => [a["status"], a["seq"]])).toEqual([["duplicate", 1], ["accepted", 2]])
      expect(acks.every((a) => isValid("ws-ingest-message.schema.json", a))).toBe(true)

      const deltas = [yield* Queue.take(sse.frames), yield* Queue.take(sse.frames)]
      expect(deltas.map((d) => [d.event, d.id])).toEqual([["delta", "1"], ["delta", "2"]])

      const chain = yield* request(`${api}/audit/chain`, { token: boot["auditor_token"]! })
      expect(chain.json).toMatchObject({ valid: true, events_checked: 2, head_seq: 2 })
    }), 180_000)
})
