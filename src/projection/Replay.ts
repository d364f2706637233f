import type { StoredEvent } from "../domain/StoredEvent.ts"
import { confidenceOf, evidenceClassOf } from "./Evidence.ts"
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

/** Most steps one replay page shows (also the default page size). */
export const REPLAY_PAGE_MAX = 10_000


/**
 * Folds one session's events, in sequence order, into its replay: summary
 * and times over the WHOLE session, steps (numbered within the session)
 * only for those after `afterSeq`, at most `limit`. Memory holds one page,
 * whatever the session's length.
 */
export const replayFold = (sessionId: string, afterSeq = 0, limit = REPLAY_PAGE_MAX) => {
  let steps = 0, blocked = 0, approvalRequired = 0, warned = 0, criticalOrHigh = 0
  let decisions = 0, signed = 0, withRefs = 0
  let first: string | null = null
  let last: string | null = null
  let next: number | null = null
  const shown: Array<ReplayStep> = []
  const add = (event: StoredEvent): void => {
    const body = event.envelope.event
    if (body.session_id !== sessionId) return
    steps++
    if (body.decision === "block") blocked++
    if (body.decision === "require_approval") approvalRequired++
    if (body.decision === "warn") warned++
    if (body.severity === "critical" || body.severity === "high") criticalOrHigh++
    if (body.decision !== undefined) {
      decisions++
      const evidence = evidenceClassOf(body.evidence_refs)
      if (evidence === "signed") signed++
      if (evidence !== "none") withRefs++
    }
    const at = normalizedInstant(body.occurred_at)
    if (first === null || at < first) first = at
    if (last === null || at > last) last = at
    if (event.seq <= afterSeq) return
    if (shown.length < limit) shown.push(stepOf(event, steps - 1))
    else next ??= shown[shown.length - 1]!.seq
  }
  const packet = (): ReplayPacket => ({
    session_id: sessionId,
    first_occurred_at: first,
    last_occurred_at: last,
    summary: {
      steps,
      blocked,
      approval_required: approvalRequired,
      warned,
      critical_or_high: criticalOrHigh,
      evidence_confidence: confidenceOf({ decisions, signed, withRefs })
    },
    steps: shown,
    page: { after_seq: afterSeq, limit, next_after_seq: next }
  })
  return { add, packet }
}

/**
 * An auditor's replay of one session. Events of other sessions are left out
 * (the caller may pass a tenant's log unfiltered); steps follow the log's
 * sequence, not `occurred_at`, because the log order is the order the engine
 * saw and chained. First and last times are the earliest and latest
 * normalized `occurred_at`, which a late event can make differ from the
 * first and last steps.
 */
export const buildReplayPacket = (
  sessionId: string,
  events: ReadonlyArray<StoredEvent>,
  afterSeq = 0,
  limit = REPLAY_PAGE_MAX
): ReplayPacket => {
  const fold = replayFold(sessionId, afterSeq, limit)
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) fold.add(e)
  return fold.packet()
}
