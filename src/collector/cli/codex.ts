import { Effect } from "effect"
import { parseCodexNotify, parseCodexRollout, sessionIdFromRolloutPath } from "../adapters/agents/index.ts"
import { type ParsedArgs, commonSpec, parseArgs, usageError, value, withFlags } from "./Args.ts"
import { type CliFailure, ExitCode } from "./CliErrors.ts"
import { type CliIO, note } from "./CliIO.ts"
import { emitForTool, toEnvelopes } from "./Emit.ts"
import type { HookSource } from "./hooks.ts"
import { runHook } from "./hooks.ts"
import { nowIso, readFileText } from "./Input.ts"
import { contextOf, hostConnector, settingsOf } from "./Settings.ts"

/**
 * Codex `notify`: Codex runs the configured program with one JSON argument
 * and reads no answer. The JSON arrives as the positional argument (or a
 * file, or stdin); recording follows the hook rules (never fails).
 */
const notifyHook: HookSource = {
  extraValues: ["rollout"],
  answer: () => undefined,
  parse: (input, _args, now) => parseCodexNotify(input, { now })
}

/** Codex session rollout files (`~/.codex/sessions/…/rollout-*.jsonl`): a tool source, sent in the foreground. */
const runRollout = (args: ParsedArgs, file: string, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const settings = yield* settingsOf(args, io)
    const ctx = yield* contextOf(args, io, hostConnector("codex"))
    const sessionId = sessionIdFromRolloutPath(file)
    const text = yield* readFileText(io, file)
    const now = yield* nowIso
    const parsed = yield* parseCodexRollout(text, sessionId === undefined ? { now } : { now, sessionId })
    if (parsed.malformedLines > 0) yield* note(io, `${file}: skipped ${parsed.malformedLines} malformed line(s) of ${parsed.lines}`)
    return yield* emitForTool(io, settings, yield* toEnvelopes(ctx, parsed.drafts))
  })

export const runCodex = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, withFlags(commonSpec, ["rollout"]))
    const [first, second] = args.positionals
    const rollout = value(args, "rollout") ?? (first === "rollout" ? second : first?.endsWith(".jsonl") === true ? first : undefined)
    if (first === "rollout" && second === undefined) return yield* Effect.fail(usageError("codex rollout needs a rollout file"))
    if (rollout !== undefined) return yield* runRollout(args, rollout, io)
    // The notify JSON itself is the argument Codex passes; anything else is a file to read it from.
    if (first !== undefined && first.trimStart().startsWith("{")) {
      return yield* runHook("codex", notifyHook, argv.filter((a) => a !== first), io, first)
    }
    return yield* runHook("codex", notifyHook, argv, io)
  })
