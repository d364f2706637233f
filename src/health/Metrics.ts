import { Metric } from "effect"

/**
 * Every health figure the engine keeps, declared once. Counters are tagged
 * with `tenant` (and `reason` for refusals); the health report reads them
 * back from the metric registry, so what is counted is what is shown.
 */
export const eventsAccepted = Metric.counter("aispm_events_accepted_total", { incremental: true })
export const eventsDuplicate = Metric.counter("aispm_events_duplicate_total", { incremental: true })
export const eventsRejected = Metric.counter("aispm_events_rejected_total", { incremental: true })
export const eventsLate = Metric.counter("aispm_events_late_total", { incremental: true })
export const transportRetries = Metric.counter("aispm_transport_retries_total", { incremental: true })
export const redactions = Metric.counter("aispm_redactions_total", { incremental: true })
export const storageFailures = Metric.counter("aispm_storage_failures_total", { incremental: true })
/** Reads refused to an authenticated caller (a role without the permission): not ingest rejections. */
export const accessRefused = Metric.counter("aispm_access_refused_total", { incremental: true })
export const mailboxRefusals = Metric.counter("aispm_mailbox_refusals_total", { incremental: true })
export const subscriberDrops = Metric.counter("aispm_subscriber_drops_total", { incremental: true })
export const actorRestarts = Metric.counter("aispm_actor_restarts_total", { incremental: true })
export const groupCommits = Metric.counter("aispm_group_commits_total", { incremental: true })

const quantiles = [0.5, 0.9, 0.99] as const
const summary = (name: string) =>
  Metric.summary({ name, maxAge: "10 minutes", maxSize: 2048, error: 0.01, quantiles: [...quantiles] })

/** occurred_at → engine receive time, in milliseconds. */
export const ingestLagMs = summary("aispm_ingest_lag_ms")
/** Group commit duration (transaction), in milliseconds. */
export const commitLatencyMs = summary("aispm_commit_latency_ms")

/** Tenant tag used for refusals that happen before a credential names a tenant. */
export const UNAUTHENTICATED = "_unauthenticated"

export const forTenant = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>, tenantId: string) =>
  Metric.tagged(metric, "tenant", tenantId)

