import { Effect, Either } from "effect"
import type { InvalidRequest } from "../../domain/Errors.ts"
import {
  claudeCodeHookResponse, copilotHookResponse, cursorHookResponse, geminiCliHookResponse, parseClaudeCodeHook,
  parseCopilotHook, parseCursorHook, parseGeminiCliHook
} from "../adapters/agents/index.ts"
import type { EventDraft } from "../EnvelopeBuilder.ts"
import { type ParsedArgs, commonSpec, parseArgs, value, withFlags } from "./Args.ts"
import { type CliFailure, ExitCode, describeFailure } from "./CliErrors.ts"
import { type CliIO, note, out } from "./CliIO.ts"
import { emitForHook, toEnvelopes } from "./Emit.ts"
import { nowIso, readInput } from "./Input.ts"
import { contextOf, hostConnector, settingsOf } from "./Settings.ts"

/** One AI coding agent's hook protocol: what to parse, and what to answer on stdout. */
export interface HookSource {
  readonly extraValues: ReadonlyArray<string>
  /** The hook's answer (allow by default), from the raw input; undefined: the agent reads none. */
  readonly answer: (input: string, args: ParsedArgs) => string | undefined
  readonly parse: (input: string, args: ParsedArgs, now: string) => Effect.Effect<ReadonlyArray<EventDraft>, InvalidRequest>
}

const eventName = (input: string): string => {
  const parsed = Either.try((): unknown => JSON.parse(input))
  const record = Either.getOrUndefined(parsed)
  const name = typeof record === "object" && record !== null ? Reflect.get(record, "hook_event_name") : undefined
  return typeof name === "string" ? name : ""
}

export const hookSources: Readonly<Record<string, HookSource>> = {
  "claude-code": {
    extraValues: [],
    answer: () => claudeCodeHookResponse().stdout,
    parse: (input, _args, now) => parseClaudeCodeHook(input, { now })
  },
  cursor: {
    extraValues: [],
    answer: (input) => cursorHookResponse(eventName(input)).stdout,
    parse: (input, _args, now) => parseCursorHook(input, { now })
  },
  "gemini-cli": {
    extraValues: [],
    answer: () => geminiCliHookResponse().stdout,
    parse: (input, _args, now) => parseGeminiCliHook(input, { now })
  },
  copilot: {
    extraValues: ["event"],
    answer: () => copilotHookResponse().stdout,
    parse: (input, args, now) => {
      const event = value(args, "event")
      return parseCopilotHook(input, event === undefined ? { now } : { now, event })
    }
  }
}

/** Bound on everything a hook does after answering: the agent must never wait on the collector. */
const hookBudgetMs = 10_000

/**
 * `aispm-collect <agent> [file]`: answers the agent first, then records (`given`: the input
 * came as an argument, as Codex passes it, so stdin is left alone).
 * Always exits 0; every problem (bad input, no tenant, full spool, engine
 * down) is a line on stderr.
 */
export const runHook = (
  name: string,
  hook: HookSource,
  argv: ReadonlyArray<string>,
  io: CliIO,
  given?: string
): Effect.Effect<ExitCode> =>
  Effect.gen(function* () {
    const args = parseArgs(argv, withFlags(commonSpec, hook.extraValues))
    const parsed = Either.getOrUndefined(args)
    const input = given ?? (yield* readInput(io, parsed?.positionals[0]).pipe(Effect.orElseSucceed(() => "")))
    const printing = parsed?.switches.has("print") === true
    const answer = hook.answer(input, parsed ?? { positionals: [], values: new Map(), switches: new Set(), rest: [] })
    if (!printing && answer !== undefined) yield* out(io, `${answer}\n`)
    const record: Effect.Effect<void, CliFailure> = Effect.gen(function* () {
      const a = yield* args
      const settings = yield* settingsOf(a, io)
      const ctx = yield* contextOf(a, io, hostConnector(name))
      const drafts = yield* hook.parse(input, a, yield* nowIso)
      yield* emitForHook(io, settings, yield* toEnvelopes(ctx, drafts))
    })
    yield* record.pipe(
      Effect.timeout(hookBudgetMs),
      Effect.catchAll((e) => note(io, e._tag === "TimeoutException" ? "gave up recording this hook event (too slow)" : describeFailure(e))),
      Effect.catchAllDefect((d) => note(io, `unexpected: ${String(d)}`))
    )
    return ExitCode.ok
  })
