import { Either, Schema } from "effect"
import type { Decision } from "../../../domain/Envelope.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import { type ApprovalStatus, CavraRecord } from "./cavraRecords.ts"
import { draft } from "./draft.ts"
import { invalidInput, issueOf, parseJsonText } from "./inputErrors.ts"
import { type MalformedLine, numberedLines } from "./lines.ts"

export interface CavraResult {
  readonly drafts: ReadonlyArray<EventDraft>
  readonly malformed: ReadonlyArray<MalformedLine>
}

/**
 * | approval status | decision               | why                                          |
 * | --------------- | ---------------------- | -------------------------------------------- |
 * | requested       | require_approval       | execution waits for a reviewer               |
 * | approved        | allow_with_attestation | allowed, with the approval as evidence       |
 * | rejected        | block                  | the reviewer stopped it                      |
 * | expired         | block                  | nobody approved in time: it did not run      |
 */
export const approvalDecision: Record<ApprovalStatus, Decision> = {
  requested: "require_approval",
  approved: "allow_with_attestation",
  rejected: "block",
  expired: "block"
}

const sha256Digest = /^sha256:([0-9a-f]{64})$/

const refs = (
  r: { readonly evidence_refs?: ReadonlyArray<string> | undefined; readonly signature_ref?: string | undefined }
) => {
  // EventDraft has no signature_ref: the signature travels as an evidence ref, which is also
  // what makes the engine grade the evidence as signed.
  const all = [...(r.evidence_refs ?? []), ...(r.signature_ref === undefined ? [] : [r.signature_ref])]
  return all.length === 0 ? undefined : all
}

export const cavraDraft = (r: CavraRecord): EventDraft => {
  const base = {
    connectorType: "custom" as const,
    eventType: r.kind,
    sessionId: r.session_id,
    agentId: r.agent_id,
    runtimeVersion: r.runtime_version,
    repository: r.repository,
    policyPack: r.policy_pack,
    targetSummary: r.target,
    evidenceRefs: refs(r)
  }
  switch (r.kind) {
    case "policy_decision":
      return draft({
        ...base,
        naturalKey: `cavra|policy_decision|${r.decision_id}`,
        occurredAt: r.decided_at,
        decision: r.decision,
        severity: r.severity,
        riskClassification: r.rule,
        toolName: r.tool_name,
        actionType: r.action_type ?? `policy.${r.rule}`
      })
    case "approval_event":
      return draft({
        ...base,
        naturalKey: `cavra|approval_event|${r.approval_id}|${r.status}`,
        occurredAt: r.at,
        decision: approvalDecision[r.status],
        severity: r.severity,
        riskClassification: r.reason_code,
        actorRef: r.approver_role === undefined ? undefined : `role:${r.approver_role}`,
        actionType: `approval.${r.status}`
      })
    case "evidence_event":
      return draft({
        ...base,
        naturalKey: `cavra|evidence_event|${r.evidence_id}`,
        occurredAt: r.recorded_at,
        actionType: `evidence.${r.evidence_type}`,
        payloadHash: r.digest === undefined ? undefined : sha256Digest.exec(r.digest)?.[1]
      })
  }
}

const decodeRecord = Schema.decodeUnknownEither(CavraRecord)

const toDraft = (value: unknown): Either.Either<EventDraft, string> =>
  decodeRecord(value).pipe(
    Either.map(cavraDraft),
    Either.mapLeft((error) => {
      const { path, reason } = issueOf(error)
      return path === "" ? reason : `${reason} at ${path}`
    })
  )

const collect = (items: ReadonlyArray<{ readonly line: number; readonly value: Either.Either<unknown, string> }>) => {
  const drafts: Array<EventDraft> = []
  const malformed: Array<MalformedLine> = []
  for (const { line, value } of items) {
    Either.match(Either.flatMap(value, toDraft), {
      onLeft: (reason) => malformed.push({ line, reason }),
      onRight: (d) => drafts.push(d)
    })
  }
  return { drafts, malformed }
}

/**
 * CAVRA runtime records, as JSONL (one record a line) or one JSON array. A bad line or
 * element is skipped and reported (element numbers count from 1 for an array), so one torn
 * write cannot hold back the rest; an array that is not JSON at all is an error.
 */
export const cavraDrafts = (text: string): Either.Either<CavraResult, InvalidRequest> => {
  if (!text.trimStart().startsWith("[")) {
    return Either.right(collect(numberedLines(text).map(({ line, text: t }) => ({
      line,
      value: Either.try({ try: (): unknown => JSON.parse(t), catch: () => "not valid JSON" })
    }))))
  }
  return parseJsonText(text, "cavra_input_invalid", "CAVRA record array").pipe(
    Either.flatMap((value) =>
      Array.isArray(value)
        ? Either.right(collect(value.map((v: unknown, i) => ({ line: i + 1, value: Either.right(v) }))))
        : Either.left(invalidInput("cavra_input_invalid", "CAVRA input is neither JSONL nor a JSON array"))
    )
  )
}
