import type { EventBody } from "../../src/domain/Envelope.ts"
import type { StoredEvent } from "../../src/domain/StoredEvent.ts"

/** Optional envelope fields a test sets; required ones get defaults. */
export type BodyPatch = Partial<EventBody>

const pad = (n: number, width: number): string => String(n).padStart(width, "0")

/** A normalized instant `seconds` after a fixed origin (no clock read). */
export const at = (seconds: number): string => {
  const base = Date.UTC(2026, 5, 11, 8, 0, 0)
  return new Date(base + seconds * 1000).toISOString()
}

export const stored = (seq: number, patch: BodyPatch = {}, late = false): StoredEvent => ({
  tenantId: "tenant-a",
  seq,
  prevHash: seq === 1 ? "0".repeat(64) : pad(seq - 1, 64),
  hash: pad(seq, 64),
  ingestedAt: at(seq),
  redactions: 0,
  late,
  envelope: {
    schema_version: "cavra.aispm.enterprise_live_ingestion_envelope.v1",
    product: "CAVRA",
    edition: "enterprise",
    contract_visibility: "public_contract",
    event: {
      event_id: `evt-${seq}`,
      event_type: "tool_call",
      occurred_at: at(seq),
      session_id: "sess-1",
      agent_id: "agent-1",
      ...patch
    },
    source: { connector_type: "codex", connector_id: "conn-1" },
    tenant: { tenant_ref: "tenant:a", environment: "production" },
    redaction: {
      payload_handling: "metadata_only",
      raw_prompt_included: false,
      reasoning_included: false,
      tool_output_included: false
    },
    integrity: { signature_required: false, hash_algorithm: "sha256" },
    transport: { ingress_mode: "https", delivery_semantics: "at_least_once" },
    enterprise_boundaries: {
      collector_implementation: "requires_cavra_enterprise",
      tenant_persistence: "requires_cavra_enterprise",
      streaming_transport: "requires_cavra_enterprise",
      raw_payload_storage: "requires_cavra_enterprise",
      license_enforcement: "requires_cavra_enterprise"
    }
  }
})

/** Events numbered from 1 in the order given. */
export const log = (patches: ReadonlyArray<BodyPatch>): ReadonlyArray<StoredEvent> =>
  patches.map((patch, i) => stored(i + 1, patch))
