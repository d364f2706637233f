import type { StoredEvent } from "../domain/StoredEvent.ts"
import { evidenceClassOf } from "./Evidence.ts"
import type { DecisionRecord, FindingItem, NearMissItem, TimelineEntry } from "./StateSchema.ts"
import { type Surface, surfaceOf } from "./Surfaces.ts"
import { isSensitiveTarget, maskTarget } from "../redaction/SensitiveTarget.ts"
import { normalizedInstant } from "./Timestamps.ts"
import { isFinding, isNearMiss, operatorSignal } from "./Weights.ts"

/** Everything the projection reads from one stored event, computed once. */
export interface EventView {
  readonly event: StoredEvent
  readonly surface: Surface
  readonly occurredAt: string
  readonly target: string | null
  readonly finding: boolean
  readonly nearMiss: boolean
}

/** Targets reach dashboards and replays masked when sensitive. */
export const shownTarget = (target: string | undefined): string | null =>
  target === undefined ? null : isSensitiveTarget(target) ? maskTarget(target) : target

export const viewOf = (event: StoredEvent): EventView => {
  const body = event.envelope.event
  const decision = body.decision
  return {
    event,
    surface: surfaceOf(body),
    occurredAt: normalizedInstant(body.occurred_at),
    target: shownTarget(body.target_summary),
    finding: decision !== undefined && isFinding(decision, body.severity),
    nearMiss: decision !== undefined && isNearMiss(decision, body.severity)
  }
}

const facts = (view: EventView) => {
  const body = view.event.envelope.event
  return {
    seq: view.event.seq,
    event_id: body.event_id,
    event_type: body.event_type,
    occurred_at: view.occurredAt,
    session_id: body.session_id,
    agent_id: body.agent_id,
    surface: view.surface,
    severity: body.severity ?? null,
    tool_name: body.tool_name ?? null,
    action_type: body.action_type ?? null,
    target_summary: view.target
  }
}

export const timelineEntryOf = (view: EventView): TimelineEntry => ({
  ...facts(view),
  decision: view.event.envelope.event.decision ?? null,
  finding: view.finding,
  near_miss: view.nearMiss,
  late: view.event.late
})

/** `undefined` for an event without a decision: it is no decision record. */
export const decisionRecordOf = (view: EventView): DecisionRecord | undefined => {
  const body = view.event.envelope.event
  if (body.decision === undefined) return undefined
  return {
    seq: view.event.seq,
    occurred_at: view.occurredAt,
    agent_id: body.agent_id,
    surface: view.surface,
    decision: body.decision,
    severity: body.severity ?? null,
    repository: body.repository ?? null,
    policy_pack: body.policy_pack ?? null,
    action_type: body.action_type ?? null,
    evidence: evidenceClassOf(body.evidence_refs)
  }
}

export const findingItemOf = (view: EventView): FindingItem | undefined => {
  const body = view.event.envelope.event
  if (body.decision === undefined || !view.finding) return undefined
  return {
    ...facts(view),
    decision: body.decision,
    repository: body.repository ?? null,
    policy_pack: body.policy_pack ?? null
  }
}

export const nearMissItemOf = (view: EventView): NearMissItem | undefined => {
  const body = view.event.envelope.event
  if (body.decision === undefined || !view.nearMiss) return undefined
  return {
    ...facts(view),
    decision: body.decision,
    repository: body.repository ?? null,
    policy_pack: body.policy_pack ?? null,
    operator_signal: operatorSignal(body.decision)
  }
}
