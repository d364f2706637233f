import { Effect } from "effect"
import { runDelivery } from "../delivery/Delivery.ts"
import type { Spool } from "../spool/Spool.ts"
import { type ArgSpec, has, parseArgs, withFlags } from "./Args.ts"
import {
  acquireSenderLock, readLastSend, releaseSenderLock, senderRunning, writeLastSend
} from "./Background.ts"
import { type CliFailure, ExitCode, describeFailure, exitCodeOf } from "./CliErrors.ts"
import { type CliIO, out } from "./CliIO.ts"
import { deliveryConfig, missingEngine, sendSpooled } from "./Deliver.ts"
import { withSpool } from "./Emit.ts"
import { type Settings, settingsOf } from "./Settings.ts"

const spoolSpec: ArgSpec = { values: ["url", "token", "spool-dir"], switches: ["quiet"] }
const sendSpec = withFlags(spoolSpec, [], ["background", "follow"])

const nowIso = () => new Date().toISOString()

/**
 * The detached sender hooks start: one at a time per spool (lock file),
 * drains, and exits. Before it lets go it looks once more, so an envelope
 * spooled while it was finishing is not left behind (the hook that spooled
 * it saw the lock and started no sender of its own).
 */
const background = (io: CliIO, s: Settings, spool: Spool): Effect.Effect<ExitCode> =>
  Effect.gen(function* () {
    let code: ExitCode = ExitCode.ok
    while (yield* acquireSenderLock(s.spoolDir)) {
      const result = yield* Effect.either(sendSpooled(io, { ...s, quiet: true }, spool)).pipe(Effect.ensuring(releaseSenderLock(s.spoolDir)))
      if (result._tag === "Left") {
        yield* writeLastSend(s.spoolDir, { at: nowIso(), error: describeFailure(result.left) })
        return exitCodeOf(result.left)
      }
      yield* writeLastSend(s.spoolDir, { at: nowIso(), ...result.right.report })
      code = result.right.exitCode
      if (result.right.report.remaining > 0) return code
      const left = yield* Effect.orElseSucceed(spool.pending, () => [])
      if (left.length === 0) return code
    }
    return code
  })

/** `aispm-collect send [--background | --follow]`: ships the spool now, in the background, or continuously. */
export const runSend = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, sendSpec)
    const settings = yield* settingsOf(args, io)
    const missing = missingEngine(settings)
    if (missing !== undefined) return yield* Effect.fail(missing)
    return yield* withSpool(settings, (spool) => {
      if (has(args, "background")) return background(io, settings, spool)
      if (has(args, "follow")) {
        const config = deliveryConfig({ ...settings, sendAttempts: Number.MAX_SAFE_INTEGER }, spool)
        return config === undefined ? Effect.succeed(ExitCode.usage) : runDelivery(config)
      }
      return Effect.map(sendSpooled(io, settings, spool), (r) => r.exitCode)
    })
  })

/** `aispm-collect status`: the spool as JSON (depth, bytes, last acknowledgement, rejects, sender). */
export const runStatus = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, spoolSpec)
    const settings = yield* settingsOf(args, io)
    const report = yield* withSpool(settings, (spool) =>
      Effect.gen(function* () {
        const st = yield* spool.status
        const reasons: Record<string, number> = {}
        for (const r of yield* spool.rejected) reasons[r.error] = (reasons[r.error] ?? 0) + 1
        return {
          spool_dir: st.dir,
          depth: st.depth,
          bytes: st.bytes,
          max_bytes: st.maxBytes,
          segments: st.segments,
          last_ack_at: st.lastAckAt ?? null,
          rejected: st.rejected,
          rejected_by_reason: reasons,
          rejected_file: `${st.dir}/rejected.jsonl`,
          torn_lines: st.tornLines,
          sender_running: yield* senderRunning(settings.spoolDir),
          last_background_send: yield* readLastSend(settings.spoolDir)
        }
      })
    )
    yield* out(io, `${JSON.stringify(report, null, 2)}\n`)
    return ExitCode.ok
  })
