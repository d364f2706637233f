import type { Principal } from "../../src/auth/Principal.ts"
import { defaultTenantRef, generateTenantStream, type StreamItem } from "../generator/index.ts"

export interface HarnessOptions {
  readonly seed: number
  readonly tenants: number
  /** Items per tenant, duplicates and invalid envelopes included. */
  readonly events: number
  /** Items per tenant handed to the engine in one round. */
  readonly batch: number
  readonly duplicateRate: number
  readonly invalidRate: number
  readonly secretRate: number
}

export const defaultHarnessOptions: HarnessOptions = {
  seed: 1,
  tenants: 3,
  events: 200,
  batch: 20,
  duplicateRate: 0.05,
  invalidRate: 0.05,
  secretRate: 0.05
}

export interface TenantStream {
  readonly tenantRef: string
  readonly principal: Principal
  readonly items: ReadonlyArray<StreamItem>
}

/** What the engine is given for an item: an envelope, or a broken body. */
export const inputOf = (item: StreamItem): unknown => (item.kind === "invalid" ? item.body : item.envelope)

/** The generator's traffic of every tenant, each with the collector principal the harness ingests as. */
export const harnessStreams = (o: HarnessOptions): ReadonlyArray<TenantStream> =>
  Array.from({ length: o.tenants }, (_, i) => {
    const tenantRef = defaultTenantRef(i)
    return {
      tenantRef,
      principal: { tenantId: tenantRef, credentialId: "harness", role: "collector", scopes: {} },
      items: generateTenantStream({
        seed: o.seed,
        tenantRef,
        tenantIndex: i,
        events: o.events,
        duplicateRate: o.duplicateRate,
        invalidRate: o.invalidRate,
        secretRate: o.secretRate
      })
    }
  })
