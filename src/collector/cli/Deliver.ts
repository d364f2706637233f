import { Effect, Schedule } from "effect"
import { drainOnce } from "../delivery/Delivery.ts"
import { type DeliveryConfig, type Progress, jitteredBackoff } from "../delivery/DeliveryConfig.ts"
import type { DeliveryFailed } from "../delivery/DeliveryErrors.ts"
import type { DrainReport } from "../delivery/RunContext.ts"
import type { Spool } from "../spool/Spool.ts"
import type { SpoolIOError } from "../spool/SpoolErrors.ts"
import { InvalidRequest } from "../../domain/Errors.ts"
import { ExitCode } from "./CliErrors.ts"
import { type CliIO, note } from "./CliIO.ts"
import type { Settings } from "./Settings.ts"

export interface SendResult {
  readonly exitCode: ExitCode
  readonly report: DrainReport
}

/** Progress on stderr for long sends (100 envelopes or more): about every 5 %, and whenever the engine asks for a retry. */
const progressPrinter = (io: CliIO, total: number, quiet: boolean) => {
  const step = Math.max(100, Math.ceil(total / 20))
  let next = step
  let retried = 0
  return (p: Progress): Effect.Effect<void> => {
    const done = p.accepted + p.duplicates + p.rejected
    if (quiet || total < 100 || (done < next && p.retried === retried)) return Effect.void
    retried = p.retried
    while (next <= done) next += step
    return note(io, `sent ${done}/${total} (accepted ${p.accepted}, duplicates ${p.duplicates}, rejected ${p.rejected}, retried ${p.retried})`)
  }
}

export const missingEngine = (s: Settings): InvalidRequest | undefined =>
  s.url === undefined || s.token === undefined
    ? new InvalidRequest({
        code: "config_missing",
        message: "no engine: set AISPM_URL and AISPM_TOKEN (or --url/--token); the envelopes stay in the spool",
        field: s.url === undefined ? "AISPM_URL" : "AISPM_TOKEN"
      })
    : undefined

export const deliveryConfig = (s: Settings, spool: Spool, onProgress?: DeliveryConfig["onProgress"]): DeliveryConfig | undefined =>
  s.url === undefined || s.token === undefined
    ? undefined
    : {
        url: s.url,
        token: s.token,
        spool,
        ...(s.headers === undefined ? {} : { headers: s.headers }),
        reconnect: jitteredBackoff().pipe(Schedule.intersect(Schedule.recurs(s.sendAttempts))),
        httpAttempts: Math.min(6, s.sendAttempts),
        ...(onProgress === undefined ? {} : { onProgress })
      }

const rejectionSummary = (lines: ReadonlyArray<{ readonly error: string; readonly message: string }>) => {
  const reasons = new Map<string, number>()
  for (const r of lines) {
    const key = `${r.error}: ${r.message}`
    reasons.set(key, (reasons.get(key) ?? 0) + 1)
  }
  return [...reasons].slice(0, 5).map(([reason, n]) => `${n} × ${reason}`)
}

/**
 * Ships what the spool holds now, WebSocket first and HTTPS batch as the
 * fallback, then says what happened on stderr. Envelopes not acknowledged
 * stay spooled; permanent refusals are kept in <spool>/rejected.jsonl.
 * `own`: the event ids this invocation spooled. Other processes may share
 * the spool, so the exit code is about these (what they add is still sent).
 */
export const sendSpooled = (
  io: CliIO,
  s: Settings,
  spool: Spool,
  own?: ReadonlySet<string>
): Effect.Effect<SendResult, InvalidRequest | DeliveryFailed | SpoolIOError> =>
  Effect.gen(function* () {
    const total = (yield* spool.pending).length
    const config = deliveryConfig(s, spool, progressPrinter(io, total, s.quiet))
    if (config === undefined) return yield* Effect.fail(missingEngine(s) ?? new InvalidRequest({ code: "config_missing", message: "no engine" }))
    const report = yield* drainOnce(config)
    const mine = <A extends { readonly eventId: string } | { readonly event_id: string }>(items: ReadonlyArray<A>) =>
      own === undefined ? items : items.filter((i) => own.has("eventId" in i ? i.eventId : i.event_id))
    const remaining = report.remaining === 0 ? 0 : mine(yield* spool.pending).length
    const refused = report.rejected === 0 ? [] : mine((yield* spool.rejected).slice(-report.rejected))
    if (refused.length > 0) {
      yield* note(io, `${refused.length} envelope(s) refused for good, kept in ${spool.dir}/rejected.jsonl:`)
      for (const line of rejectionSummary(refused)) yield* note(io, `  ${line}`)
    }
    if (remaining > 0) {
      yield* note(io, `${remaining} envelope(s) not acknowledged yet stay in ${spool.dir}; \`aispm-collect send\` retries`)
    } else if (!s.quiet && total === 0) {
      yield* note(io, "nothing to send: the spool holds nothing unacknowledged")
    } else if (!s.quiet) {
      yield* note(io, `delivered ${total}: accepted ${report.accepted}, duplicates ${report.duplicates}, rejected ${report.rejected}`)
    }
    const exitCode = remaining > 0 ? ExitCode.notDelivered : refused.length > 0 ? ExitCode.rejected : ExitCode.ok
    return { exitCode, report: { ...report, remaining } }
  })
