import type { StoredEvent } from "../domain/StoredEvent.ts"
import { confidenceOfClasses, evidenceClassOf } from "./Evidence.ts"
import { shownTarget } from "./Items.ts"
import { surfaceOf } from "./Surfaces.ts"
import { normalizedInstant } from "./Timestamps.ts"
import type { ReplayPacket, ReplayStep } from "./Views.ts"

const stepOf = (event: StoredEvent, index: number): ReplayStep => {
  const body = event.envelope.event
  return {
    step: index + 1,
    seq: event.seq,
    event_id: body.event_id,
    event_type: body.event_type,
    occurred_at: normalizedInstant(body.occurred_at),
    agent_id: body.agent_id,
    tool_name: body.tool_name ?? null,
    action_type: body.action_type ?? null,
    decision: body.decision ?? null,
    severity: body.severity ?? null,
    surface: surfaceOf(body),
    target_summary: shownTarget(body.target_summary),
    hash: event.hash
  }
}

const count = (steps: ReadonlyArray<ReplayStep>, p: (s: ReplayStep) => boolean): number =>
  steps.reduce((n, s) => (p(s) ? n + 1 : n), 0)

/**
 * An auditor's replay of one session. Events of other sessions are left out
 * (the caller may pass a tenant's log unfiltered); steps follow the log's
 * sequence, not `occurred_at`, because the log order is the order the engine
 * saw and chained. First and last times are the earliest and latest
 * normalized `occurred_at`, which a late event can make differ from the
 * first and last steps.
 */
export const buildReplayPacket = (sessionId: string, events: ReadonlyArray<StoredEvent>): ReplayPacket => {
  const ordered = events
    .filter((e) => e.envelope.event.session_id === sessionId)
    .sort((a, b) => a.seq - b.seq)
  const steps = ordered.map(stepOf)
  const times = steps.map((s) => s.occurred_at).sort()
  const decisions = ordered.filter((e) => e.envelope.event.decision !== undefined)
  return {
    session_id: sessionId,
    first_occurred_at: times[0] ?? null,
    last_occurred_at: times[times.length - 1] ?? null,
    summary: {
      steps: steps.length,
      blocked: count(steps, (s) => s.decision === "block"),
      approval_required: count(steps, (s) => s.decision === "require_approval"),
      warned: count(steps, (s) => s.decision === "warn"),
      critical_or_high: count(steps, (s) => s.severity === "critical" || s.severity === "high"),
      evidence_confidence: confidenceOfClasses(decisions.map((e) => evidenceClassOf(e.envelope.event.evidence_refs)))
    },
    steps
  }
}
