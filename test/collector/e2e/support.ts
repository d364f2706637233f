import { spawn } from "node:child_process"
import { tmpdir } from "node:os"
import { Effect, Queue, type Scope } from "effect"
import type { Envelope } from "../../../src/domain/Envelope.ts"
import { runCliInMemory } from "../../../src/collector/cli/MemoryIO.ts"
import type { Invocation } from "../../../scripts/demo/collectors.ts"
import { request } from "../../support/Clients.ts"
import { connectSse } from "../../support/Sse.ts"
import type { TestEngine } from "../../support/TestEngine.ts"
import { baseEnv, type CliRun, mainScript, root, runCollector } from "../cli/harness.ts"

type Engine = typeof TestEngine.Service
type Json = Record<string, unknown>

export interface Collector {
  readonly url: string
  readonly token: string
  readonly tenantRef: string
  readonly spoolDir: string
}

/** The collector's settings as a machine would have them in its environment. */
export const collectorEnv = (c: Collector, extra: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  AISPM_URL: c.url,
  AISPM_TOKEN: c.token,
  AISPM_TENANT_REF: c.tenantRef,
  AISPM_ENVIRONMENT: "test",
  AISPM_SPOOL_DIR: c.spoolDir,
  AISPM_HOOK_DELIVERY: "inline",
  AISPM_HOOK_TIMEOUT_MS: "5000",
  ...extra
})

/** One fixture invocation as a real `aispm-collect` process. */
export const runInvocation = (inv: Invocation, c: Collector, extra: Readonly<Record<string, string>> = {}): Effect.Effect<CliRun> =>
  runCollector(inv.args, { env: { ...inv.env, ...collectorEnv(c, extra) }, ...(inv.stdin === undefined ? {} : { stdin: inv.stdin }) })

const envelopeLines = (text: string): ReadonlyArray<Envelope> =>
  text.split("\n").filter((l) => l.startsWith(`{"schema_version"`)).map((l) => JSON.parse(l) as Envelope)

/** What an invocation will send, from `--print` run in process (event ids do not depend on the clock). */
export const expectedEnvelopes = (inv: Invocation, tenantRef: string): Effect.Effect<ReadonlyArray<Envelope>> =>
  Effect.map(
    // `--print` right after the source: for `mcp` everything after `--` belongs to the server.
    runCliInMemory([inv.args[0] ?? "", "--print", ...inv.args.slice(1)], {
      env: { ...baseEnv(tmpdir()), ...inv.env, AISPM_TENANT_REF: tenantRef, AISPM_ENVIRONMENT: "test" },
      ...(inv.stdin === undefined ? {} : { stdin: inv.stdin })
    }),
    (run) => envelopeLines(`${run.stdout}\n${run.stderr}`)
  )

export const getJson = (engine: Engine, path: string, token: string): Effect.Effect<Json> =>
  Effect.map(request(`${engine.baseUrl}${path}`, { token }), (r) => r.json as Json)

/** A dashboard on the tenant's stream (SSE, viewer token): `deltas(n)` waits for the next n deltas' event ids. */
export const dashboard = (engine: Engine, viewer: string, from?: number): Effect.Effect<{ readonly deltas: (n: number) => Effect.Effect<ReadonlyArray<string>> }, Error, Scope.Scope> =>
  Effect.map(connectSse(`${engine.baseUrl}/stream${from === undefined ? "" : `?from=${from}`}`, { token: viewer }), (sse) => ({
    deltas: (n: number) =>
      Effect.gen(function* () {
        const ids: Array<string> = []
        while (ids.length < n) {
          const frame = yield* Queue.take(sse.frames)
          if (frame.event === "delta") ids.push(String(((JSON.parse(frame.data) as Json)["delta"] as Json)["event_id"]))
          else if (frame.event !== "snapshot") return yield* Effect.dieMessage(`stream ended: ${frame.event} ${frame.data}`)
        }
        return ids
      })
  }))

/** A `send` process the test can kill: its stderr lines arrive in a queue, `exit` resolves when it ends. */
export const startSender = (env: Readonly<Record<string, string>>) =>
  Effect.acquireRelease(
    Effect.gen(function* () {
      const lines = yield* Queue.unbounded<string>()
      const child = spawn(process.execPath, ["--import", "tsx", mainScript, "send"], {
        cwd: root,
        env: { ...baseEnv(tmpdir()), ...env },
        stdio: ["ignore", "ignore", "pipe"]
      })
      let buffer = ""
      child.stderr.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8")
        const parts = buffer.split("\n")
        buffer = parts.pop() ?? ""
        for (const line of parts) Queue.unsafeOffer(lines, line)
      })
      const exit = Effect.async<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>((resume) => {
        if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.succeed({ code: child.exitCode, signal: child.signalCode }))
        child.once("exit", (code, signal) => resume(Effect.succeed({ code, signal })))
      })
      return { child, lines, exit }
    }),
    ({ child }) => Effect.sync(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")))
  )
