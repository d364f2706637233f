// Node platform code: wraps an MCP server process (node:os for signal numbers).
import { constants } from "node:os"
import { Effect, Fiber } from "effect"
import { runDelivery } from "../delivery/Delivery.ts"
import { buildEnvelope, type CollectorContext } from "../EnvelopeBuilder.ts"
import { commandWords } from "../adapters/agents/CommandSummary.ts"
import { type DraftSink, runMcpProxy } from "../mcp/McpProxy.ts"
import { spoolSink } from "../mcp/spoolSink.ts"
import type { Spool } from "../spool/Spool.ts"
import { commonSpec, list, parseArgs, usageError, value, withFlags } from "./Args.ts"
import { spawnSender } from "./Background.ts"
import { type CliFailure, describeFailure } from "./CliErrors.ts"
import { type CliIO, note } from "./CliIO.ts"
import { deliveryConfig, sendSpooled } from "./Deliver.ts"
import { withSpool } from "./Emit.ts"
import { contextOf, hostConnector, type Settings, settingsOf } from "./Settings.ts"

const mcpSpec = withFlags(commonSpec, ["allow", "deny", "session-id", "agent-id"])

const runners = new Set(["npx", "uvx", "bunx", "pnpx", "node", "python", "python3", "deno", "docker", "bun"])

/** One connector per wrapped server: `mcp:<server>@<host>`, the server named by its package or program. */
export const serverName = (command: ReadonlyArray<string>): string => {
  const [program, ...args] = commandWords(command.join(" "))
  const launched = runners.has(program ?? "") ? args.find((a) => !a.startsWith("-") && a !== "run") : program
  const name = launched?.replace(/^.*[\\/]/, "").replace(/@[^@/]*$/, "").replace(/\.(m?js|py|ts)$/, "")
  return name === undefined || name === "" ? "server" : name
}

/** `--print`: stdout is the JSON-RPC channel, so the envelopes go to stderr. */
const printSink = (io: CliIO, ctx: CollectorContext): DraftSink => (draft) =>
  Effect.flatMap(buildEnvelope(ctx, draft), (env) => Effect.sync(() => void io.stderr.write(`${JSON.stringify(env)}\n`)))

/** The persistent sender beside the relay; a failure is reported and the relay goes on. */
const follow = (io: CliIO, s: Settings, spool: Spool) => {
  const config = s.spoolOnly ? undefined : deliveryConfig({ ...s, sendAttempts: Number.MAX_SAFE_INTEGER }, spool)
  if (config === undefined) return Effect.void
  return runDelivery(config).pipe(Effect.catchAll((e) => note(io, `MCP activity not delivered now: ${describeFailure(e)}`)))
}

/** After the session: one short attempt for what is left, then a background sender if anything still is. */
const finish = (io: CliIO, s: Settings, spool: Spool) =>
  Effect.gen(function* () {
    if (s.spoolOnly || s.url === undefined || s.token === undefined) return
    yield* sendSpooled(io, { ...s, quiet: true, sendAttempts: 1 }, spool).pipe(Effect.timeout(s.hookTimeoutMs), Effect.ignore)
    if ((yield* spool.pending).length > 0 && s.hookDelivery === "background") yield* spawnSender(io, s)
  }).pipe(Effect.catchAll((e) => note(io, describeFailure(e))))

const exitCodeOf = (exit: { readonly exitCode: number | null; readonly signal: string | null }): number => {
  if (exit.exitCode !== null) return exit.exitCode
  const signal: unknown = exit.signal === null ? undefined : Reflect.get(constants.signals, exit.signal)
  return typeof signal === "number" ? 128 + signal : 1
}

/**
 * `aispm-collect mcp [--allow a,b] [--deny c] -- <server command…>`: relays
 * the MCP client's stdio to the server byte for byte, records the session,
 * and exits with the server's exit code. Nothing but the relay is written to
 * stdout.
 */
export const runMcp = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<number, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, mcpSpec)
    const [command, ...commandArgs] = args.rest
    if (command === undefined) return yield* Effect.fail(usageError("mcp needs the server's command after --"))
    const settings = yield* settingsOf(args, io)
    const ctx = yield* contextOf(args, io, hostConnector(`mcp:${serverName(args.rest)}`))
    const allow = list(args, "allow")
    const deny = list(args, "deny")
    const sessionId = value(args, "session-id")
    const agentId = value(args, "agent-id")
    const options = {
      input: io.stdin,
      output: io.stdout,
      errorOutput: io.stderr,
      env: io.env,
      ...(allow === undefined ? {} : { allow }),
      ...(deny === undefined ? {} : { deny }),
      ...(sessionId === undefined ? {} : { sessionId }),
      ...(agentId === undefined ? {} : { agentId })
    }
    if (settings.print) return exitCodeOf(yield* runMcpProxy(command, commandArgs, options, printSink(io, ctx)))
    return yield* withSpool(settings, (spool) =>
      Effect.gen(function* () {
        const sender = yield* Effect.fork(follow(io, settings, spool))
        const exit = yield* runMcpProxy(command, commandArgs, options, spoolSink(spool, ctx)).pipe(
          Effect.ensuring(Fiber.interrupt(sender))
        )
        yield* finish(io, settings, spool)
        return exitCodeOf(exit)
      })
    )
  })
