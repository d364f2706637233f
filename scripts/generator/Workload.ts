import type { Environment, Envelope } from "../../src/domain/Envelope.ts"
import { breakEnvelope, type InvalidEnvelope, type InvalidKind } from "./BreakEnvelope.ts"
import { Prng, type Seed } from "./Prng.ts"
import { generateTenantEvents } from "./Sessions.ts"

export interface WorkloadOptions {
  readonly seed: Seed
  readonly tenants: number
  readonly eventsPerTenant: number
  readonly startAt?: string
  readonly environment?: Environment
  /** Tenant refs to use in order; the rest are `tenant:gen-000`, `tenant:gen-001`... */
  readonly tenantRefs?: ReadonlyArray<string>
  readonly duplicateRate?: number
  readonly secretRate?: number
}

export interface TenantWorkload {
  readonly tenantRef: string
  readonly envelopes: Array<Envelope>
}

export const defaultTenantRef = (index: number): string => `tenant:gen-${String(index).padStart(3, "0")}`

/** Several tenants' traffic from one seed; tenant i uses tenant index i, so two tenants already cover every agent type. */
export const generateWorkload = (options: WorkloadOptions): Array<TenantWorkload> =>
  Array.from({ length: options.tenants }, (_, i) => {
    const tenantRef = options.tenantRefs?.[i] ?? defaultTenantRef(i)
    const envelopes = generateTenantEvents({
      seed: options.seed,
      tenantRef,
      events: options.eventsPerTenant,
      tenantIndex: i,
      ...(options.startAt !== undefined ? { startAt: options.startAt } : {}),
      ...(options.environment !== undefined ? { environment: options.environment } : {}),
      ...(options.duplicateRate !== undefined ? { duplicateRate: options.duplicateRate } : {}),
      ...(options.secretRate !== undefined ? { secretRate: options.secretRate } : {})
    })
    return { tenantRef, envelopes }
  })

/**
 * All tenants' envelopes in one list ordered by occurred_at (ties keep tenant
 * order), as a shared ingress would see them. Each tenant's own order is kept.
 */
export const mergeByTime = (workload: ReadonlyArray<TenantWorkload>): Array<Envelope> => {
  const cursors = workload.map(() => 0)
  const out: Array<Envelope> = []
  for (;;) {
    let best = -1
    let bestAt = ""
    for (let t = 0; t < workload.length; t++) {
      const next = workload[t]?.envelopes[cursors[t] ?? 0]
      if (next !== undefined && (best < 0 || next.event.occurred_at < bestAt)) {
        best = t
        bestAt = next.event.occurred_at
      }
    }
    if (best < 0) return out
    const envelopes = (workload[best] as TenantWorkload).envelopes
    out.push(envelopes[cursors[best] ?? 0] as Envelope)
    cursors[best] = (cursors[best] ?? 0) + 1
  }
}

export interface InvalidOptions {
  readonly tenantRef?: string
  readonly startAt?: string
}

/** One envelope broken in one way of `kind`, with the reason code and field the engine should answer with. */
export const generateInvalid = (seed: Seed, kind: InvalidKind, options: InvalidOptions = {}): InvalidEnvelope => {
  const rng = new Prng(`${String(seed)}|invalid|${kind}`)
  const base = generateTenantEvents({
    seed,
    tenantRef: options.tenantRef ?? defaultTenantRef(0),
    events: 12,
    ...(options.startAt !== undefined ? { startAt: options.startAt } : {})
  })
  return breakEnvelope(rng, rng.pick(base), kind)
}
