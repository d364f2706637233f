import type { Decision, Severity } from "../../../domain/Envelope.ts"

export type CiStatus = "success" | "success_with_issues" | "failure" | "cancelled" | "skipped" | "unknown"

// GitHub `job.status` / `needs.<job>.result`, GitLab CI_JOB_STATUS, Azure AGENT_JOBSTATUS.
const aliases: Record<string, CiStatus> = {
  success: "success",
  succeeded: "success",
  succeededwithissues: "success_with_issues",
  failure: "failure",
  failed: "failure",
  cancelled: "cancelled",
  canceled: "cancelled",
  skipped: "skipped"
}

export const normalizeStatus = (raw: string | undefined): CiStatus =>
  raw === undefined ? "unknown" : aliases[raw.trim().toLowerCase()] ?? "unknown"

export interface CiVerdict {
  readonly decision: Decision
  readonly severity: Severity
}

const v = (decision: Decision, severity: Severity): CiVerdict => ({ decision, severity })

/**
 * Finished job or check → decision and severity. "Required" means named in the
 * required-checks list (branch protection / merge checks / build validation).
 *
 * | status              | not required        | required          | why                                        |
 * | ------------------- | ------------------- | ----------------- | ------------------------------------------ |
 * | success             | allow / none        | allow / none      | nothing to look at                         |
 * | success_with_issues | audit_only / low    | warn / low        | Azure "partially succeeded" gate           |
 * | failure             | audit_only / low    | warn / medium     | a failed required check blocks the merge   |
 * | cancelled           | audit_only / none   | warn / low        | a cancelled required check never passed    |
 * | skipped             | not_applicable/none | not_applicable/none | GitHub counts a skipped required job as passing |
 * | unknown (no status) | audit_only / low    | audit_only / low  | the step did not say how the job ended     |
 */
export const ciVerdicts: Record<CiStatus, { readonly optional: CiVerdict; readonly required: CiVerdict }> = {
  success: { optional: v("allow", "none"), required: v("allow", "none") },
  success_with_issues: { optional: v("audit_only", "low"), required: v("warn", "low") },
  failure: { optional: v("audit_only", "low"), required: v("warn", "medium") },
  cancelled: { optional: v("audit_only", "none"), required: v("warn", "low") },
  skipped: { optional: v("not_applicable", "none"), required: v("not_applicable", "none") },
  unknown: { optional: v("audit_only", "low"), required: v("audit_only", "low") }
}

export const ciVerdict = (status: CiStatus, required: boolean): CiVerdict =>
  required ? ciVerdicts[status].required : ciVerdicts[status].optional
