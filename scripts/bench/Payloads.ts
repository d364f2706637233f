import type { Envelope } from "../../src/domain/Envelope.ts"
import { generateTenantEvents } from "../generator/index.ts"

const ID = "\u0000ID\u0000"
const filler = " · context: updated module docs and unit cases for the payments service, reviewed by the owning team"

/**
 * Pre-serialized ~2 KB envelopes with a hole for the event id: a driver
 * makes envelope k by joining the parts with a fresh id, so every envelope
 * sent is new (not a duplicate) and the client spends almost nothing per event.
 */
export class Payloads {
  private readonly templates: ReadonlyArray<ReadonlyArray<string>>
  private next = 0
  readonly averageBytes: number

  constructor(tenantRef: string, private readonly prefix: string, targetBytes: number, seed = 7) {
    // Times end a minute ago: fresh for the engine, not late, not in the future.
    const startAt = new Date(Date.now() - 60_000 - 300 * 4000).toISOString()
    const envelopes = generateTenantEvents({ seed, tenantRef, events: 300, startAt })
    this.templates = envelopes.map((e) => this.template(e, targetBytes))
    const sizes = this.templates.map((parts) => parts.join("evt_bench_x_0000000").length)
    this.averageBytes = sizes.reduce((a, b) => a + b, 0) / sizes.length
  }

  private template(e: Envelope, targetBytes: number): ReadonlyArray<string> {
    const bare = JSON.stringify({ ...e, event: { ...e.event, event_id: ID }, transport: { ...e.transport, idempotency_key: ID } })
    const missing = Math.max(0, targetBytes - bare.length)
    const summary = `${e.event.target_summary ?? "change"}${filler.repeat(Math.ceil(missing / filler.length)).slice(0, missing)}`
    const padded = { ...e, event: { ...e.event, event_id: ID, target_summary: summary }, transport: { ...e.transport, idempotency_key: ID } }
    return JSON.stringify(padded).split(JSON.stringify(ID).slice(1, -1))
  }

  /** The next envelope as JSON text, with a unique id. */
  one(): string {
    const k = this.next++
    const parts = this.templates[k % this.templates.length]!
    return parts.join(`evt_bench_${this.prefix}_${k}`)
  }

  /** `count` envelopes as a JSON array text. */
  array(count: number): string {
    const items: Array<string> = []
    for (let i = 0; i < count; i++) items.push(this.one())
    return `[${items.join(",")}]`
  }
}
