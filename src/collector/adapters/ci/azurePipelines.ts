import { Either } from "effect"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import { checkTimestamp } from "../generic/inputErrors.ts"
import { type CiEnv, get, hostOf, requireEnv } from "./ciEnv.ts"
import { type CiOptions, type CiPhase, type CiRun, ciDrafts } from "./ciRun.ts"

export interface AzurePipelinesInput {
  readonly env: CiEnv
  readonly phase: CiPhase
  readonly options?: CiOptions
}

const platform = "Azure Pipelines"

const buildUrl = (collection: string | undefined, project: string, buildId: string) => {
  if (collection === undefined) return undefined
  const base = collection.endsWith("/") ? collection : `${collection}/`
  return `${base}${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(buildId)}`
}

/**
 * An Azure Pipelines job from its predefined variables as the agent exports them
 * (learn.microsoft.com/azure/devops/pipelines/build/variables: `Build.BuildId` → BUILD_BUILDID).
 * The requester is referenced by BUILD_REQUESTEDFORID: BUILD_REQUESTEDFOR is a person's name.
 */
export const azurePipelinesDrafts = (
  input: AzurePipelinesInput,
  opts: { readonly now: string }
): Either.Either<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Either.gen(function*() {
    const env = input.env
    const now = yield* checkTimestamp(opts.now, "now")
    const buildId = yield* requireEnv(env, "BUILD_BUILDID", platform)
    const project = yield* requireEnv(env, "SYSTEM_TEAMPROJECT", platform)
    const collection = get(env, "SYSTEM_COLLECTIONURI") ?? get(env, "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI")
    const pipeline = get(env, "BUILD_DEFINITIONNAME") ?? "pipeline"
    const job = get(env, "SYSTEM_JOBDISPLAYNAME") ?? get(env, "AGENT_JOBNAME") ?? get(env, "SYSTEM_JOBID") ?? "job"
    const prId = get(env, "SYSTEM_PULLREQUEST_PULLREQUESTNUMBER") ?? get(env, "SYSTEM_PULLREQUEST_PULLREQUESTID")
    const requester = get(env, "BUILD_REQUESTEDFORID")
    const run: CiRun = {
      connectorType: "azure_pipelines",
      toolName: "azure-pipelines",
      runKey: [
        "azure",
        hostOf(collection),
        project,
        buildId,
        get(env, "SYSTEM_JOBID") ?? job,
        get(env, "SYSTEM_JOBATTEMPT") ?? "1"
      ].join("|"),
      sessionId: `azure-pipelines:${project}:build/${buildId}`,
      agentId: `azure-pipelines:${project}/${pipeline}`,
      pipeline,
      job,
      trigger: get(env, "BUILD_REASON"),
      ref: get(env, "BUILD_SOURCEBRANCH"),
      sha: get(env, "BUILD_SOURCEVERSION"),
      change: prId === undefined ? undefined : {
        label: `PR ${prId}`,
        source: get(env, "SYSTEM_PULLREQUEST_SOURCEBRANCH"),
        target: get(env, "SYSTEM_PULLREQUEST_TARGETBRANCH")
      },
      repository: get(env, "BUILD_REPOSITORY_NAME"),
      actorRef: requester === undefined ? undefined : `azure-devops:user/${requester}`,
      runtimeVersion: get(env, "AGENT_OS"),
      runUrl: buildUrl(collection, project, buildId),
      status: get(env, "AGENT_JOBSTATUS")
    }
    return ciDrafts(run, input.phase, input.options ?? {}, now)
  })
