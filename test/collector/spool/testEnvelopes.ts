import { Effect } from "effect"
import type { Envelope } from "../../../src/domain/Envelope.ts"
import { buildEnvelope, type CollectorContext } from "../../../src/collector/EnvelopeBuilder.ts"

export const testContext: CollectorContext = {
  tenantRef: "tenant:spool-test",
  environment: "test",
  connectorId: "collector-spool-test",
  collectorVersion: "0.1.0-test"
}

/** A contract envelope whose event_id is stable for a given key. */
export const envelopeFor = (key: string): Effect.Effect<Envelope> =>
  buildEnvelope(testContext, {
    connectorType: "custom",
    eventType: "tool_call",
    naturalKey: key,
    occurredAt: "2026-06-11T08:00:00Z",
    sessionId: "sess_spool_test",
    agentId: "spool-test-agent",
    toolName: "filesystem.write",
    targetSummary: `record ${key}`
  })

export const envelopesFor = (keys: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<Envelope>> =>
  Effect.forEach(keys, envelopeFor)
