import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { validateSchema } from "../../src/validation/SchemaValidator.ts"
import {
  example,
  type Json,
  part,
  projectSchemaPath,
  publicContract,
  publicContractPath,
  publishedContractPath,
  readSchemaFile,
  vendoredContractPath
} from "./contract.ts"

const publicCheck = publicContract()

interface Variant {
  readonly name: string
  readonly mutate: (e: Json) => unknown
  readonly code: string
  readonly field?: string
}

const drop = (section: string | undefined, key: string) => (e: Json) => {
  delete (section === undefined ? e : part(e, section))[key]
  return e
}
const set = (section: string | undefined, key: string, value: unknown) => (e: Json) => {
  ;(section === undefined ? e : part(e, section))[key] = value
  return e
}
const sections = ["event", "source", "tenant", "redaction", "integrity", "transport", "enterprise_boundaries"]
const path = (section: string | undefined, key: string) => (section === undefined ? key : `${section}.${key}`)

const missing: ReadonlyArray<readonly [string | undefined, string]> = [
  ...["schema_version", "product", "edition", "contract_visibility", ...sections].map(
    (k) => [undefined, k] as const
  ),
  ["event", "event_id"],
  ["event", "event_type"],
  ["event", "occurred_at"],
  ["event", "session_id"],
  ["event", "agent_id"],
  ["source", "connector_type"],
  ["source", "connector_id"],
  ["tenant", "tenant_ref"],
  ["tenant", "environment"],
  ["redaction", "payload_handling"],
  ["redaction", "raw_prompt_included"],
  ["redaction", "reasoning_included"],
  ["redaction", "tool_output_included"],
  ["integrity", "signature_required"],
  ["integrity", "hash_algorithm"],
  ["transport", "ingress_mode"],
  ["transport", "delivery_semantics"],
  ["enterprise_boundaries", "collector_implementation"],
  ["enterprise_boundaries", "license_enforcement"]
]

