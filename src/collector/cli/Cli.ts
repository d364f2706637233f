import { Effect } from "effect"
import { runCi } from "./ci.ts"
import { type CliFailure, ExitCode, describeFailure, exitCodeOf } from "./CliErrors.ts"
import { type CliIO, note, out } from "./CliIO.ts"
import { runCodex } from "./codex.ts"
import { runCavra, runJsonl } from "./generic.ts"
import { hookSources, runHook } from "./hooks.ts"
import { runCloudtrail, runTerraform } from "./iac.ts"
import { runMcp } from "./mcp.ts"
import { runSend, runStatus } from "./send.ts"
import { usage } from "./Usage.ts"

type Command = (argv: ReadonlyArray<string>, io: CliIO) => Effect.Effect<number, CliFailure>

const commands: Readonly<Record<string, Command>> = {
  codex: runCodex,
  mcp: runMcp,
  "github-actions": (argv, io) => runCi("github-actions", argv, io),
  "gitlab-ci": (argv, io) => runCi("gitlab-ci", argv, io),
  "azure-pipelines": (argv, io) => runCi("azure-pipelines", argv, io),
  terraform: runTerraform,
  cloudtrail: runCloudtrail,
  jsonl: runJsonl,
  cavra: runCavra,
  send: runSend,
  status: runStatus
}

export const sources: ReadonlyArray<string> = [...Object.keys(hookSources), ...Object.keys(commands)]

/**
 * Runs one `aispm-collect` command line and returns its exit code. Never
 * fails: typed failures become a line on stderr and their exit code.
 */
export const runCli = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<number> => {
  const [name, ...rest] = argv
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    return Effect.as(name === undefined ? note(io, usage) : out(io, `${usage}\n`), name === undefined ? ExitCode.usage : ExitCode.ok)
  }
  const hook = hookSources[name]
  if (hook !== undefined) return runHook(name, hook, rest, io)
  const command = commands[name]
  if (command === undefined) return Effect.as(note(io, `unknown source or command "${name}"\n\n${usage}`), ExitCode.usage)
  return command(rest, io).pipe(
    Effect.catchAll((e) => Effect.as(note(io, describeFailure(e)), exitCodeOf(e))),
    Effect.catchAllDefect((d) => Effect.as(note(io, `unexpected failure: ${d instanceof Error ? d.message : String(d)}`), ExitCode.failure))
  )
}
