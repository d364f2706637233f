import { Either, Schema } from "effect"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import { checkTimestamp, decodeWith, parseJsonText } from "../generic/inputErrors.ts"
import { type CiEnv, get, hostOf, requireEnv } from "./ciEnv.ts"
import { type CiOptions, type CiPhase, type CiRun, ciDrafts } from "./ciRun.ts"

export interface GithubActionsInput {
  readonly env: CiEnv
  readonly phase: CiPhase
  readonly options?: CiOptions
  /** Contents of the file at GITHUB_EVENT_PATH (the webhook payload that triggered the run). */
  readonly eventPayload?: string
}

// Only what the envelope needs; the payload also holds bodies, titles and user data.
const EventPayload = Schema.Struct({
  pull_request: Schema.optional(Schema.Struct({
    number: Schema.Number,
    head: Schema.Struct({ ref: Schema.String }),
    base: Schema.Struct({ ref: Schema.String })
  }))
})

const pullRequestOf = (payload: string | undefined) => {
  if (payload === undefined) return Either.right(undefined)
  return parseJsonText(payload, "github_event_payload_invalid", "GITHUB_EVENT_PATH payload").pipe(
    Either.flatMap(decodeWith(EventPayload, "github_event_payload_invalid", "GITHUB_EVENT_PATH payload")),
    Either.map((p) => p.pull_request)
  )
}

/** `dependabot[bot]` is an app, not a person. */
export const githubActorRef = (login: string | undefined): string | undefined => {
  if (login === undefined) return undefined
  const bot = /^(.+)\[bot\]$/.exec(login)
  return bot?.[1] !== undefined ? `github:bot/${bot[1]}` : `github:user/${login}`
}

const platform = "GitHub Actions"

/**
 * A GitHub Actions job from its default environment variables
 * (docs.github.com/en/actions/reference/variables-reference) and the event payload.
 */
export const githubActionsDrafts = (
  input: GithubActionsInput,
  opts: { readonly now: string }
): Either.Either<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Either.gen(function*() {
    const env = input.env
    const now = yield* checkTimestamp(opts.now, "now")
    const runId = yield* requireEnv(env, "GITHUB_RUN_ID", platform)
    const repository = yield* requireEnv(env, "GITHUB_REPOSITORY", platform)
    const job = yield* requireEnv(env, "GITHUB_JOB", platform)
    const pr = yield* pullRequestOf(input.eventPayload)
    const attempt = get(env, "GITHUB_RUN_ATTEMPT") ?? "1"
    const server = get(env, "GITHUB_SERVER_URL") ?? "https://github.com"
    const workflow = get(env, "GITHUB_WORKFLOW") ?? "workflow"
    const image = get(env, "ImageOS")
    const imageVersion = get(env, "ImageVersion")
    const run: CiRun = {
      connectorType: "github_actions",
      toolName: "github-actions",
      runKey: `gha|${hostOf(server)}|${repository}|${runId}|${attempt}|${job}`,
      sessionId: `github-actions:${repository}:run/${runId}/attempt/${attempt}`,
      agentId: `github-actions:${repository}:${workflow}`,
      pipeline: workflow,
      job,
      trigger: get(env, "GITHUB_EVENT_NAME"),
      ref: get(env, "GITHUB_REF"),
      sha: get(env, "GITHUB_SHA"),
      change: pr === undefined ? undefined : { label: `PR #${pr.number}`, source: pr.head.ref, target: pr.base.ref },
      repository,
      actorRef: githubActorRef(get(env, "GITHUB_ACTOR")),
      runtimeVersion: image !== undefined && imageVersion !== undefined
        ? `${image}/${imageVersion}`
        : get(env, "RUNNER_OS"),
      runUrl: `${server}/${repository}/actions/runs/${runId}/attempts/${attempt}`,
      status: get(env, "AISPM_JOB_STATUS")
    }
    return ciDrafts(run, input.phase, input.options ?? {}, now)
  })
