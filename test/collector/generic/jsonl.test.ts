import { describe, expect, it } from "@effect/vitest"
import { jsonlEnvelopes } from "../../../src/collector/adapters/generic/jsonl.ts"
import { contractErrors, fixtureText, leaks } from "./contract.ts"

const text = fixtureText("jsonl", "envelopes.jsonl")

describe("JSONL envelope adapter", () => {
  it("passes valid envelopes through unchanged and reports bad lines by number", () => {
    const { envelopes, malformed } = jsonlEnvelopes(text)
    expect(envelopes.map((e) => e.event.event_id)).toEqual(["evt_export_0001", "evt_export_0002", "evt_export_0006"])
    expect(envelopes.flatMap(contractErrors)).toEqual([])
    const lines = text.split("\n")
    expect(envelopes.map((e) => JSON.stringify(e))).toEqual(
      [0, 1, 6].map((i) => JSON.stringify(JSON.parse(lines[i] ?? "")))
    )
    expect(malformed).toEqual([
      { line: 4, reason: "not valid JSON" },
      { line: 5, reason: "not an envelope: unexpected field at event.prompt_text" },
      { line: 6, reason: "not an envelope: required field missing at event.agent_id" },
      { line: 8, reason: "not valid JSON" }
    ])
    expect(leaks(envelopes, ["FAKE-jsonl-prompt-with-secret-77c1"])).toEqual([])
    expect(JSON.stringify(malformed)).not.toContain("FAKE-")
  })

  it("overrides tenant and environment only when the collector sets them", () => {
    const same = jsonlEnvelopes(text, { override: {} }).envelopes
    expect(same.map((e) => [e.tenant.tenant_ref, e.tenant.environment])).toEqual([
      ["tenant:acme-prod", "production"],
      ["tenant:acme-prod", "production"],
      ["tenant:acme-prod", "staging"]
    ])
    const moved = jsonlEnvelopes(text, { override: { tenantRef: "tenant:other", environment: "sandbox" } }).envelopes
    expect(moved.map((e) => e.tenant)).toEqual(Array(3).fill({ tenant_ref: "tenant:other", environment: "sandbox", region: "eu" }))
    expect(moved.map((e) => e.event)).toEqual(same.map((e) => e.event))
    expect(moved.flatMap(contractErrors)).toEqual([])
    const envOnly = jsonlEnvelopes(text, { override: { environment: "dev" } }).envelopes
    expect(envOnly.map((e) => e.tenant.tenant_ref)).toEqual(same.map((e) => e.tenant.tenant_ref))
  })

  it("empty input is nothing, not an error", () => {
    expect(jsonlEnvelopes("")).toEqual({ envelopes: [], malformed: [] })
    expect(jsonlEnvelopes("\n\r\n  \n")).toEqual({ envelopes: [], malformed: [] })
  })
})
