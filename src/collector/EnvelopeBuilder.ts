import { Effect } from "effect"
import type { ConnectorType, Decision, Environment, Envelope, EventType, Severity } from "../domain/Envelope.ts"
import { sha256Hex } from "../integrity/Digest.ts"
import { redactEnvelope } from "../redaction/RedactEnvelope.ts"
import { redactText } from "../redaction/redactText.ts"

/** Where the collector runs; comes from flags or AISPM_TENANT_REF / AISPM_ENVIRONMENT. */
export interface CollectorContext {
  readonly tenantRef: string
  readonly environment: Environment
  readonly connectorId: string
  readonly collectorVersion: string
  readonly ingressMode?: Envelope["transport"]["ingress_mode"]
}

/** What an adapter knows about one native record, before contract boilerplate and redaction. */
export interface EventDraft {
  readonly connectorType: ConnectorType
  readonly eventType: EventType
  /**
   * A string that identifies the native record (e.g. hook session id + event name + tool use id).
   * The event_id and idempotency key derive from it, so re-reading the same input never duplicates.
   */
  readonly naturalKey: string
  readonly occurredAt: string
  readonly sessionId: string
  readonly agentId: string
  readonly runtimeVersion?: string
  readonly repository?: string
  readonly actorRef?: string
  readonly toolName?: string
  readonly actionType?: string
  readonly targetSummary?: string
  readonly decision?: Decision
  readonly severity?: Severity
  readonly riskClassification?: string
  readonly policyPack?: string
  readonly evidenceRefs?: ReadonlyArray<string>
  /** Hash of a raw payload that stays at the source (prompt text, tool output...). */
  readonly payloadHash?: string
  readonly payloadRef?: string
}

const maxSummary = 160

const clean = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined
  const { text } = redactText(value)
  return text.length > maxSummary ? `${text.slice(0, maxSummary - 1)}…` : text
}

const defined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

/**
 * Turns a draft into a public-contract envelope: stable ids, no raw content,
 * summaries cut to length, and every free-text field redacted at the source
 * by the engine's own redactor (so the engine finds nothing left to replace).
 */
export const buildEnvelope = (ctx: CollectorContext, d: EventDraft): Effect.Effect<Envelope> =>
  Effect.map(sha256Hex(`${d.connectorType}\u0000${ctx.connectorId}\u0000${d.naturalKey}`), (digest) => {
    const eventId = `evt_${digest.slice(0, 32)}`
    const refs = d.evidenceRefs?.map((r) => clean(r) ?? r)
    const envelope: Envelope = {
      schema_version: "cavra.aispm.enterprise_live_ingestion_envelope.v1",
      product: "CAVRA",
      edition: "enterprise",
      contract_visibility: "public_contract",
      event: defined({
        event_id: eventId,
        event_type: d.eventType,
        occurred_at: new Date(d.occurredAt).toISOString(),
        session_id: d.sessionId,
        agent_id: d.agentId,
        repository: clean(d.repository),
        actor_ref: clean(d.actorRef),
        tool_name: clean(d.toolName),
        action_type: clean(d.actionType),
        target_summary: clean(d.targetSummary),
        decision: d.decision,
        severity: d.severity,
        risk_classification: d.riskClassification,
        policy_pack: d.policyPack,
        evidence_refs: refs,
        payload_ref: d.payloadRef
      }),
      source: defined({
        connector_type: d.connectorType,
        connector_id: ctx.connectorId,
        runtime_version: d.runtimeVersion,
        collector_version: ctx.collectorVersion
      }),
      tenant: { tenant_ref: ctx.tenantRef, environment: ctx.environment },
      redaction: {
        payload_handling: d.payloadRef !== undefined ? "private_payload_ref" : "redacted_summary",
        raw_prompt_included: false,
        reasoning_included: false,
        tool_output_included: false,
        redaction_profile: "aispm-collector-default"
      },
      integrity: defined({
        signature_required: false,
        hash_algorithm: "sha256" as const,
        payload_hash: d.payloadHash
      }),
      transport: {
        ingress_mode: ctx.ingressMode ?? "websocket",
        delivery_semantics: "at_least_once",
        idempotency_key: eventId,
        retry_count: 0
      },
      enterprise_boundaries: {
        collector_implementation: "requires_cavra_enterprise",
        tenant_persistence: "requires_cavra_enterprise",
        streaming_transport: "requires_cavra_enterprise",
        raw_payload_storage: "requires_cavra_enterprise",
        license_enforcement: "requires_cavra_enterprise"
      }
    }
    return redactEnvelope(envelope).envelope
  })