const variants: ReadonlyArray<Variant> = [
  ...missing.map(([s, k]) => ({ name: `missing ${path(s, k)}`, mutate: drop(s, k), code: "missing_field", field: path(s, k) })),
  { name: "unknown root field", mutate: set(undefined, "raw_prompt", "x"), code: "unknown_field", field: "raw_prompt" },
  ...sections.map((s) => ({ name: `unknown field in ${s}`, mutate: set(s, "extra_field", "x"), code: "unknown_field", field: `${s}.extra_field` })),
  { name: "bad event_type", mutate: set("event", "event_type", "keystroke"), code: "invalid_value", field: "event.event_type" },
  { name: "bad decision", mutate: set("event", "decision", "deny"), code: "invalid_value", field: "event.decision" },
  { name: "bad severity", mutate: set("event", "severity", "severe"), code: "invalid_value", field: "event.severity" },
  { name: "bad connector_type", mutate: set("source", "connector_type", "vim"), code: "invalid_value", field: "source.connector_type" },
  { name: "bad environment", mutate: set("tenant", "environment", "prod"), code: "invalid_value", field: "tenant.environment" },
  { name: "bad payload_handling", mutate: set("redaction", "payload_handling", "raw"), code: "invalid_value", field: "redaction.payload_handling" },
  { name: "bad hash_algorithm", mutate: set("integrity", "hash_algorithm", "md5"), code: "invalid_value", field: "integrity.hash_algorithm" },
  { name: "bad ingress_mode", mutate: set("transport", "ingress_mode", "ftp"), code: "invalid_value", field: "transport.ingress_mode" },
  { name: "bad delivery_semantics", mutate: set("transport", "delivery_semantics", "at_most_once"), code: "invalid_value", field: "transport.delivery_semantics" },
  { name: "other schema_version", mutate: set(undefined, "schema_version", "cavra.aispm.enterprise_live_ingestion_envelope.v2"), code: "invalid_value", field: "schema_version" },
  { name: "other product", mutate: set(undefined, "product", "OTHER"), code: "invalid_value", field: "product" },
  { name: "other edition", mutate: set(undefined, "edition", "community"), code: "invalid_value", field: "edition" },
  { name: "private contract_visibility", mutate: set(undefined, "contract_visibility", "private"), code: "invalid_value", field: "contract_visibility" },
  { name: "raw_prompt_included true", mutate: set("redaction", "raw_prompt_included", true), code: "invalid_value", field: "redaction.raw_prompt_included" },
  { name: "reasoning_included true", mutate: set("redaction", "reasoning_included", true), code: "invalid_value", field: "redaction.reasoning_included" },
  { name: "tool_output_included true", mutate: set("redaction", "tool_output_included", true), code: "invalid_value", field: "redaction.tool_output_included" },
  { name: "self-hosted tenant_persistence", mutate: set("enterprise_boundaries", "tenant_persistence", "self_hosted"), code: "invalid_value", field: "enterprise_boundaries.tenant_persistence" },
  { name: "date-only occurred_at", mutate: set("event", "occurred_at", "2026-06-11"), code: "invalid_format", field: "event.occurred_at" },
  { name: "prose occurred_at", mutate: set("event", "occurred_at", "yesterday"), code: "invalid_format", field: "event.occurred_at" },
  { name: "occurred_at without zone", mutate: set("event", "occurred_at", "2026-06-11T08:00:00"), code: "invalid_format", field: "event.occurred_at" },
  { name: "month 13 received_at", mutate: set("event", "received_at", "2026-13-01T00:00:00Z"), code: "invalid_format", field: "event.received_at" },
  { name: "31 February", mutate: set("event", "occurred_at", "2026-02-31T00:00:00Z"), code: "invalid_format", field: "event.occurred_at" },
  { name: "numeric occurred_at", mutate: set("event", "occurred_at", 1781164800000), code: "invalid_type", field: "event.occurred_at" },
  { name: "negative retry_count", mutate: set("transport", "retry_count", -1), code: "out_of_range", field: "transport.retry_count" },
  { name: "fractional retry_count", mutate: set("transport", "retry_count", 1.5), code: "invalid_type", field: "transport.retry_count" },
  { name: "string retry_count", mutate: set("transport", "retry_count", "0"), code: "invalid_type", field: "transport.retry_count" },
  { name: "empty event_id", mutate: set("event", "event_id", ""), code: "too_short", field: "event.event_id" },
  { name: "empty session_id", mutate: set("event", "session_id", ""), code: "too_short", field: "event.session_id" },
  { name: "empty agent_id", mutate: set("event", "agent_id", ""), code: "too_short", field: "event.agent_id" },
  { name: "empty connector_id", mutate: set("source", "connector_id", ""), code: "too_short", field: "source.connector_id" },
  { name: "event as string", mutate: set(undefined, "event", "tool_call"), code: "invalid_type", field: "event" },
  { name: "evidence_refs as string", mutate: set("event", "evidence_refs", "ref"), code: "invalid_type", field: "event.evidence_refs" },
  { name: "evidence_refs with a number", mutate: set("event", "evidence_refs", ["ok", 1]), code: "invalid_type", field: "event.evidence_refs.1" },
  { name: "signature_required as string", mutate: set("integrity", "signature_required", "true"), code: "invalid_type", field: "integrity.signature_required" },
  { name: "numeric tenant_ref", mutate: set("tenant", "tenant_ref", 42), code: "invalid_type", field: "tenant.tenant_ref" },
  { name: "null payload_ref", mutate: set("event", "payload_ref", null), code: "invalid_type", field: "event.payload_ref" },
  { name: "array envelope", mutate: (e) => [e], code: "invalid_type" },
  { name: "null envelope", mutate: () => null, code: "invalid_type" },
  { name: "string envelope", mutate: () => "envelope", code: "invalid_type" }
]

