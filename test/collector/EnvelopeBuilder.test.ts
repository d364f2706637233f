import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { buildEnvelope, type EventDraft } from "../../src/collector/EnvelopeBuilder.ts"
import { redactEnvelope } from "../../src/redaction/RedactEnvelope.ts"
import { contractErrors, ctx, now } from "./generic/contract.ts"

const secret = "password=FAKE-hunter2-value"

/** Every free-text field of a draft, each holding a secret. */
const draft: EventDraft = {
  connectorType: "claude_code",
  eventType: "tool_call",
  naturalKey: "session-1/tool-1",
  occurredAt: now,
  sessionId: "sess-1",
  agentId: `agent ${secret}`,
  runtimeVersion: `1.2.3 ${secret}`,
  repository: `acme/app ${secret}`,
  actorRef: `user ${secret}`,
  toolName: `Bash ${secret}`,
  actionType: `shell ${secret}`,
  targetSummary: `run ${secret}`,
  riskClassification: `shell ${secret}`,
  policyPack: `pack ${secret}`,
  evidenceRefs: [`ref ${secret}`],
  payloadRef: `vault://payloads/1?${secret}`
}

describe("buildEnvelope", () => {
  it.effect("redacts every free-text field at the source: the engine finds nothing left", () =>
    Effect.gen(function*() {
      const envelope = yield* buildEnvelope(ctx, draft)
      expect(contractErrors(envelope)).toEqual([])
      expect(JSON.stringify(envelope)).not.toContain("FAKE-hunter2-value")
      expect(envelope.event.policy_pack).toBe("pack password=[REDACTED:password]")
      expect(envelope.source.runtime_version).toBe("1.2.3 password=[REDACTED:password]")
      expect(redactEnvelope(envelope)).toEqual({ envelope, redactions: 0 })
    }))

  it.effect("the same native record always builds the same envelope", () =>
    Effect.gen(function*() {
      const a = yield* buildEnvelope(ctx, draft)
      const b = yield* buildEnvelope(ctx, { ...draft })
      expect(b).toEqual(a)
      expect(a.event.event_id).toMatch(/^evt_[0-9a-f]{32}$/)
      expect(a.transport.idempotency_key).toBe(a.event.event_id)
    }))
})
