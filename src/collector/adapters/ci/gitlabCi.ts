import { Either } from "effect"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import { checkTimestamp } from "../generic/inputErrors.ts"
import { type CiEnv, get, hostOf, requireEnv } from "./ciEnv.ts"
import { type CiOptions, type CiPhase, type CiRun, ciDrafts } from "./ciRun.ts"

export interface GitlabCiInput {
  readonly env: CiEnv
  readonly phase: CiPhase
  readonly options?: CiOptions
}

const platform = "GitLab CI/CD"

const optionalTimestamp = (value: string | undefined, field: string) =>
  value === undefined ? Either.right(undefined) : checkTimestamp(value, field)

/**
 * A GitLab CI/CD job from its predefined variables
 * (docs.gitlab.com/ci/variables/predefined_variables). CI_JOB_STATUS is set in after_script.
 */
export const gitlabCiDrafts = (
  input: GitlabCiInput,
  opts: { readonly now: string }
): Either.Either<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Either.gen(function*() {
    const env = input.env
    const now = yield* checkTimestamp(opts.now, "now")
    const pipelineId = yield* requireEnv(env, "CI_PIPELINE_ID", platform)
    const jobId = yield* requireEnv(env, "CI_JOB_ID", platform)
    const project = yield* requireEnv(env, "CI_PROJECT_PATH", platform)
    const startedAt = yield* optionalTimestamp(get(env, "CI_JOB_STARTED_AT"), "CI_JOB_STARTED_AT")
    const mr = get(env, "CI_MERGE_REQUEST_IID")
    const login = get(env, "GITLAB_USER_LOGIN")
    const run: CiRun = {
      connectorType: "gitlab_ci",
      toolName: "gitlab-ci",
      runKey: `gitlab|${hostOf(get(env, "CI_SERVER_URL"))}|${project}|${pipelineId}|${jobId}`,
      sessionId: `gitlab-ci:${project}:pipeline/${pipelineId}`,
      agentId: `gitlab-ci:${project}`,
      pipeline: get(env, "CI_PIPELINE_NAME") ?? `pipeline ${get(env, "CI_PIPELINE_IID") ?? pipelineId}`,
      job: get(env, "CI_JOB_NAME") ?? `job ${jobId}`,
      trigger: get(env, "CI_PIPELINE_SOURCE"),
      ref: get(env, "CI_COMMIT_REF_NAME"),
      sha: get(env, "CI_COMMIT_SHA"),
      change: mr === undefined ? undefined : {
        label: `MR !${mr}`,
        source: get(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
        target: get(env, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
      },
      repository: project,
      actorRef: login === undefined ? undefined : `gitlab:user/${login}`,
      runtimeVersion: get(env, "CI_RUNNER_VERSION") ?? get(env, "CI_SERVER_VERSION"),
      runUrl: get(env, "CI_JOB_URL") ?? get(env, "CI_PIPELINE_URL"),
      startedAt,
      status: get(env, "CI_JOB_STATUS")
    }
    return ciDrafts(run, input.phase, input.options ?? {}, now)
  })
