import { Effect, Either } from "effect"
import { InvalidRequest } from "../../domain/Errors.ts"
import { azurePipelinesDrafts } from "../adapters/ci/azurePipelines.ts"
import { type CiEnv, get } from "../adapters/ci/ciEnv.ts"
import type { CiOptions, CiPhase } from "../adapters/ci/ciRun.ts"
import { normalizeStatus } from "../adapters/ci/ciStatus.ts"
import { githubActionsDrafts } from "../adapters/ci/githubActions.ts"
import { gitlabCiDrafts } from "../adapters/ci/gitlabCi.ts"
import { type ParsedArgs, commonSpec, list, parseArgs, usageError, value, withFlags } from "./Args.ts"
import { type CliFailure, type ExitCode } from "./CliErrors.ts"
import { type CliIO, note } from "./CliIO.ts"
import { emitForTool, toEnvelopes } from "./Emit.ts"
import { nowIso, readFileText } from "./Input.ts"
import { contextOf, settingsOf } from "./Settings.ts"
import { type CiPlatform, oidcModeOf, workloadHeader, workloadToken } from "./WorkloadIdentity.ts"

const ciSpec = withFlags(commonSpec, [
  "phase", "required-checks", "check-results", "artifact", "matrix", "job-status", "audience", "oidc", "id-token-var"
])

/** `a=success,b=failure`, or GitHub's `${{ toJSON(needs) }}` (`{"a":{"result":"success"}}`). */
export const checkResultsOf = (raw: string | undefined): Either.Either<Readonly<Record<string, string>> | undefined, InvalidRequest> => {
  if (raw === undefined) return Either.right(undefined)
  if (!raw.trimStart().startsWith("{")) {
    const pairs = raw.split(",").map((p) => p.trim()).filter((p) => p !== "").map((p) => p.split("="))
    return pairs.every((p) => p.length === 2 && p[0] !== "" && p[1] !== "")
      ? Either.right(Object.fromEntries(pairs))
      : Either.left(usageError("--check-results takes name=result pairs separated by commas, or the JSON of `needs`"))
  }
  return Either.try({
    try: () => {
      const parsed: unknown = JSON.parse(raw)
      if (typeof parsed !== "object" || parsed === null) throw new Error("not an object")
      return Object.fromEntries(Object.entries(parsed).flatMap(([name, v]: [string, unknown]): Array<[string, string]> => {
        const result: unknown = typeof v === "object" && v !== null ? Reflect.get(v, "result") : v
        return typeof result === "string" ? [[name, result]] : []
      }))
    },
    catch: () => usageError("--check-results is not valid JSON")
  })
}

const platformStatus = (platform: CiPlatform, env: CiEnv): string | undefined =>
  get(env, platform === "github-actions" ? "AISPM_JOB_STATUS" : platform === "gitlab-ci" ? "CI_JOB_STATUS" : "AGENT_JOBSTATUS")

/** `--phase`, else `finish` when the job's status is known (after_script, a final step), else `start`. */
const phaseOf = (args: ParsedArgs, status: string | undefined): Either.Either<CiPhase, InvalidRequest> => {
  const raw = value(args, "phase")
  if (raw === "start" || raw === "finish") return Either.right(raw)
  if (raw !== undefined) return Either.left(usageError("--phase must be start or finish"))
  return Either.right(normalizeStatus(status) === "unknown" ? "start" : "finish")
}

const trimUrl = (url: string | undefined) => url?.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "")

/** One connector per CI server and project: runners come and go, the pipeline stays. */
const defaultConnector = (platform: CiPlatform, env: CiEnv): string => {
  switch (platform) {
    case "github-actions":
      return `github-actions@${trimUrl(get(env, "GITHUB_SERVER_URL")) ?? "github.com"}/${get(env, "GITHUB_REPOSITORY") ?? "unknown"}`
    case "gitlab-ci":
      return `gitlab-ci@${get(env, "CI_SERVER_HOST") ?? "gitlab"}/${get(env, "CI_PROJECT_PATH") ?? "unknown"}`
    case "azure-pipelines":
      return `azure-pipelines@${trimUrl(get(env, "SYSTEM_COLLECTIONURI")) ?? "azure-devops"}/${get(env, "SYSTEM_TEAMPROJECT") ?? "unknown"}`
  }
}

/** The GitHub event payload at GITHUB_EVENT_PATH; a missing file only loses the pull request details. */
const githubPayload = (io: CliIO, env: CiEnv): Effect.Effect<string | undefined> => {
  const file = get(env, "GITHUB_EVENT_PATH")
  if (file === undefined) return Effect.succeed(undefined)
  return readFileText(io, file).pipe(
    Effect.catchAll((e) => Effect.as(note(io, `GITHUB_EVENT_PATH unreadable (${e.message}): continuing without it`), undefined))
  )
}

/** `aispm-collect github-actions|gitlab-ci|azure-pipelines`: the job, its checks and artifacts from the runner's environment. */
export const runCi = (platform: CiPlatform, argv: ReadonlyArray<string>, io: CliIO): Effect.Effect<ExitCode, CliFailure> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv, ciSpec)
    const settings = yield* settingsOf(args, io)
    const env: CiEnv = io.env
    const jobStatus = value(args, "job-status") ?? get(env, "AISPM_JOB_STATUS")
    const checkResults = yield* checkResultsOf(value(args, "check-results"))
    const options: CiOptions = {
      ...(list(args, "required-checks") === undefined ? {} : { requiredChecks: list(args, "required-checks") ?? [] }),
      ...(checkResults === undefined ? {} : { checkResults }),
      ...(list(args, "artifact") === undefined ? {} : { artifactUrls: list(args, "artifact") ?? [] }),
      ...(jobStatus === undefined ? {} : { jobStatus }),
      ...(value(args, "matrix") === undefined ? {} : { matrix: value(args, "matrix") ?? "" })
    }
    const phase = yield* phaseOf(args, jobStatus ?? platformStatus(platform, env))
    const now = yield* nowIso
    const payload = platform === "github-actions" ? yield* githubPayload(io, env) : undefined
    const drafts = platform === "github-actions"
      ? yield* githubActionsDrafts({ env, phase, options, ...(payload === undefined ? {} : { eventPayload: payload }) }, { now })
      : platform === "gitlab-ci"
        ? yield* gitlabCiDrafts({ env, phase, options }, { now })
        : yield* azurePipelinesDrafts({ env, phase, options }, { now })
    const ctx = yield* contextOf(args, io, defaultConnector(platform, env))
    const envelopes = yield* toEnvelopes(ctx, drafts)
    let sending = settings
    if (!settings.print) {
      const identity = yield* workloadToken(io, {
        platform,
        env,
        mode: yield* oidcModeOf(value(args, "oidc") ?? get(env, "AISPM_OIDC")),
        audience: value(args, "audience") ?? get(env, "AISPM_OIDC_AUDIENCE") ?? settings.url ?? "aispm",
        gitlabVariable: value(args, "id-token-var") ?? get(env, "AISPM_ID_TOKEN_VAR") ?? "AISPM_ID_TOKEN"
      })
      if (identity !== undefined) {
        sending = { ...settings, headers: { [workloadHeader]: identity } }
        if (!settings.quiet) yield* note(io, `workload identity: ${platform} OIDC token obtained, sent as ${workloadHeader}`)
      }
    }
    return yield* emitForTool(io, sending, envelopes)
  })
