import { Duration, Effect, type Redacted, Schedule } from "effect"
import type { Spool } from "../spool/Spool.ts"

export interface Progress {
  readonly accepted: number
  readonly duplicates: number
  readonly rejected: number
  readonly retried: number
  readonly inFlight: number
}

export interface DeliveryConfig {
  /** Engine base URL (`AISPM_URL`), http(s); the socket uses ws(s) on the same host. */
  readonly url: string
  /** Collector credential (`AISPM_TOKEN`), sent as `Authorization: Bearer`. */
  readonly token: Redacted.Redacted<string>
  /** More request headers on the socket upgrade and every HTTPS batch (e.g. a CI job's workload identity). */
  readonly headers?: Readonly<Record<string, string>>
  readonly spool: Spool
  /** Envelopes sent and not yet acknowledged on the socket (default 500). */
  readonly window?: number
  /** Envelopes per WebSocket frame, also capped by the engine's `max_batch_events` (default 100). */
  readonly frameEvents?: number
  /** Envelopes per HTTPS batch request before any 413 split (default 100). */
  readonly httpBatchEvents?: number
  /** Delays between connection attempts (default: jittered exponential, 250 ms up to 30 s). */
  readonly reconnect?: Schedule.Schedule<unknown, unknown>
  /** Delays before resending envelopes the engine refused with `retryable: true`. */
  readonly retryRefused?: Schedule.Schedule<unknown, unknown>
  /** Consecutive failed socket connections before a round over HTTPS batch (default 3; 0: HTTPS batch only). */
  readonly fallbackAfter?: number
  /** Attempts of one HTTPS batch on 429/503/5xx/network errors (default 6). */
  readonly httpAttempts?: number
  /** Silence with envelopes in flight after which the socket is presumed dead (default 30 s). */
  readonly ackTimeout?: Duration.DurationInput
  /** How often a long-running sender looks for newly spooled envelopes (default 1 s). */
  readonly pollInterval?: Duration.DurationInput
  /** How `Retry-After` is waited for; tests inject one that records the delay. */
  readonly sleep?: (d: Duration.Duration) => Effect.Effect<void>
  readonly onProgress?: (p: Progress) => Effect.Effect<void>
}

/**
 * Jittered exponential backoff: base doubling, each delay scaled by a random
 * factor in [0.8, 1.2] drawn from the `Random` service (seed it with
 * `Effect.withRandom(Random.make(seed))` for reproducible runs), capped.
 */
export const jitteredBackoff = (
  base: Duration.DurationInput = "250 millis",
  cap: Duration.DurationInput = "30 seconds"
): Schedule.Schedule<Duration.Duration> =>
  Schedule.exponential(base, 2).pipe(
    Schedule.jittered,
    Schedule.modifyDelay((_, delay) => Duration.min(delay, Duration.decode(cap)))
  )

export interface ResolvedConfig extends Required<Omit<DeliveryConfig, "onProgress">> {
  readonly onProgress: (p: Progress) => Effect.Effect<void>
  readonly ingestUrl: string
  readonly batchUrl: string
}

const trimSlash = (url: string): string => url.replace(/\/+$/, "")

export const resolveConfig = (c: DeliveryConfig): ResolvedConfig => {
  const base = trimSlash(c.url)
  return {
    ...c,
    headers: c.headers ?? {},
    window: c.window ?? 500,
    frameEvents: c.frameEvents ?? 100,
    httpBatchEvents: c.httpBatchEvents ?? 100,
    reconnect: c.reconnect ?? jitteredBackoff(),
    retryRefused: c.retryRefused ?? jitteredBackoff("500 millis"),
    fallbackAfter: c.fallbackAfter ?? 3,
    httpAttempts: c.httpAttempts ?? 6,
    ackTimeout: c.ackTimeout ?? "30 seconds",
    pollInterval: c.pollInterval ?? "1 second",
    sleep: c.sleep ?? ((d) => Effect.sleep(d)),
    onProgress: c.onProgress ?? (() => Effect.void),
    ingestUrl: `${base.replace(/^http/, "ws")}/enterprise/aispm/ingest`,
    batchUrl: `${base}/enterprise/aispm/events/batch`
  }
}
