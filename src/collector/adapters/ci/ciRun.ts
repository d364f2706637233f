import type { ConnectorType } from "../../../domain/Envelope.ts"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import { draft } from "../generic/draft.ts"
import { stripQuery } from "./ciEnv.ts"
import { type CiStatus, ciVerdict, normalizeStatus } from "./ciStatus.ts"

export type CiPhase = "start" | "finish"

export interface CiOptions {
  /** Check (job) names the merge requires; a finished job or check named here is "required". */
  readonly requiredChecks?: ReadonlyArray<string>
  /** Results of other jobs this step can see, e.g. GitHub `${{ toJSON(needs) }}` flattened to name → result. */
  readonly checkResults?: Readonly<Record<string, string>>
  /** Links to artifacts the job produced. */
  readonly artifactUrls?: ReadonlyArray<string>
  /** How the job ended, where the platform has no variable for it (GitHub `${{ job.status }}`). */
  readonly jobStatus?: string
  /** Matrix leg label (GitHub gives every leg the same GITHUB_JOB). */
  readonly matrix?: string
}

/** What every CI platform's variables boil down to. */
export interface CiRun {
  readonly connectorType: Extract<ConnectorType, "github_actions" | "gitlab_ci" | "azure_pipelines">
  readonly toolName: string
  /** Identifies this job execution; natural keys of all its events start with it. */
  readonly runKey: string
  readonly sessionId: string
  readonly agentId: string
  readonly pipeline: string
  readonly job: string
  readonly trigger?: string | undefined
  readonly ref?: string | undefined
  readonly sha?: string | undefined
  readonly change?: { readonly label: string; readonly source?: string | undefined; readonly target?: string | undefined } | undefined
  readonly repository?: string | undefined
  readonly actorRef?: string | undefined
  readonly runtimeVersion?: string | undefined
  readonly runUrl?: string | undefined
  readonly startedAt?: string | undefined
  readonly status?: string | undefined
}

export const ciPolicyPack = "aispm-collector-ci-rules.v1"

const jobLabel = (run: CiRun, options: CiOptions) =>
  options.matrix === undefined ? run.job : `${run.job} (${options.matrix})`

const describeRun = (run: CiRun, label: string): string => {
  const parts = [`${run.pipeline} / ${label}`]
  if (run.trigger !== undefined) parts.push(`on ${run.trigger}`)
  if (run.ref !== undefined) parts.push(`@ ${run.ref}`)
  if (run.sha !== undefined) parts.push(`(${run.sha.slice(0, 7)})`)
  if (run.change !== undefined) {
    const flow = run.change.source !== undefined && run.change.target !== undefined
      ? ` ${run.change.source} -> ${run.change.target}`
      : ""
    parts.push(`${run.change.label}${flow}`)
  }
  return parts.join(" ")
}

const verdictFields = (status: CiStatus, required: boolean) => ({
  ...ciVerdict(status, required),
  riskClassification: `${required ? "required" : "optional"}_check_${status}`,
  policyPack: ciPolicyPack
})

/** Job start/finish, other checks' results and artifact links of one CI job, as drafts. */
export const ciDrafts = (run: CiRun, phase: CiPhase, options: CiOptions, now: string): ReadonlyArray<EventDraft> => {
  const label = jobLabel(run, options)
  const required = new Set(options.requiredChecks ?? [])
  const isRequired = required.has(label) || required.has(run.job)
  const common = {
    connectorType: run.connectorType,
    eventType: "ci_runner_event" as const,
    sessionId: run.sessionId,
    agentId: run.agentId,
    repository: run.repository,
    actorRef: run.actorRef,
    runtimeVersion: run.runtimeVersion,
    toolName: run.toolName
  }
  const runRefs = run.runUrl === undefined ? undefined : [run.runUrl]
  const status = normalizeStatus(options.jobStatus ?? run.status)
  const mark = isRequired ? " [required]" : ""
  const job = draft({
    ...common,
    naturalKey: `${run.runKey}|${options.matrix ?? ""}|${phase}`,
    occurredAt: phase === "start" ? run.startedAt ?? now : now,
    actionType: `ci.job.${phase}`,
    targetSummary: phase === "start" ? `${describeRun(run, label)}${mark}` : `${run.pipeline} / ${label}: ${status}${mark}`,
    ...(phase === "finish" ? verdictFields(status, isRequired) : {}),
    evidenceRefs: runRefs
  })
  const checks = Object.entries(options.checkResults ?? {}).map(([name, result]) => {
    const checkStatus = normalizeStatus(result)
    const req = required.has(name)
    return draft({
      ...common,
      naturalKey: `${run.runKey}|check|${name}`,
      occurredAt: now,
      actionType: "ci.check_result",
      targetSummary: `${run.pipeline} / ${name}: ${checkStatus}${req ? " [required]" : ""}`,
      ...verdictFields(checkStatus, req),
      evidenceRefs: runRefs
    })
  })
  const artifacts = [...new Set((options.artifactUrls ?? []).map(stripQuery))].map((url) =>
    draft({
      ...common,
      naturalKey: `${run.runKey}|artifact|${url}`,
      occurredAt: now,
      actionType: "ci.artifact",
      targetSummary: url,
      evidenceRefs: [url]
    })
  )
  return [job, ...checks, ...artifacts]
}
