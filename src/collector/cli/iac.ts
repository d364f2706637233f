import { Effect } from "effect"
import { cloudtrailDrafts } from "../adapters/cloud/cloudtrail.ts"
import { terraformPlanDrafts } from "../adapters/cloud/terraformPlan.ts"
import { commonSpec, parseArgs, usageError, value, withFlags } from "./Args.ts"
import type { CliFailure, ExitCode } from "./CliErrors.ts"
import type { CliIO } from "./CliIO.ts"
import { emitForTool, toEnvelopes } from "./Emit.ts"
import { nowIso, readInput } from "./Input.ts"
import { contextOf, hostConnector, settingsOf } from "./Settings.ts"

const terraformSpec = withFlags(commonSpec, ["tool", "session-id", "repository", "agent-id"])

/** `aispm-collect terraform [plan.json]`: the output of `terraform show -json plan.out` (file or stdin). */
export const runTerraform = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, terraformSpec)
    const settings = yield* settingsOf(args, io)
    const tool = value(args, "tool") ?? "terraform"
    if (tool !== "terraform" && tool !== "opentofu") return yield* Effect.fail(usageError("--tool must be terraform or opentofu"))
    const ctx = yield* contextOf(args, io, hostConnector(tool))
    const text = yield* readInput(io, args.positionals[0])
    const sessionId = value(args, "session-id")
    const repository = value(args, "repository")
    const agentId = value(args, "agent-id")
    const drafts = yield* terraformPlanDrafts(text, {
      now: yield* nowIso,
      tool,
      ...(sessionId === undefined ? {} : { sessionId }),
      ...(repository === undefined ? {} : { repository }),
      ...(agentId === undefined ? {} : { agentId })
    })
    return yield* emitForTool(io, settings, yield* toEnvelopes(ctx, drafts))
  })

/** `aispm-collect cloudtrail [file]`: a trail log file (`{"Records":[…]}`, gzipped or not), an EventBridge event or one record. */
export const runCloudtrail = (argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, commonSpec)
    const settings = yield* settingsOf(args, io)
    const ctx = yield* contextOf(args, io, hostConnector("cloudtrail"))
    const drafts = yield* cloudtrailDrafts(yield* readInput(io, args.positionals[0]))
    return yield* emitForTool(io, settings, yield* toEnvelopes(ctx, drafts))
  })
