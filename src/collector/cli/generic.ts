import { Effect } from "effect"
import type { Environment } from "../../domain/Envelope.ts"
import { cavraDrafts } from "../adapters/generic/cavra.ts"
import { jsonlEnvelopes } from "../adapters/generic/jsonl.ts"
import type { MalformedLine } from "../adapters/generic/lines.ts"
import { commonSpec, parseArgs } from "./Args.ts"
import type { CliFailure, ExitCode } from "./CliErrors.ts"
import { type CliIO, note } from "./CliIO.ts"
import { emitForTool, toEnvelopes } from "./Emit.ts"
import { readInput } from "./Input.ts"
import { contextOf, environmentOf, hostConnector, optionalTenant, settingsOf } from "./Settings.ts"

/** Bad lines are skipped, never fatal: one torn write must not hold back the rest of a file. */
const reportMalformed = (io: CliIO, what: string, malformed: ReadonlyArray<MalformedLine>) =>
  Effect.forEach(malformed.slice(0, 20), (m) => note(io, `${what} line ${m.line} skipped: ${m.reason}`), { discard: true }).pipe(
    Effect.zipRight(malformed.length > 20 ? note(io, `${what}: ${malformed.length - 20} more line(s) skipped`) : Effect.void)
  )

/**
 * `aispm-collect jsonl [file]`: ready-made envelopes, one per line, passed
 * through with their own event_id; tenant and environment are replaced only
 * when given (--tenant / AISPM_TENANT_REF, --environment / AISPM_ENVIRONMENT).
 */
export const runJsonl = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, commonSpec)
    const settings = yield* settingsOf(args, io)
    const { tenantRef, environment } = optionalTenant(args, io)
    const env: Environment | undefined = environment === undefined
      ? undefined
      : yield* environmentOf(environment)
    const result = jsonlEnvelopes(yield* readInput(io, args.positionals[0]), {
      override: { ...(tenantRef === undefined ? {} : { tenantRef }), ...(env === undefined ? {} : { environment: env }) }
    })
    yield* reportMalformed(io, "jsonl", result.malformed)
    return yield* emitForTool(io, settings, result.envelopes)
  })

/** `aispm-collect cavra [file]`: CAVRA runtime policy decisions, approvals and evidence (JSONL or a JSON array). */
export const runCavra = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, commonSpec)
    const settings = yield* settingsOf(args, io)
    const ctx = yield* contextOf(args, io, hostConnector("cavra"))
    const result = yield* cavraDrafts(yield* readInput(io, args.positionals[0]))
    yield* reportMalformed(io, "cavra", result.malformed)
    return yield* emitForTool(io, settings, yield* toEnvelopes(ctx, result.drafts))
  })
