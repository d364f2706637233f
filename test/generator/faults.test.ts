import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { validateEnvelopeAt } from "../../src/validation/EnvelopeValidator.ts"
import { defaultSemanticSettings } from "../../src/validation/SemanticRules.ts"
import {
  generateInvalid,
  generateTenantEvents,
  generateTenantStream,
  generateWorkload,
  invalidKinds,
  secretKinds,
  timeBound,
  type InvalidKind
} from "../../scripts/generator/index.ts"
import { schemaError } from "./support.ts"

const gateAt = (now: string) => (input: unknown) => validateEnvelopeAt(input, Date.parse(now), defaultSemanticSettings)

const schemaKeyword: Partial<Record<InvalidKind, ReadonlyArray<string>>> = {
  missing_field: ["required"],
  unknown_field: ["additionalProperties"],
  invalid_value: ["enum", "const"],
  invalid_format: ["format"]
}

describe("duplicateRate", () => {
  const items = generateTenantStream({ seed: "dups", tenantRef: "tenant:d", events: 1000, duplicateRate: 0.1 })

  it("re-emits an earlier envelope verbatim and says which", () => {
    const dups = items.flatMap((item, index) => (item.kind === "duplicate" ? [{ item, index }] : []))
    expect(dups.length).toBeGreaterThan(50)
    expect(dups.length).toBeLessThan(150)
    for (const { item, index } of dups) {
      expect(item.of).toBeLessThan(index)
      const original = items[item.of]
      expect(original?.kind).toBe("event")
      if (original?.kind === "event") expect(JSON.stringify(item.envelope)).toBe(JSON.stringify(original.envelope))
    }
  })

  it("counts duplicates inside `events`; everything else keeps a unique id", () => {
    const envelopes = generateTenantEvents({ seed: "dups", tenantRef: "tenant:d", events: 1000, duplicateRate: 0.1 })
    expect(envelopes.length).toBe(1000)
    const dups = items.filter((i) => i.kind === "duplicate").length
    expect(new Set(envelopes.map((e) => e.event.event_id)).size).toBe(1000 - dups)
    const none = generateTenantStream({ seed: "dups", tenantRef: "tenant:d", events: 1000 })
    expect(none.every((i) => i.kind === "event")).toBe(true)
  })
})

describe("invalid envelopes", () => {
  it.each(invalidKinds)("generateInvalid(%s) is refused by the engine's gate with that code and field", (kind) => {
    const gate = gateAt(timeBound(undefined, 12))
    const fields = new Set<string>()
    for (let seed = 0; seed < 25; seed++) {
      const bad = generateInvalid(seed, kind)
      expect(bad.reason).toBe(kind)
      fields.add(bad.field)
      const verdict = gate(bad.body)
      expect(verdict).toMatchObject({ _tag: "Left", left: { code: kind, field: bad.field } })
      const keywords = schemaKeyword[kind]
      const error = schemaError(bad.body)
      if (keywords === undefined) expect(error).toBeUndefined()
      else expect(keywords).toContain(error?.keyword)
    }
    expect(JSON.stringify(generateInvalid(7, kind))).toBe(JSON.stringify(generateInvalid(7, kind)))
    if (kind === "missing_field" || kind === "invalid_value") expect(fields.size).toBeGreaterThan(3)
  })

  it("invalidRate mixes broken envelopes into a stream, each with its expected reason", () => {
    const events = 600
    const items = generateTenantStream({ seed: "bad", tenantRef: "tenant:b", events, invalidRate: 0.15, duplicateRate: 0.05 })
    const gate = gateAt(timeBound(undefined, events))
    const reasons = new Set<string>()
    for (const item of items) {
      if (item.kind === "invalid") {
        reasons.add(item.reason)
        expect(gate(item.body)).toMatchObject({ _tag: "Left", left: { code: item.reason, field: item.field } })
      } else {
        expect(Either.isRight(gate(item.envelope))).toBe(true)
      }
    }
    expect([...reasons].sort()).toEqual([...invalidKinds].sort())
  })
})

describe("secretRate", () => {
  const patterns = {
    aws_access_key: /^AKIA[A-Z2-7]{16}$/,
    github_token: /^ghp_[A-Za-z0-9]{36}$/,
    email: /^[a-z]+\.[a-z]+@example\.(com|org)$/
  }
  const anySecret = /AKIA[A-Z2-7]{16}|ghp_[A-Za-z0-9]{36}|@example\.(com|org)/

  it("puts a realistic fake secret into target_summary and reports it", () => {
    const items = generateTenantStream({ seed: "secrets", tenantRef: "tenant:s", events: 500, secretRate: 0.2 })
    const gate = gateAt(timeBound(undefined, 500))
    const kinds = new Set<string>()
    let withSecret = 0
    for (const item of items) {
      if (item.kind !== "event") continue
      expect(schemaError(item.envelope)).toBeUndefined()
      expect(Either.isRight(gate(item.envelope))).toBe(true)
      if (item.secret === undefined) {
        expect(item.envelope.event.target_summary ?? "").not.toMatch(anySecret)
        continue
      }
      withSecret++
      kinds.add(item.secret.kind)
      expect(item.secret.value).toMatch(patterns[item.secret.kind])
      expect(item.envelope.event.target_summary).toContain(item.secret.value)
    }
    expect(withSecret).toBeGreaterThan(60)
    expect(withSecret).toBeLessThan(140)
    expect([...kinds].sort()).toEqual([...secretKinds].sort())
  })

  it("without secretRate nothing secret-shaped appears anywhere", () => {
    const text = JSON.stringify(generateWorkload({ seed: "clean", tenants: 3, eventsPerTenant: 400 }))
    expect(text).not.toMatch(anySecret)
  })
})
