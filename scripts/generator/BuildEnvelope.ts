import type { Envelope, EventBody } from "../../src/domain/Envelope.ts"
import { isoUtc } from "./IsoTime.ts"
import type { Prng } from "./Prng.ts"
import type { Draft, SessionContext } from "./Types.ts"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Identity and time the interleaver gives an event. */
export interface Stamp {
  readonly eventId: string
  readonly occurredMs: number
  readonly receivedMs: number
  readonly retryCount: number
}

const boundaries: Envelope["enterprise_boundaries"] = {
  collector_implementation: "requires_cavra_enterprise",
  tenant_persistence: "requires_cavra_enterprise",
  streaming_transport: "requires_cavra_enterprise",
  raw_payload_storage: "requires_cavra_enterprise",
  license_enforcement: "requires_cavra_enterprise"
}

const isConversational = (type: Draft["eventType"]): boolean =>
  type === "prompt" || type === "model_response" || type === "reasoning_trace"

/**
 * Draft + session + stamp → a public-contract envelope that passes schema and
 * semantic rules. `source`, `tenant` and `enterprise_boundaries` are shared
 * between envelopes (fewer allocations for benchmarks): treat envelopes as
 * the immutable values their type says they are.
 */
export const buildEnvelope = (rng: Prng, ctx: SessionContext, draft: Draft, stamp: Stamp): Envelope => {
  const event: Mutable<EventBody> = {
    event_id: stamp.eventId,
    event_type: draft.eventType,
    occurred_at: isoUtc(stamp.occurredMs),
    received_at: isoUtc(stamp.receivedMs),
    session_id: ctx.sessionId,
    agent_id: ctx.agentId,
    repository: ctx.repository,
    actor_ref: ctx.actorRef
  }
  if (draft.toolName !== undefined) event.tool_name = draft.toolName
  if (draft.actionType !== undefined) event.action_type = draft.actionType
  if (draft.targetSummary !== undefined) event.target_summary = draft.targetSummary
  if (draft.decision !== undefined) event.decision = draft.decision
  if (draft.severity !== undefined) event.severity = draft.severity
  if (draft.riskClassification !== undefined) event.risk_classification = draft.riskClassification
  if (draft.decision !== undefined || draft.eventType === "approval_event") event.policy_pack = ctx.policyPack
  if (draft.evidenceRefs !== undefined) event.evidence_refs = draft.evidenceRefs

  const redaction: Mutable<Envelope["redaction"]> = {
    payload_handling: "metadata_only",
    raw_prompt_included: false,
    reasoning_included: false,
    tool_output_included: false,
    redaction_profile: isConversational(draft.eventType) ? "aispm-metadata-only" : "aispm-collector-default"
  }
  const integrity: Mutable<Envelope["integrity"]> = {
    signature_required: draft.signed === true,
    hash_algorithm: rng.chance(0.9) ? "sha256" : rng.pick(["sha384", "sha512"] as const)
  }
  if (draft.privatePayload === true) {
    event.payload_ref = `enterprise-private://${ctx.tenantSlug}/payloads/${stamp.eventId}`
    redaction.payload_handling = "private_payload_ref"
    redaction.private_payload_required = true
    integrity.payload_hash = rng.hex(integrity.hash_algorithm === "sha256" ? 64 : integrity.hash_algorithm === "sha384" ? 96 : 128)
  } else if (!isConversational(draft.eventType) && rng.chance(0.4)) {
    redaction.payload_handling = "redacted_summary"
  }
  if (draft.signed === true) integrity.signature_ref = `enterprise-private://signatures/${ctx.tenantSlug}/${rng.hex(24)}`

  return {
    schema_version: "cavra.aispm.enterprise_live_ingestion_envelope.v1",
    product: "CAVRA",
    edition: "enterprise",
    contract_visibility: "public_contract",
    event,
    source: ctx.source,
    tenant: ctx.tenant,
    redaction,
    integrity,
    transport: {
      ingress_mode: ctx.connector.ingressMode,
      delivery_semantics: rng.chance(0.9) ? "at_least_once" : rng.pick(["exactly_once_private", "best_effort"] as const),
      idempotency_key: stamp.eventId,
      retry_count: stamp.retryCount
    },
    enterprise_boundaries: boundaries
  }
}
