// Node platform code: the `aispm-collect` entry point binds the CLI to this process (argv, stdio, signals, exit code).
import { Effect, Exit, Fiber } from "effect"
import { nodeIO } from "./CliIO.ts"
import { runCli } from "./Cli.ts"

// A hook's agent or an MCP client that closed its end of a pipe must not crash the collector.
process.stdout.on("error", () => undefined)
process.stderr.on("error", () => undefined)

const fiber = Effect.runFork(runCli(process.argv.slice(2), nodeIO()))

// SIGINT / SIGTERM interrupt the command, so its finalizers run: the spool segment is sealed, an MCP server is stopped.
type Stop = "SIGINT" | "SIGTERM"
const stop = (signal: Stop, code: number) => () => {
  process.exitCode = code
  Effect.runFork(Fiber.interrupt(fiber))
  process.off(signal, handlers[signal])
}
const handlers: Record<Stop, () => void> = { SIGINT: stop("SIGINT", 130), SIGTERM: stop("SIGTERM", 143) }
process.on("SIGINT", handlers.SIGINT)
process.on("SIGTERM", handlers.SIGTERM)

fiber.addObserver((exit) => {
  if (Exit.isSuccess(exit)) process.exitCode = exit.value
  process.off("SIGINT", handlers.SIGINT)
  process.off("SIGTERM", handlers.SIGTERM)
  // stdin may still be open (a hook's agent, an MCP client): it must not keep the process alive.
  process.stdin.unref?.()
  process.stdin.pause()
})
