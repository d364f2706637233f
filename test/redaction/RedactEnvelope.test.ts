import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { Envelope } from "../../src/domain/Envelope.ts"
import { redactEnvelope } from "../../src/redaction/RedactEnvelope.ts"
import { containsRedactable } from "../../src/redaction/redactText.ts"
import { fake } from "./samples.ts"

const example: Envelope = Schema.decodeUnknownSync(Envelope)(
  JSON.parse(readFileSync(new URL("../fixtures/public-example.json", import.meta.url), "utf8"))
)

const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

const normalizedExample: Envelope = {
  ...example,
  event: { ...example.event, occurred_at: "2026-06-11T08:00:00.000Z", received_at: "2026-06-11T08:00:02.000Z" }
}

const laden: Envelope = {
  ...example,
  event: {
    ...example.event,
    event_id: `evt_${fake.githubPat}`,
    occurred_at: "2026-06-11T10:00:00.123456+02:00",
    received_at: "2026-06-11t08:00:02z",
    session_id: `sess:${fake.awsAccessKey}`,
    agent_id: "codex-agent",
    repository: `https://ci:${fake.gitlab}@gitlab.example.com/example/repository.git`,
    actor_ref: "user:jane.doe@example.com",
    tool_name: "filesystem.write",
    action_type: "modify_file",
    target_summary: `wrote .env with AWS_SECRET_ACCESS_KEY=${fake.awsSecret} and token=${fake.jwt}`,
    risk_classification: "source_control_governance_risk",
    policy_pack: "cavra-ai-agent-baseline",
    evidence_refs: ["cavra://evidence/redacted/public-contract-sample", `slack:${fake.slackWebhook}`],
    payload_ref: `enterprise-private://tenant/opaque?sig=${"Ab12".repeat(8)}`
  },
  source: { ...example.source, connector_id: `conn-${fake.npm}`, runtime_version: `node ${fake.openaiProject}` },
  tenant: { ...example.tenant, region: "us", data_residency_ref: "owner: ops@example.org" },
  redaction: { ...example.redaction, redaction_profile: "profile of jörg.müller@example.com" },
  integrity: {
    ...example.integrity,
    signature_ref: `Authorization: Bearer ${fake.githubPat}`,
    payload_hash: `sha256 of DB_PASS=hunter2value`,
    chain_ref: "chain:1"
  },
  transport: { ...example.transport, idempotency_key: `key-${fake.stripeLive}` }
}

/** Identifiers are never rewritten; the engine refuses them when containsRedactable says so. */
const identifiers = (e: Envelope): ReadonlyArray<string | undefined> => [
  e.event.event_id,
  e.event.session_id,
  e.source.connector_id,
  e.transport.idempotency_key
]

describe("redactEnvelope", () => {
  it("changes nothing on the public example but the timestamp form", () => {
    const input = deepFreeze(structuredClone(example))
    const r = redactEnvelope(input)
    expect(r.redactions).toBe(0)
    expect(r.envelope).toEqual(normalizedExample)
    expect(input).toEqual(example)
  })

  it("finds nothing in the public example under the strict profile either", () => {
    expect(redactEnvelope(example, "strict")).toEqual({ envelope: normalizedExample, redactions: 0 })
  })

  it("redacts every free-text field of a secret-laden envelope", () => {
    const input = deepFreeze(structuredClone(laden))
    const { envelope, redactions } = redactEnvelope(input)
    const ev = envelope.event
    expect(ev.occurred_at).toBe("2026-06-11T08:00:00.123Z")
    expect(ev.received_at).toBe("2026-06-11T08:00:02.000Z")
    expect(identifiers(envelope)).toEqual(identifiers(laden))
    expect(ev.agent_id).toBe("codex-agent")
    expect(ev.repository).toBe(
      "https://ci:[REDACTED:url_password]@gitlab.example.com/example/repository.git"
    )
    expect(ev.actor_ref).toBe("user:[REDACTED:email]")
    expect(ev.target_summary).toBe("wrote .env with AWS_SECRET_ACCESS_KEY=[REDACTED:aws_secret_key] and token=[REDACTED:jwt]")
    expect(ev.evidence_refs).toEqual(["cavra://evidence/redacted/public-contract-sample", "slack:[REDACTED:slack_webhook]"])
    expect(ev.payload_ref).toBe("enterprise-private://tenant/opaque?sig=[REDACTED:azure_sas_signature]")
    expect(envelope.source.runtime_version).toBe("node [REDACTED:openai_api_key]")
    expect(envelope.tenant.data_residency_ref).toBe("owner: [REDACTED:email]")
    expect(envelope.integrity.signature_ref).toBe("Authorization: Bearer [REDACTED:github_token]")
    expect(envelope.integrity.payload_hash).toBe("sha256 of DB_PASS=[REDACTED:password]")
    expect(envelope.integrity.chain_ref).toBe("chain:1")
    expect(envelope.redaction).toEqual({ ...laden.redaction, redaction_profile: "profile of [REDACTED:email]" })
    expect(redactions).toBe(11)
    expect(input).toEqual(laden)
  })

  it("leaves ids, hashes and enums alone and is idempotent", () => {
    const once = redactEnvelope(laden)
    expect(once.envelope.event.event_id).toBe(laden.event.event_id)
    expect(once.envelope.tenant.tenant_ref).toBe(laden.tenant.tenant_ref)
    expect(once.envelope.transport).toEqual(laden.transport)
    expect(once.envelope.source.connector_id).toBe(laden.source.connector_id)
    expect(redactEnvelope(once.envelope)).toEqual({ envelope: once.envelope, redactions: 0 })
  })

  it("leaves identifiers that hold a secret as sent, and containsRedactable flags each of them", () => {
    const out = redactEnvelope(laden).envelope
    for (const id of identifiers(out)) {
      expect(containsRedactable(id ?? "", "standard"), id).toBe(true)
      expect(containsRedactable(id ?? "", "strict"), id).toBe(true)
    }
    for (const id of identifiers(example)) expect(containsRedactable(id ?? "", "standard"), id).toBe(false)
  })

  it("does not add optional fields that were absent", () => {
    const { received_at: _r, evidence_refs: _e, repository: _p, ...event } = example.event
    const { region: _g, ...tenant } = example.tenant
    const { payload_hash: _h, ...integrity } = example.integrity
    const { redaction_profile: _p2, ...redaction } = example.redaction
    const sparse: Envelope = { ...example, event, tenant, integrity, redaction }
    const out = redactEnvelope(sparse).envelope
    expect("received_at" in out.event).toBe(false)
    expect("evidence_refs" in out.event).toBe(false)
    expect("repository" in out.event).toBe(false)
    expect("region" in out.tenant).toBe(false)
    expect("payload_hash" in out.integrity).toBe(false)
    expect("redaction_profile" in out.redaction).toBe(false)
  })
})
