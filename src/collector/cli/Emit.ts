import { Effect } from "effect"
import type { Envelope } from "../../domain/Envelope.ts"
import { buildEnvelope, type CollectorContext, type EventDraft } from "../EnvelopeBuilder.ts"
import { openSpool, type Spool } from "../spool/Spool.ts"
import { spawnSender } from "./Background.ts"
import { type CliFailure, ExitCode, describeFailure } from "./CliErrors.ts"
import { type CliIO, note, out } from "./CliIO.ts"
import { missingEngine, sendSpooled } from "./Deliver.ts"
import type { Settings } from "./Settings.ts"

export const toEnvelopes = (ctx: CollectorContext, drafts: ReadonlyArray<EventDraft>): Effect.Effect<ReadonlyArray<Envelope>> =>
  Effect.forEach(drafts, (d) => buildEnvelope(ctx, d))

/** `--print`: one envelope per line, nothing spooled or sent. */
export const printEnvelopes = (io: CliIO, envelopes: ReadonlyArray<Envelope>): Effect.Effect<void> =>
  envelopes.length === 0 ? Effect.void : out(io, envelopes.map((e) => `${JSON.stringify(e)}\n`).join(""))

/** Runs `use` with the spool open; the scope seals this process's segment afterwards. */
export const withSpool = <A, E>(s: Settings, use: (spool: Spool) => Effect.Effect<A, E>) =>
  Effect.scoped(
    Effect.flatMap(openSpool(s.spoolDir, s.spoolMaxBytes === undefined ? {} : { maxBytes: s.spoolMaxBytes }), use)
  )

/**
 * A tool source (CI step, plan, trail, file): spool first (durable), then
 * send in the foreground and say how it went. `--spool-only` leaves the
 * sending to `aispm-collect send`.
 */
export const emitForTool = (
  io: CliIO,
  s: Settings,
  envelopes: ReadonlyArray<Envelope>
): Effect.Effect<ExitCode, CliFailure> => {
  if (s.print) return Effect.as(printEnvelopes(io, envelopes), ExitCode.ok)
  return withSpool(s, (spool) =>
    Effect.gen(function* () {
      yield* spool.append(envelopes)
      if (s.spoolOnly) {
        if (!s.quiet) yield* note(io, `spooled ${envelopes.length} envelope(s) in ${spool.dir}`)
        return ExitCode.ok
      }
      const missing = missingEngine(s)
      if (missing !== undefined) return yield* Effect.fail(missing)
      return (yield* sendSpooled(io, s, spool, new Set(envelopes.map((e) => e.event.event_id)))).exitCode
    })
  )
}

/**
 * A hook source: spool, then hand the sending to a background sender (or a
 * short inline attempt), so the agent never waits on the engine. Never
 * fails: problems are noted on stderr and the hook still exits 0.
 */
export const emitForHook = (io: CliIO, s: Settings, envelopes: ReadonlyArray<Envelope>): Effect.Effect<void> => {
  if (s.print) return printEnvelopes(io, envelopes)
  const work = withSpool(s, (spool) =>
    Effect.gen(function* () {
      yield* spool.append(envelopes)
      if (s.spoolOnly || s.hookDelivery === "spool" || missingEngine(s) !== undefined) return
      if (s.hookDelivery === "background") return yield* spawnSender(io, s)
      const quiet = { ...s, quiet: true }
      const sent = yield* sendSpooled(io, quiet, spool, new Set(envelopes.map((e) => e.event.event_id))).pipe(Effect.timeout(s.hookTimeoutMs), Effect.option)
      if (sent._tag === "None") yield* note(io, "engine slow to answer: the rest stays spooled for the next send")
    })
  )
  return work.pipe(
    Effect.catchAll((e: CliFailure) => note(io, describeFailure(e))),
    Effect.catchAllDefect((d) => note(io, `unexpected: ${String(d)}`))
  )
}
