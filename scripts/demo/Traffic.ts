import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Envelope } from "../../src/domain/Envelope.ts"
import { generateTenantStream, maxStepSeconds, type StreamItem } from "../generator/index.ts"

const examplePath = fileURLToPath(new URL("../../test/fixtures/public-example.json", import.meta.url))

/** The public contract's example envelope, addressed to `tenantRef`. */
export const publicExample = (tenantRef: string): Envelope => {
  const e = JSON.parse(readFileSync(examplePath, "utf8")) as Envelope
  return { ...e, tenant: { ...e.tenant, tenant_ref: tenantRef } }
}

export interface CollectorTraffic {
  readonly connectorId: string
  readonly inputs: ReadonlyArray<unknown>
}

export interface DemoTraffic {
  readonly items: ReadonlyArray<StreamItem>
  readonly collectors: ReadonlyArray<CollectorTraffic>
  readonly startAt: string
}

const connectorOf = (item: StreamItem): string | undefined => {
  if (item.kind !== "invalid") return item.envelope.source.connector_id
  const source = item.body["source"]
  const id = typeof source === "object" && source !== null ? (source as Record<string, unknown>)["connector_id"] : undefined
  return typeof id === "string" ? id : undefined
}

/**
 * A tenant's generated traffic ending about now (so the engine sees it as
 * fresh, not as a backlog), split by connector as the collectors on the
 * agents, MCP proxy, CI runners and IaC readers would each send their own.
 * Broken items without a connector id go with the first collector.
 */
export const demoTraffic = (
  seed: number,
  tenantRef: string,
  events: number,
  nowMs: number,
  rates: { readonly duplicateRate: number; readonly invalidRate: number; readonly secretRate: number }
): DemoTraffic => {
  const spanMs = Math.max(0, events - 1) * maxStepSeconds * 1000 + 20_000
  const startAt = new Date(Math.floor((nowMs - spanMs) / 1000) * 1000).toISOString()
  const items = generateTenantStream({ seed, tenantRef, events, startAt, ...rates })
  const byConnector = new Map<string, Array<unknown>>()
  for (const item of items) {
    const id = connectorOf(item) ?? byConnector.keys().next().value ?? "unattributed"
    const list = byConnector.get(id) ?? []
    list.push(item.kind === "invalid" ? item.body : item.envelope)
    byConnector.set(id, list)
  }
  return { items, startAt, collectors: [...byConnector].map(([connectorId, inputs]) => ({ connectorId, inputs })) }
}

const weight: Readonly<Record<string, number>> = { block: 100, require_approval: 30, warn: 10 }

/** The session with the weightiest decisions (blocks, then approvals, then warnings, then any): the most telling one to replay. */
export const tellingSession = (items: ReadonlyArray<StreamItem>): string | undefined => {
  const score = new Map<string, number>()
  for (const item of items) {
    if (item.kind !== "event") continue
    const e = item.envelope.event
    const w = e.decision === undefined ? 0 : (weight[e.decision] ?? 1)
    score.set(e.session_id, (score.get(e.session_id) ?? 0) + w)
  }
  return [...score].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0]
}
