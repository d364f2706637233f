import { Clock, Effect } from "effect"
import { TenantRegistry } from "../actor/TenantRegistry.ts"
import { EngineConfig } from "../config/EngineConfig.ts"
import { ConnectorStore } from "../store/ConnectorStore.ts"
import { HealthCounters } from "./HealthCounters.ts"
import { readMetrics, type Quantiles } from "./MetricReader.ts"
import { UNAUTHENTICATED } from "./Metrics.ts"

const figure = (counters: ReadonlyMap<string, number>, name: string) => counters.get(name) ?? 0

const countersFigures = (counters: ReadonlyMap<string, number>) => {
  const byReason: Record<string, number> = {}
  for (const [key, value] of counters) {
    const m = /^aispm_events_rejected_total\{reason=(.+)\}$/.exec(key)
    if (m?.[1] !== undefined && value > 0) byReason[m[1]] = value
  }
  return {
    accepted: figure(counters, "aispm_events_accepted_total"),
    duplicates: figure(counters, "aispm_events_duplicate_total"),
    rejected: { total: Object.values(byReason).reduce((a, b) => a + b, 0), by_reason: byReason },
    late: figure(counters, "aispm_events_late_total"),
    retries: figure(counters, "aispm_transport_retries_total"),
    redactions: figure(counters, "aispm_redactions_total"),
    storage_failures: figure(counters, "aispm_storage_failures_total"),
    mailbox_refusals: figure(counters, "aispm_mailbox_refusals_total"),
    subscriber_drops: figure(counters, "aispm_subscriber_drops_total"),
    actor_restarts: figure(counters, "aispm_actor_restarts_total"),
    group_commits: figure(counters, "aispm_group_commits_total")
  }
}

const emptyQuantiles: Quantiles = { count: 0, p50: null, p90: null, p99: null }

/**
 * GET /ingestion/health (schemas/health-report.schema.json): the caller's
 * tenant in detail, and overall figures summed over every tenant without
 * naming any of them.
 */
export class HealthReport extends Effect.Service<HealthReport>()("HealthReport", {
  effect: Effect.gen(function*() {
    const config = yield* EngineConfig
    const counters = yield* HealthCounters
    const registry = yield* TenantRegistry
    const connectors = yield* ConnectorStore

    const report = (tenantId: string) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const totals = yield* counters.totals
        const { summaries } = yield* readMetrics
        const mailboxes = yield* registry.stats
        const mine = new Map(totals.filter((c) => c.tenantId === tenantId).map((c) => [c.counter, c.value]))
        const all = new Map<string, number>()
        for (const c of totals) {
          if (c.tenantId === UNAUTHENTICATED) continue
          all.set(c.counter, (all.get(c.counter) ?? 0) + c.value)
        }
        const unauthenticated = totals.filter((c) => c.tenantId === UNAUTHENTICATED).reduce((a, c) => a + c.value, 0)
        const mailbox = mailboxes.find((m) => m.tenantId === tenantId)
        const staleMs = config.staleConnectorSeconds * 1000
        const connectorRows = (yield* connectors.list(tenantId)).map((c) => ({
          connector_id: c.connectorId,
          connector_type: c.connectorType,
          last_seen_at: c.lastSeenAt,
          last_event_at: c.lastEventAt,
          events: c.events,
          stale: now - Date.parse(c.lastSeenAt) > staleMs
        }))
        return {
          generated_at: new Date(now).toISOString(),
          tenant: {
            tenant_ref: tenantId,
            ...countersFigures(mine),
            mailbox: { depth: mailbox?.depth ?? 0, capacity: config.mailboxCapacity, actor_running: mailbox !== undefined },
            ingest_lag_ms: summaries.get(`${tenantId}\u0000aispm_ingest_lag_ms`) ?? emptyQuantiles,
            commit_latency_ms: summaries.get(`${tenantId}\u0000aispm_commit_latency_ms`) ?? emptyQuantiles,
            connectors: connectorRows,
            stale_connectors: connectorRows.filter((c) => c.stale).map((c) => c.connector_id),
            stale_after_seconds: config.staleConnectorSeconds
          },
          overall: {
            ...countersFigures(all),
            unauthenticated_rejections: unauthenticated,
            active_tenants: mailboxes.length,
            mailbox_depth: mailboxes.reduce((a, m) => a + m.depth, 0)
          }
        }
      })

    return { report } as const
  })
}) {}