const accepted: ReadonlyArray<readonly [string, (e: Json) => unknown]> = [
  ["the example as published", (e) => e],
  ["only required fields", (e) => {
    for (const k of ["received_at", "repository", "actor_ref", "tool_name", "action_type", "target_summary", "decision",
      "severity", "risk_classification", "policy_pack", "evidence_refs", "payload_ref"]) delete part(e, "event")[k]
    for (const [s, k] of [["source", "runtime_version"], ["source", "collector_version"], ["tenant", "region"],
      ["tenant", "data_residency_ref"], ["redaction", "redaction_profile"], ["redaction", "private_payload_required"],
      ["integrity", "signature_ref"], ["integrity", "payload_hash"], ["integrity", "chain_ref"],
      ["transport", "idempotency_key"], ["transport", "retry_count"]] as const) delete part(e, s)[k]
    return e
  }],
  ["offset and fraction in occurred_at", set("event", "occurred_at", "2026-06-11T10:00:00.123456+02:00")],
  ["lower-case separator and zone", set("event", "occurred_at", "2026-06-11t08:00:00z")],
  ["leap second", set("event", "occurred_at", "2016-12-31T23:59:60Z")],
  ["empty tenant_ref (no minLength in the contract)", set("tenant", "tenant_ref", "")],
  ["large retry_count", set("transport", "retry_count", 1e6)]
]

describe("SchemaValidator", () => {
  it("the repository's copy of the public contract is the published one, byte for byte (CI always has it beside the clone)", () => {
    if (!existsSync(publishedContractPath)) {
      expect(process.env["CI"], `no published contract at ${publishedContractPath}`).not.toBe("true")
      return
    }
    expect(readFileSync(vendoredContractPath, "utf8")).toBe(readFileSync(publishedContractPath, "utf8"))
  })

  it("the project schema is a verbatim copy of the public contract", () => {
    expect(readSchemaFile(projectSchemaPath)).toStrictEqual(readSchemaFile(publicContractPath))
  })

  it.each(accepted)("accepts %s, as the public contract does", (_name, mutate) => {
    const input = mutate(example())
    expect(publicCheck(input)).toBe(true)
    expect(Either.isRight(validateSchema(input))).toBe(true)
  })

  it("has at least 25 invalid variants", () => {
    expect(variants.length).toBeGreaterThanOrEqual(25)
  })

  it.each(variants)("rejects $name with $code, as the public contract does", ({ code, field, mutate }) => {
    const input = mutate(example())
    expect(publicCheck(input)).toBe(false)
    const result = validateSchema(input)
    if (Either.isRight(result)) throw new Error("expected a rejection")
    expect(result.left._tag).toBe("EnvelopeInvalid")
    expect(result.left.code).toBe(code)
    expect(result.left.field).toBe(field)
    expect(result.left.message.length).toBeGreaterThan(10)
    expect(result.left.status).toBe(422)
  })

  it("names the field and the expected form in the message", () => {
    const result = validateSchema(set("event", "occurred_at", "soon")(example()))
    if (Either.isRight(result)) throw new Error("expected a rejection")
    expect(result.left.message).toBe("event.occurred_at must be an RFC 3339 date-time")
  })

  it("never echoes the rejected value", () => {
    const result = validateSchema(set("event", "event_type", "sk-live-SECRET")(example()))
    if (Either.isRight(result)) throw new Error("expected a rejection")
    expect(result.left.message).not.toContain("SECRET")
  })
})

describe("SchemaValidator agrees with the public contract on random edits", () => {
  const keys = ["event_id", "event_type", "occurred_at", "retry_count", "decision", "raw_prompt_included",
    "connector_id", "environment", "hash_algorithm", "signature_required", "unexpected"]
  const values = FastCheck.oneof(
    FastCheck.jsonValue({ maxDepth: 2 }),
    FastCheck.constantFrom("tool_call", "2026-06-11T08:00:00Z", "", "sha256", "production", false, true, 0, -1)
  )
  const edit = FastCheck.tuple(FastCheck.constantFrom(undefined, ...sections), FastCheck.constantFrom(...keys), values)

  it("same verdict for every edited envelope (seeded)", () => {
    FastCheck.assert(
      FastCheck.property(edit, ([section, key, value]) => {
        const input = set(section, key, value)(example())
        expect(Either.isRight(validateSchema(input))).toBe(publicCheck(input))
      }),
      { seed: 20260611, numRuns: 500 }
    )
  })
})
