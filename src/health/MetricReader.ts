import { Effect, Metric, MetricState, Option } from "effect"

/** One counter value as the health layer names it: `name` or `name{reason=code}`. */
export interface CounterReading {
  readonly tenantId: string
  readonly key: string
  readonly value: number
}

export interface Quantiles {
  readonly count: number
  readonly p50: number | null
  readonly p90: number | null
  readonly p99: number | null
}

export interface MetricReadings {
  readonly counters: ReadonlyArray<CounterReading>
  readonly summaries: ReadonlyMap<string, Quantiles>
}

const tag = (tags: ReadonlyArray<{ readonly key: string; readonly value: string }>, key: string) =>
  tags.find((t) => t.key === key)?.value

const quantile = (qs: ReadonlyArray<readonly [number, Option.Option<number>]>, q: number): number | null =>
  Option.getOrNull(qs.find(([at]) => at === q)?.[1] ?? Option.none())

/** Reads every `aispm_*` metric of the registry, keyed by tenant. */
export const readMetrics: Effect.Effect<MetricReadings> = Effect.map(Metric.snapshot, (pairs) => {
  const counters: Array<CounterReading> = []
  const summaries = new Map<string, Quantiles>()
  for (const { metricKey, metricState } of pairs) {
    if (!metricKey.name.startsWith("aispm_")) continue
    const tenantId = tag(metricKey.tags, "tenant")
    if (tenantId === undefined) continue
    if (MetricState.isCounterState(metricState)) {
      const reason = tag(metricKey.tags, "reason")
      const key = reason === undefined ? metricKey.name : `${metricKey.name}{reason=${reason}}`
      counters.push({ tenantId, key, value: Number(metricState.count) })
    } else if (MetricState.isSummaryState(metricState)) {
      summaries.set(`${tenantId}\u0000${metricKey.name}`, {
        count: metricState.count,
        p50: quantile(metricState.quantiles, 0.5),
        p90: quantile(metricState.quantiles, 0.9),
        p99: quantile(metricState.quantiles, 0.99)
      })
    }
  }
  return { counters, summaries }
})
