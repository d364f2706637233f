import * as fs from "node:fs/promises"
import * as path from "node:path"
import { PassThrough, Writable } from "node:stream"
import { fileURLToPath } from "node:url"
import { Effect, Fiber } from "effect"
import type { EventDraft } from "../../../src/collector/EnvelopeBuilder.ts"
import { type DraftSink, type McpProxyOptions, runMcpProxy } from "../../../src/collector/mcp/McpProxy.ts"

export const fakeServer = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../fixtures/collector/mcp/fake-server.mjs"
)

/** Client bytes are written in small uneven chunks so messages straddle reads. */
const chunked = (bytes: Buffer): Array<Buffer> => {
  const out: Array<Buffer> = []
  for (let i = 0, n = 1; i < bytes.length; i += n, n = (n * 7) % 23 + 1) out.push(bytes.subarray(i, i + n))
  return out
}

/**
 * Runs the proxy around the fake server with `clientLines` as the client's
 * stdin, then ends it. Returns the bytes the client got, the bytes the server
 * read and wrote (recorded by the fixture), stderr and the drafts.
 */
export const runProxy = (
  recordDir: string,
  clientLines: ReadonlyArray<string>,
  { sink, ...opts }: Partial<McpProxyOptions> & { readonly sink?: DraftSink } = {}
) =>
  Effect.gen(function* () {
    const input = new PassThrough()
    const received: Array<Buffer> = []
    const errors: Array<Buffer> = []
    const collect = (into: Array<Buffer>) =>
      new Writable({
        write(chunk: Buffer, _enc, done) {
          into.push(chunk)
          done()
        }
      })
    const drafts: Array<EventDraft> = []
    const proxy = yield* Effect.fork(
      runMcpProxy(
        process.execPath,
        [fakeServer],
        {
          input,
          output: collect(received),
          errorOutput: collect(errors),
          env: { ...process.env, FAKE_MCP_RECORD_DIR: recordDir },
          sessionId: "mcp_test_session",
          now: () => new Date("2026-06-11T08:00:00Z"),
          ...opts
        },
        (d) => Effect.zipRight(Effect.sync(() => void drafts.push(d)), sink?.(d) ?? Effect.void)
      )
    )
    const sent = Buffer.from(clientLines.map((l) => `${l}\n`).join(""), "utf8")
    for (const part of chunked(sent)) input.write(part)
    input.end()
    const exit = yield* Fiber.join(proxy)
    const read = (f: string) => Effect.promise(() => fs.readFile(path.join(recordDir, f)).catch(() => Buffer.alloc(0)))
    return {
      exit,
      sent,
      clientGot: Buffer.concat(received),
      serverRead: yield* read("in.bin"),
      serverWrote: yield* read("out.bin"),
      stderr: Buffer.concat(errors).toString("utf8"),
      drafts
    }
  })
