// Node platform code: spawns the MCP server as a child process and relays its stdio (node:child_process).
import { spawn } from "node:child_process"
import type { Readable, Writable } from "node:stream"
import { Effect, Queue, Schema } from "effect"
import type { EventDraft } from "../EnvelopeBuilder.ts"
import { LineSplitter } from "./LineSplitter.ts"
import { makeMcpObserver } from "./McpObserver.ts"
import { toolList } from "./ToolPolicy.ts"

export class McpProxyError extends Schema.TaggedError<McpProxyError>()("McpProxyError", {
  command: Schema.String,
  message: Schema.String
}) {}

export interface McpProxyOptions {
  /** `--allow tool1,tool2`: only these tools may be called. */
  readonly allow?: ReadonlyArray<string>
  /** `--deny tool1,tool2`: these tools are answered "denied by policy" and never reach the server. */
  readonly deny?: ReadonlyArray<string>
  /** One id per proxy run (default: a random UUID). */
  readonly sessionId?: string
  /** agent_id until the client names itself in `initialize` (default "mcp-client"). */
  readonly agentId?: string
  readonly policyPack?: string
  readonly input?: Readable
  readonly output?: Writable
  readonly errorOutput?: Writable
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly now?: () => Date
}

export interface McpProxyExit {
  readonly exitCode: number | null
  readonly signal: string | null
  readonly drafts: number
  /** Drafts the sink failed to take (reported on errorOutput; the relay never stops for them). */
  readonly sinkFailures: number
}

/** Where observed activity goes: the spool in the CLI, a collecting array in tests. */
export type DraftSink = (draft: EventDraft) => Effect.Effect<void, unknown>

type Item = { readonly _tag: "Draft"; readonly draft: EventDraft } | { readonly _tag: "End" }

/**
 * `aispm-collect mcp -- <command> <args…>`: runs the MCP server and relays
 * newline-delimited JSON-RPC both ways byte for byte, observing sessions,
 * tool registrations and calls. Denied calls are answered by the proxy.
 * Ends when the server's output closes; interrupting it kills the server.
 */
export const runMcpProxy = (
  command: string,
  args: ReadonlyArray<string>,
  opts: McpProxyOptions,
  sink: DraftSink
): Effect.Effect<McpProxyExit, McpProxyError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const input = opts.input ?? process.stdin
      const output = opts.output ?? process.stdout
      const errorOutput = opts.errorOutput ?? process.stderr
      const now = () => (opts.now?.() ?? new Date()).toISOString()
      const observer = makeMcpObserver({
        sessionId: opts.sessionId ?? `mcp_${crypto.randomUUID()}`,
        agentId: opts.agentId ?? "mcp-client",
        policyPack: opts.policyPack ?? "aispm-mcp-tool-policy",
        policy: {
          ...(opts.allow === undefined ? {} : { allow: toolList(opts.allow) }),
          ...(opts.deny === undefined ? {} : { deny: toolList(opts.deny) })
        }
      })
      const queue = yield* Queue.unbounded<Item>()
      const emit = (drafts: ReadonlyArray<EventDraft>) => drafts.forEach((draft) => Queue.unsafeOffer(queue, { _tag: "Draft", draft }))
      let drafts = 0
      let sinkFailures = 0
      const drain = Effect.gen(function* () {
        while (true) {
          const item = yield* Queue.take(queue)
          if (item._tag === "End") return
          drafts++
          yield* Effect.catchAllCause(sink(item.draft), (cause) =>
            Effect.sync(() => {
              sinkFailures++
              errorOutput.write(`aispm-collect: could not record MCP activity: ${String(cause)}\n`)
            })
          )
        }
      })
      const sinkFiber = yield* Effect.fork(drain)

      const child = yield* Effect.acquireRelease(
        Effect.sync(() => spawn(command, [...args], { stdio: ["pipe", "pipe", "pipe"], env: opts.env ?? process.env })),
        (c) => Effect.sync(() => void (c.exitCode === null && c.signalCode === null && c.kill("SIGTERM")))
      )
      const fromClient = new LineSplitter()
      const fromServer = new LineSplitter()

      const relay = (dest: Writable, bytes: Uint8Array, source: Readable) => {
        if (!dest.write(bytes)) {
          source.pause()
          dest.once("drain", () => source.resume())
        }
      }
      const onClientData = (chunk: Uint8Array) => {
        for (const line of fromClient.push(chunk)) {
          const verdict = observer.onClientLine(line, now())
          if (verdict.forward !== undefined) relay(child.stdin, verdict.forward, input)
          if (verdict.reply !== undefined) output.write(verdict.reply)
          emit(verdict.drafts)
        }
      }
      const onClientEnd = () => {
        const rest = fromClient.flush()
        if (rest !== undefined) child.stdin.write(rest)
        child.stdin.end()
      }

      const exit = yield* Effect.async<{ code: number | null; signal: string | null }, McpProxyError>((resume) => {
        child.once("error", (e) => resume(Effect.fail(new McpProxyError({ command, message: e.message }))))
        // The server may exit before reading everything: its closed stdin is not the proxy's failure.
        child.stdin.on("error", () => undefined)
        child.stderr.on("data", (chunk: Uint8Array) => errorOutput.write(chunk))
        child.stdout.on("data", (chunk: Uint8Array) => {
          for (const line of fromServer.push(chunk)) {
            emit(observer.onServerLine(line, now()))
            relay(output, line, child.stdout)
          }
        })
        child.stdout.on("end", () => {
          const rest = fromServer.flush()
          if (rest !== undefined) output.write(rest)
        })
        child.once("close", (code, signal) => resume(Effect.succeed({ code, signal })))
        input.on("data", onClientData)
        input.once("end", onClientEnd)
        return Effect.sync(() => child.kill("SIGTERM"))
      }).pipe(
        Effect.ensuring(
          Effect.sync(() => {
            input.off("data", onClientData)
            input.off("end", onClientEnd)
            input.pause()
          })
        )
      )
      emit(observer.finish(now()))
      Queue.unsafeOffer(queue, { _tag: "End" })
      yield* sinkFiber.await
      return { exitCode: exit.code, signal: exit.signal, drafts, sinkFailures }
    })
  )
