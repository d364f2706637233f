import type { Effect } from "effect"
import type { HealthReport } from "../../src/health/HealthReport.ts"
import type { ReplayPacket } from "../../src/projection/Views.ts"
import type { ChainAudit } from "../../src/store/ChainAudit.ts"

export type HealthJson = Effect.Effect.Success<ReturnType<HealthReport["report"]>>
export type ChainAuditJson = Effect.Effect.Success<ReturnType<ChainAudit["verify"]>>

const ms = (n: number | null) => (n === null ? "n/a" : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(1)} ms`)

const reasons = (byReason: Readonly<Record<string, number>>) => {
  const parts = Object.entries(byReason).sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, n]) => `${code}=${n}`)
  return parts.length === 0 ? "none" : parts.join(" ")
}

/** GET /ingestion/health, the caller's tenant, as a few lines. */
export const healthLines = (h: HealthJson): ReadonlyArray<string> => {
  const t = h.tenant
  return [
    `health of ${t.tenant_ref} at ${h.generated_at}`,
    `  accepted ${t.accepted}  duplicates ${t.duplicates}  late ${t.late}  retries ${t.retries}  ` +
      `redactions ${t.redactions}  group commits ${t.group_commits}  storage failures ${t.storage_failures}`,
    `  rejected ${t.rejected.total}: ${reasons(t.rejected.by_reason)}`,
    `  ingest lag (receive − occurred) p50 ${ms(t.ingest_lag_ms.p50)}  p99 ${ms(t.ingest_lag_ms.p99)}  (n=${t.ingest_lag_ms.count})`,
    `  commit latency p50 ${ms(t.commit_latency_ms.p50)}  p99 ${ms(t.commit_latency_ms.p99)}  (n=${t.commit_latency_ms.count})`,
    `  mailbox ${t.mailbox.depth}/${t.mailbox.capacity}  mailbox refusals ${t.mailbox_refusals}  subscriber drops ${t.subscriber_drops}`,
    `  connectors (${t.connectors.length}):`,
    ...t.connectors.map((c) =>
      `    ${c.connector_id.padEnd(33)} ${c.connector_type.padEnd(16)} ${String(c.events).padStart(5)} events  ` +
      `last seen ${c.last_seen_at}${c.stale ? "  STALE" : ""}`
    ),
    `  stale connectors (silent > ${t.stale_after_seconds} s): ${t.stale_connectors.length === 0 ? "none" : t.stale_connectors.join(", ")}`
  ]
}

/** GET /replay/{session_id}: its summary and the first steps. */
export const replayLines = (p: ReplayPacket, steps: number): ReadonlyArray<string> => {
  const s = p.summary
  return [
    `replay of ${p.session_id}: ${s.steps} steps from ${p.first_occurred_at ?? "?"} to ${p.last_occurred_at ?? "?"}`,
    `  blocked ${s.blocked}  approval required ${s.approval_required}  warned ${s.warned}  ` +
      `critical-or-high ${s.critical_or_high}  evidence ${s.evidence_confidence}`,
    ...p.steps.slice(0, steps).map((st) =>
      `  ${String(st.step).padStart(3)}. seq ${st.seq} ${st.event_type} ${st.tool_name ?? st.action_type ?? ""}` +
      `${st.decision ? ` → ${st.decision}` : ""}${st.severity ? ` (${st.severity})` : ""}  ${st.target_summary ?? ""}`
    ),
    ...(p.steps.length > steps ? [`  … ${p.steps.length - steps} more steps`] : [])
  ]
}

export const chainLines = (c: ChainAuditJson): ReadonlyArray<string> =>
  c.valid
    ? [`chain audit: valid, ${c.events_checked} events checked, head seq ${c.head_seq} hash ${"head_hash" in c ? c.head_hash.slice(0, 16) : "?"}…`]
    : [`chain audit: BROKEN at seq ${"broken_at" in c ? `${c.broken_at.seq} (${c.broken_at.reason})` : "?"}`]
