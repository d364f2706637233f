import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { ConnectorType, Decision, EventType } from "../../src/domain/Envelope.ts"
import { validateEnvelopeAt } from "../../src/validation/EnvelopeValidator.ts"
import { defaultSemanticSettings } from "../../src/validation/SemanticRules.ts"
import { connectorIdFor, generateTenantEvents, generateWorkload, mergeByTime, timeBound } from "../../scripts/generator/index.ts"
import { schemaError, semanticBreaks } from "./support.ts"

const perTenant = 400
const workload = generateWorkload({ seed: "contract", tenants: 3, eventsPerTenant: perTenant })
const all = workload.flatMap((t) => t.envelopes)
const bound = timeBound(undefined, perTenant)

describe("generated envelopes", () => {
  it("1000+ envelopes over 3 tenants pass ajv 2020 + formats on schemas/envelope.schema.json", () => {
    expect(all.length).toBe(3 * perTenant)
    for (const e of all) expect(schemaError(e), e.event.event_id).toBeUndefined()
  })

  it("keep every semantic rule and stay within [startAt, timeBound]", () => {
    for (const e of all) {
      expect(semanticBreaks(e, bound), e.event.event_id).toEqual([])
      expect(e.event.occurred_at >= "2026-06-11T08:00:00.000Z").toBe(true)
    }
  })

  it("pass the engine's own gate with the clock at timeBound", () => {
    const now = Date.parse(bound)
    for (const e of all) {
      const verdict = validateEnvelopeAt(e, now, defaultSemanticSettings)
      expect(Either.isRight(verdict), e.event.event_id).toBe(true)
    }
  })

  it("event ids are unique per tenant and the idempotency key is the event id", () => {
    for (const t of workload) {
      const ids = t.envelopes.map((e) => e.event.event_id)
      expect(new Set(ids).size).toBe(ids.length)
      for (const e of t.envelopes) expect(e.tenant.tenant_ref).toBe(t.tenantRef)
    }
  })

  it("times rise within each session, and sessions interleave", () => {
    for (const t of workload) {
      const last = new Map<string, string>()
      let switches = 0
      let previous = ""
      for (const e of t.envelopes) {
        const before = last.get(e.event.session_id)
        if (before !== undefined) expect(e.event.occurred_at > before, e.event.event_id).toBe(true)
        last.set(e.event.session_id, e.event.occurred_at)
        if (previous !== "" && previous !== e.event.session_id && last.has(previous)) switches++
        previous = e.event.session_id
      }
      const sessions = new Set(t.envelopes.map((e) => e.event.session_id))
      expect(sessions.size).toBeGreaterThan(10)
      expect(switches).toBeGreaterThan(sessions.size)
    }
  })

  it("the mix covers every event type, connector type and decision", () => {
    const types = new Set(all.map((e) => e.event.event_type))
    const connectors = new Set(all.map((e) => e.source.connector_type))
    const decisions = new Set(all.flatMap((e) => (e.event.decision === undefined ? [] : [e.event.decision])))
    expect([...types].sort()).toEqual([...EventType.literals].sort())
    expect([...connectors].sort()).toEqual([...ConnectorType.literals].sort())
    expect([...decisions].sort()).toEqual([...Decision.literals].sort())
    for (const e of all) if (e.event.event_type === "policy_decision") expect(e.event.severity).toBeDefined()
  })

  it("has the realistic details the engine's features feed on", () => {
    const refs = all.flatMap((e) => e.event.evidence_refs ?? [])
    expect(refs.some((r) => r.startsWith("signed://"))).toBe(true)
    expect(refs.some((r) => r.startsWith("cavra://evidence/"))).toBe(true)
    const targets = all.map((e) => e.event.target_summary ?? "")
    for (const needle of [".env", "secrets.yaml", "curl", "rm -rf", "push to main", "force push", "0.0.0.0/0", "public-read", "destroy aws_db_instance", "iam:*"]) {
      expect(targets.some((t) => t.includes(needle)), needle).toBe(true)
    }
    const tools = new Set(all.map((e) => e.event.tool_name))
    for (const tool of ["mcp__github__create_issue", "mcp__filesystem__read_file"]) expect(tools.has(tool), tool).toBe(true)
    expect([...tools].some((t) => t !== undefined && /^mcp__(shadow_tools|quick_exec|free_llm_proxy|db_admin_x)__/.test(t))).toBe(true)
    const handling = all.map((e) => e.redaction.payload_handling)
    expect(handling.filter((h) => h === "private_payload_ref").length).toBeLessThan(all.length * 0.2)
    expect(new Set(handling).size).toBe(3)
    expect(all.filter((e) => e.integrity.signature_required).length).toBeGreaterThan(0)
    const retries = all.map((e) => e.transport.retry_count ?? 0)
    expect(retries.filter((r) => r === 0).length).toBeGreaterThan(all.length * 0.8)
    expect(Math.max(...retries)).toBeGreaterThan(0)
    expect(Math.max(...retries)).toBeLessThanOrEqual(3)
  })

  it("connector ids are stable per tenant and source type, whatever the seed", () => {
    const other = generateWorkload({ seed: "other", tenants: 3, eventsPerTenant: 200 })
    for (const t of [...workload, ...other]) {
      for (const e of t.envelopes) expect(e.source.connector_id).toBe(connectorIdFor(t.tenantRef, e.source.connector_type))
    }
    const perTenantConnectors = workload.map((t) => new Set(t.envelopes.map((e) => e.source.connector_id)).size)
    for (const n of perTenantConnectors) expect(n).toBeGreaterThanOrEqual(5)
  })

  it("honours startAt, environment and tenantRefs", () => {
    const events = generateTenantEvents({ seed: 3, tenantRef: "tenant:acme/eu", events: 50, startAt: "2030-01-01T00:00:00Z", environment: "staging" })
    expect(events[0]?.event.occurred_at).toBe("2030-01-01T00:00:00.000Z")
    expect(events.every((e) => e.tenant.environment === "staging")).toBe(true)
    expect(events.every((e) => e.event.occurred_at <= timeBound("2030-01-01T00:00:00Z", 50))).toBe(true)
    expect(events[0]?.event.event_id).toMatch(/^evt_acme-eu_[0-9a-f]{8}_000000$/)
    const named = generateWorkload({ seed: 3, tenants: 2, eventsPerTenant: 5, tenantRefs: ["tenant:a"] })
    expect(named.map((t) => t.tenantRef)).toEqual(["tenant:a", "tenant:gen-001"])
    expect(() => generateTenantEvents({ seed: 3, tenantRef: "t", events: 1, startAt: "soon" })).toThrow(RangeError)
  })

  it("mergeByTime keeps every envelope and each tenant's order", () => {
    const merged = mergeByTime(workload)
    expect(merged.length).toBe(all.length)
    for (let i = 1; i < merged.length; i++) {
      expect((merged[i]?.event.occurred_at ?? "") >= (merged[i - 1]?.event.occurred_at ?? "")).toBe(true)
    }
    for (const t of workload) {
      expect(merged.filter((e) => e.tenant.tenant_ref === t.tenantRef)).toEqual(t.envelopes)
    }
  })
})
