import { Schema } from "effect"

/**
 * The public envelope contract (schemas/envelope.schema.json) as an Effect
 * Schema type. ajv is the gate at the edge; this is the type inside.
 */
export const EventType = Schema.Literal(
  "prompt",
  "model_response",
  "reasoning_trace",
  "tool_call",
  "file_action",
  "shell_command",
  "git_operation",
  "mcp_activity",
  "ci_runner_event",
  "cloud_iac_event",
  "policy_decision",
  "approval_event",
  "evidence_event"
)
export type EventType = typeof EventType.Type

export const Decision = Schema.Literal(
  "allow",
  "warn",
  "block",
  "require_approval",
  "allow_with_attestation",
  "audit_only",
  "not_applicable"
)
export type Decision = typeof Decision.Type

export const Severity = Schema.Literal("none", "low", "medium", "high", "critical")
export type Severity = typeof Severity.Type

export const ConnectorType = Schema.Literal(
  "codex",
  "claude_code",
  "github_copilot",
  "cursor",
  "gemini_cli",
  "mcp_server",
  "github_actions",
  "gitlab_ci",
  "azure_pipelines",
  "cloud_provider",
  "custom"
)
export type ConnectorType = typeof ConnectorType.Type

export const Environment = Schema.Literal("dev", "test", "staging", "production", "sandbox")
export type Environment = typeof Environment.Type

const Boundary = Schema.Literal("requires_cavra_enterprise")

export const EventBody = Schema.Struct({
  event_id: Schema.NonEmptyString,
  event_type: EventType,
  occurred_at: Schema.String,
  received_at: Schema.optional(Schema.String),
  session_id: Schema.NonEmptyString,
  agent_id: Schema.NonEmptyString,
  repository: Schema.optional(Schema.String),
  actor_ref: Schema.optional(Schema.String),
  tool_name: Schema.optional(Schema.String),
  action_type: Schema.optional(Schema.String),
  target_summary: Schema.optional(Schema.String),
  decision: Schema.optional(Decision),
  severity: Schema.optional(Severity),
  risk_classification: Schema.optional(Schema.String),
  policy_pack: Schema.optional(Schema.String),
  evidence_refs: Schema.optional(Schema.Array(Schema.String)),
  payload_ref: Schema.optional(Schema.String)
})
export type EventBody = typeof EventBody.Type

export const Envelope = Schema.Struct({
  schema_version: Schema.Literal("cavra.aispm.enterprise_live_ingestion_envelope.v1"),
  product: Schema.Literal("CAVRA"),
  edition: Schema.Literal("enterprise"),
  contract_visibility: Schema.Literal("public_contract"),
  event: EventBody,
  source: Schema.Struct({
    connector_type: ConnectorType,
    connector_id: Schema.NonEmptyString,
    runtime_version: Schema.optional(Schema.String),
    collector_version: Schema.optional(Schema.String)
  }),
  tenant: Schema.Struct({
    tenant_ref: Schema.String,
    environment: Environment,
    region: Schema.optional(Schema.String),
    data_residency_ref: Schema.optional(Schema.String)
  }),
  redaction: Schema.Struct({
    payload_handling: Schema.Literal("metadata_only", "redacted_summary", "private_payload_ref"),
    raw_prompt_included: Schema.Literal(false),
    reasoning_included: Schema.Literal(false),
    tool_output_included: Schema.Literal(false),
    redaction_profile: Schema.optional(Schema.String),
    private_payload_required: Schema.optional(Schema.Boolean)
  }),
  integrity: Schema.Struct({
    signature_required: Schema.Boolean,
    signature_ref: Schema.optional(Schema.String),
    hash_algorithm: Schema.Literal("sha256", "sha384", "sha512"),
    payload_hash: Schema.optional(Schema.String),
    chain_ref: Schema.optional(Schema.String)
  }),
  transport: Schema.Struct({
    ingress_mode: Schema.Literal("https", "sse", "websocket", "queue", "batch"),
    delivery_semantics: Schema.Literal("at_least_once", "exactly_once_private", "best_effort"),
    idempotency_key: Schema.optional(Schema.String),
    retry_count: Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
  }),
  enterprise_boundaries: Schema.Struct({
    collector_implementation: Boundary,
    tenant_persistence: Boundary,
    streaming_transport: Boundary,
    raw_payload_storage: Boundary,
    license_enforcement: Boundary
  })
})
export type Envelope = typeof Envelope.Type

/**
 * The envelope's identifiers, with their field paths: what the store indexes
 * and de-duplicates on, stored and shown exactly as sent (never redacted).
 */
export const identifiersOf = (e: Envelope): ReadonlyArray<readonly [field: string, value: string | undefined]> => [
  ["event.event_id", e.event.event_id],
  ["event.session_id", e.event.session_id],
  ["source.connector_id", e.source.connector_id],
  ["transport.idempotency_key", e.transport.idempotency_key]
]
