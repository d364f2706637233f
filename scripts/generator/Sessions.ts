import type { Environment, Envelope } from "../../src/domain/Envelope.ts"
import { breakEnvelope, invalidKinds, type InvalidKind } from "./BreakEnvelope.ts"
import { buildEnvelope } from "./BuildEnvelope.ts"
import { Prng, seedToInt, type Seed } from "./Prng.ts"
import { injectSecret, type InjectedSecret } from "./Secrets.ts"
import { nextSession } from "./SessionMix.ts"
import { describeTenant } from "./Tenant.ts"
import type { Draft, SessionScript } from "./Types.ts"

export const defaultStartAt = "2026-06-11T08:00:00.000Z"
/** Each new event happens 1 to `maxStepSeconds` whole seconds after the previous one of its tenant. */
export const maxStepSeconds = 4
/** received_at = occurred_at + up to 1.5 s of latency + 5 s per retry (at most 3). */
const maxDelayMs = 1500 + 3 * 5000

export interface TenantEventsOptions {
  readonly seed: Seed
  readonly tenantRef: string
  /** Number of items returned, duplicates (and invalid items, in a stream) included. */
  readonly events: number
  readonly startAt?: string
  /** Every session of the tenant in this environment; by default drawn per session. */
  readonly environment?: Environment
  /** Position in a workload; rotates which connector types the tenant uses. */
  readonly tenantIndex?: number
  /** Probability that an item re-emits, verbatim, one of the last 64 envelopes. */
  readonly duplicateRate?: number
  /** Probability that a new event carries a fake secret in target_summary. */
  readonly secretRate?: number
}

export interface TenantStreamOptions extends TenantEventsOptions {
  /** Probability that a new event is broken in one way (kind drawn uniformly from `invalidKinds`). */
  readonly invalidRate?: number
}

export type StreamItem =
  | { readonly kind: "event"; readonly envelope: Envelope; readonly secret?: InjectedSecret }
  | { readonly kind: "duplicate"; readonly envelope: Envelope; readonly of: number }
  | { readonly kind: "invalid"; readonly body: Record<string, unknown>; readonly reason: InvalidKind; readonly field: string }

export const parseStartAt = (startAt: string | undefined): number => {
  const ms = Date.parse(startAt ?? defaultStartAt)
  if (Number.isNaN(ms)) throw new RangeError(`startAt is not an ISO date-time: ${String(startAt)}`)
  return ms
}

/** No timestamp of a valid item of a stream of `events` items from `startAt` is later than this. */
export const timeBound = (startAt: string | undefined, events: number): string =>
  new Date(parseStartAt(startAt) + Math.max(0, events - 1) * maxStepSeconds * 1000 + maxDelayMs).toISOString()

const retryWeights = [
  { value: 0, weight: 92 },
  { value: 1, weight: 5 },
  { value: 2, weight: 2 },
  { value: 3, weight: 1 }
]

const seedTag = (seed: Seed): string => seedToInt(seed).toString(16).padStart(8, "0")
const pad = (n: number, width: number): string => String(n).padStart(width, "0")

/**
 * A tenant's traffic as a collector fleet would send it: a few sessions at a
 * time, their events interleaved, one tenant clock that starts at `startAt`
 * and advances by whole seconds, so times rise within each session (and
 * across the tenant). Ids are `evt_<tenant>_<seedtag>_<n>`: stable for a
 * seed, distinct across seeds.
 */
export const generateTenantStream = (options: TenantStreamOptions): Array<StreamItem> => {
  const rng = new Prng(`${seedTag(options.seed)}|events|${options.tenantRef}`)
  const faults = rng.fork("faults")
  const tenant = describeTenant(options.seed, options.tenantRef, options.tenantIndex ?? 0)
  const tag = `${tenant.slug}_${seedTag(options.seed)}`
  let clock = parseStartAt(options.startAt)
  let sessions = 0
  let eventNo = 0
  const open = (): { script: SessionScript; pos: number } => ({
    script: nextSession(rng, tenant, `sess_${tag}_${pad(sessions++, 5)}`, options.environment),
    pos: 0
  })
  const active = Array.from({ length: tenant.concurrency }, open)
  const recent: Array<{ envelope: Envelope; index: number }> = []
  const out: Array<StreamItem> = []

  for (let i = 0; i < options.events; i++) {
    if (recent.length > 0 && faults.chance(options.duplicateRate ?? 0)) {
      const original = faults.pick(recent)
      out.push({ kind: "duplicate", envelope: structuredClone(original.envelope), of: original.index })
      continue
    }
    const slot = rng.int(0, active.length - 1)
    let session = active[slot] as { script: SessionScript; pos: number }
    while (session.pos >= session.script.drafts.length) {
      session = open()
      active[slot] = session
    }
    let draft = session.script.drafts[session.pos++] as Draft
    if (eventNo > 0) clock += rng.int(1, maxStepSeconds) * 1000
    const retryCount = rng.weighted(retryWeights)
    const stamp = {
      eventId: `evt_${tag}_${pad(eventNo++, 6)}`,
      occurredMs: clock,
      receivedMs: clock + rng.int(20, 1500) + retryCount * 5000,
      retryCount
    }
    const secret = faults.chance(options.secretRate ?? 0) ? injectSecret(faults) : undefined
    if (secret !== undefined) draft = { ...draft, targetSummary: secret.summary }
    const envelope = buildEnvelope(rng, session.script.context, draft, stamp)
    if (faults.chance(options.invalidRate ?? 0)) {
      out.push({ kind: "invalid", ...breakEnvelope(faults, envelope, faults.pick(invalidKinds)) })
      continue
    }
    out.push(secret === undefined ? { kind: "event", envelope } : { kind: "event", envelope, secret: secret.secret })
    recent.push({ envelope, index: out.length - 1 })
    if (recent.length > 64) recent.shift()
  }
  return out
}

/** The valid envelopes of a tenant stream (no invalid items), duplicates and secrets as configured. */
export const generateTenantEvents = (options: TenantEventsOptions): Array<Envelope> => {
  const items = generateTenantStream({ ...options, invalidRate: 0 })
  const out: Array<Envelope> = []
  for (const item of items) if (item.kind !== "invalid") out.push(item.envelope)
  return out
}
