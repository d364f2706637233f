import { type Envelope, identifiersOf } from "../domain/Envelope.ts"
import { normalizeTimestamp } from "./Normalize.ts"
import { identifierHoldsSecret, type Redacted, type RedactionProfile, redactTextWith } from "./redactText.ts"

export interface RedactedEnvelope {
  readonly envelope: Envelope
  /** Total number of values replaced across all fields. */
  readonly redactions: number
}

type StringField<T> = Extract<{ [K in keyof T]-?: T[K] extends string | undefined ? K : never }[keyof T], string>

/**
 * Free-text fields a collector fills from the agent's world, where a secret
 * or an address can slip in (agent_id too: it changes only when it does hold
 * one). Identifiers that key deduplication and grouping (event_id, session_id,
 * connector_id, idempotency_key) are never rewritten: an envelope whose
 * identifier holds a secret is refused instead (see containsRedactable).
 * Enum-like and engine-owned fields (tenant_ref, hash_algorithm) are left as sent.
 */
const eventFields: ReadonlyArray<StringField<Envelope["event"]>> = [
  "agent_id",
  "repository",
  "actor_ref",
  "tool_name",
  "action_type",
  "target_summary",
  "risk_classification",
  "policy_pack",
  "payload_ref"
]
const sourceFields: ReadonlyArray<StringField<Envelope["source"]>> = ["runtime_version", "collector_version"]
const tenantFields: ReadonlyArray<StringField<Envelope["tenant"]>> = ["region", "data_residency_ref"]
const integrityFields: ReadonlyArray<StringField<Envelope["integrity"]>> = ["signature_ref", "payload_hash", "chain_ref"]
const redactionFields: ReadonlyArray<StringField<Envelope["redaction"]>> = ["redaction_profile"]

/** Copies `obj` with the listed string fields passed through `redact`; absent fields stay absent. */
const redactFields = <T extends Record<string, unknown>>(
  obj: T,
  fields: ReadonlyArray<StringField<T>>,
  redact: (s: string) => string
): T => {
  const out: Record<string, unknown> = { ...obj }
  for (const field of fields) {
    const value = obj[field]
    if (typeof value === "string") out[field] = redact(value)
  }
  return out as T
}

/**
 * Redacts and normalizes one envelope. Pure: the input is not touched, the
 * result shares no mutable structure with it.
 */
export const redactEnvelope = (e: Envelope, profile: RedactionProfile = "standard"): RedactedEnvelope => {
  let redactions = 0
  const redact = (s: string): string => {
    const r: Redacted = redactTextWith(s, profile)
    redactions += r.count
    return r.text
  }
  const ev = e.event
  const event = redactFields(
    {
      ...ev,
      occurred_at: normalizeTimestamp(ev.occurred_at),
      ...(ev.received_at === undefined ? {} : { received_at: normalizeTimestamp(ev.received_at) }),
      ...(ev.evidence_refs === undefined ? {} : { evidence_refs: ev.evidence_refs.map(redact) })
    },
    eventFields,
    redact
  )
  const envelope: Envelope = {
    ...e,
    event,
    source: redactFields(e.source, sourceFields, redact),
    tenant: redactFields(e.tenant, tenantFields, redact),
    integrity: redactFields(e.integrity, integrityFields, redact),
    redaction: redactFields(e.redaction, redactionFields, redact),
    transport: { ...e.transport },
    enterprise_boundaries: { ...e.enterprise_boundaries }
  }
  return { envelope, redactions }
}

/**
 * The first identifier that holds a credential or key, if any. Identifiers
 * key deduplication, replay and the connector list, so they are never
 * rewritten: such an envelope is refused (422 secret_in_identifier).
 */
export const identifierHoldingSecret = (e: Envelope): string | undefined =>
  identifiersOf(e).find(([, value]) => value !== undefined && identifierHoldsSecret(value))?.[0]
