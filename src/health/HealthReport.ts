import { Clock, Effect } from "effect"
import { type MailboxStats, TenantRegistry } from "../actor/TenantRegistry.ts"
import { EngineConfig } from "../config/EngineConfig.ts"
import { ConnectorStore } from "../store/ConnectorStore.ts"
import { CredentialStore } from "../store/CredentialStore.ts"
import type { StoredCounter } from "../store/HealthCounterStore.ts"
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
    access_refusals: [...counters].reduce((n, [key, value]) => (key.startsWith("aispm_access_refused_total") ? n + value : n), 0),
    subscriber_drops: figure(counters, "aispm_subscriber_drops_total"),
    actor_restarts: figure(counters, "aispm_actor_restarts_total"),
    group_commits: figure(counters, "aispm_group_commits_total")
  }
}

/** Connectors listed per tenant (the longest silent first); `connectors_total` says how many there are. */
const MAX_LISTED_CONNECTORS = 500

const emptyQuantiles: Quantiles = { count: 0, p50: null, p90: null, p99: null }

/**
 * GET /ingestion/health (schemas/health-report.schema.json): a viewer or
 * auditor sees its own tenant; the operator (admin token) sees the overall
 * figures and every tenant.
 */
export class HealthReport extends Effect.Service<HealthReport>()("HealthReport", {
  effect: Effect.gen(function*() {
    const config = yield* EngineConfig
    const counters = yield* HealthCounters
    const registry = yield* TenantRegistry
    const connectors = yield* ConnectorStore
    const credentials = yield* CredentialStore

    const tenantSection = (
      tenantId: string,
      now: number,
      totals: ReadonlyArray<StoredCounter>,
      summaries: ReadonlyMap<string, Quantiles>,
      mailboxes: ReadonlyArray<MailboxStats>
    ) =>
      Effect.gen(function*() {
        const mine = new Map(totals.filter((c) => c.tenantId === tenantId).map((c) => [c.counter, c.value]))
        const mailbox = mailboxes.find((m) => m.tenantId === tenantId)
        const staleMs = config.staleConnectorSeconds * 1000
        const listed = yield* connectors.list(tenantId, MAX_LISTED_CONNECTORS)
        const connectorRows = listed.connectors.map((c) => ({
          connector_id: c.connectorId,
          connector_type: c.connectorType,
          last_seen_at: c.lastSeenAt,
          last_event_at: c.lastEventAt,
          events: c.events,
          stale: now - Date.parse(c.lastSeenAt) > staleMs
        }))
        return {
          tenant_ref: tenantId,
          ...countersFigures(mine),
          mailbox: { depth: mailbox?.depth ?? 0, capacity: config.mailboxCapacity, actor_running: mailbox !== undefined },
          ingest_lag_ms: summaries.get(`${tenantId}\u0000aispm_ingest_lag_ms`) ?? emptyQuantiles,
          commit_latency_ms: summaries.get(`${tenantId}\u0000aispm_commit_latency_ms`) ?? emptyQuantiles,
          connectors: connectorRows,
          connectors_total: listed.total,
          stale_connectors: connectorRows.filter((c) => c.stale).map((c) => c.connector_id),
          stale_after_seconds: config.staleConnectorSeconds
        }
      })

    const readings = Effect.all({
      now: Clock.currentTimeMillis,
      totals: counters.totals,
      metrics: readMetrics,
      mailboxes: registry.stats
    })

    /** A tenant's own health: nothing in it is about any other tenant. */
    const report = (tenantId: string) =>
      Effect.gen(function*() {
        const r = yield* readings
        return {
          generated_at: new Date(r.now).toISOString(),
          tenant: yield* tenantSection(tenantId, r.now, r.totals, r.metrics.summaries, r.mailboxes)
        }
      })

    /**
     * The operator's view (admin token): overall figures over every tenant,
     * and one page of tenants in detail (by tenant_ref, those after `after`).
     */
    const operatorReport = (page: { readonly after: string | undefined; readonly limit: number }) => Effect.gen(function*() {
      const r = yield* readings
      const all = new Map<string, number>()
      // Every tenant, the silent ones too (no collector yet, or none since the engine started).
      const tenantIds = new Set<string>(r.mailboxes.map((m) => m.tenantId))
      for (const t of yield* credentials.listTenants) tenantIds.add(t.tenantId)
      for (const c of r.totals) {
        if (c.tenantId === UNAUTHENTICATED) continue
        tenantIds.add(c.tenantId)
        all.set(c.counter, (all.get(c.counter) ?? 0) + c.value)
      }
      const unauthenticated = r.totals.filter((c) => c.tenantId === UNAUTHENTICATED).reduce((a, c) => a + c.value, 0)
      const sorted = [...tenantIds].sort()
      const listed = sorted.filter((id) => page.after === undefined || id > page.after)
      const shown = listed.slice(0, page.limit)
      const tenants = yield* Effect.forEach(
        shown,
        (id) => tenantSection(id, r.now, r.totals, r.metrics.summaries, r.mailboxes)
      )
      return {
        generated_at: new Date(r.now).toISOString(),
        overall: {
          ...countersFigures(all),
          unauthenticated_rejections: unauthenticated,
          active_tenants: r.mailboxes.length,
          mailbox_depth: r.mailboxes.reduce((a, m) => a + m.depth, 0)
        },
        tenants,
        tenants_page: {
          after: page.after ?? null,
          limit: page.limit,
          total: sorted.length,
          next_after: listed.length > shown.length ? shown[shown.length - 1]! : null
        }
      }
    })

    return { report, operatorReport } as const
  })
}) {}
