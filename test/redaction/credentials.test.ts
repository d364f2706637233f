import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import {
  containsRedactable, identifierHoldsSecret, MAX_SCANNED_CHARS, redactText, redactTextWith, type RedactionProfile
} from "../../src/redaction/redactText.ts"
import { credentialLookAlikes, credentialSamples } from "./credentialSamples.ts"
import { benignSamples, secretSamples } from "./samples.ts"

const placeholders = (text: string): ReadonlyArray<string> => text.match(/\[REDACTED:[a-z_]+\]/g) ?? []

describe("redactText: penetration-test findings", () => {
  it.each(credentialSamples)("%s", (_label, input, expected, secret) => {
    const r = redactText(input)
    expect(r.text).toBe(expected)
    expect(r.text).not.toContain(secret)
    expect(r.count).toBe(placeholders(expected).length)
    expect(redactText(r.text)).toEqual({ text: r.text, count: 0 })
  })

  it.each(credentialSamples)("%s (strict profile too)", (_label, input, _expected, secret) => {
    const r = redactTextWith(input, "strict")
    expect(r.text).not.toContain(secret)
    expect(r.count).toBeGreaterThan(0)
  })

  it("a yaml block whose first line an earlier rule redacted goes whole (two findings, one placeholder)", () => {
    const r = redactText("token: |\n  ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n  Sup3rS3cretLine2")
    expect(r).toEqual({ text: "token: |\n  [REDACTED:token]", count: 2 })
  })

  it.each(credentialLookAlikes)("leaves %j intact", (input) => {
    expect(redactText(input)).toEqual({ text: input, count: 0 })
  })

  it("leaves all look-alikes intact when joined", () => {
    const joined = credentialLookAlikes.join(" | ")
    expect(redactText(joined)).toEqual({ text: joined, count: 0 })
  })
})

const profiles: ReadonlyArray<RedactionProfile> = ["standard", "strict"]

describe("containsRedactable", () => {
  it.each([
    ...secretSamples.map(([label, input]) => [label, input] as const),
    ...credentialSamples.map(([label, input]) => [label, input] as const)
  ])("finds %s", (_label, input) => {
    for (const profile of profiles) expect(containsRedactable(input, profile)).toBe(true)
  })

  it.each([...benignSamples, ...credentialLookAlikes])("finds nothing in %j", (input) => {
    expect(containsRedactable(input, "standard")).toBe(false)
  })

  it("follows the profile", () => {
    expect(containsRedactable("admin@localhost", "standard")).toBe(false)
    expect(containsRedactable("admin@localhost", "strict")).toBe(true)
    expect(containsRedactable("sess_Zk3mP9qL2xV8nR4tY7wB1cF6hJ0sD5gA9", "standard")).toBe(false)
    expect(containsRedactable("sess_Zk3mP9qL2xV8nR4tY7wB1cF6hJ0sD5gA9", "strict")).toBe(true)
  })

  it("agrees with redaction on short text", () => {
    const fragments = FastCheck.constantFrom(
      ...secretSamples.map(([, input]) => input),
      ...credentialSamples.map(([, input]) => input),
      ...benignSamples,
      ...credentialLookAlikes,
      "=", ":", "@", "://", " ", "_", "PASS", "pwd", "secret", "sk_live_", "npm_", "ö", "[REDACTED:", "]"
    )
    const text = FastCheck.array(FastCheck.oneof(FastCheck.string(), fragments), { maxLength: 8 }).map((p) => p.join(""))
    FastCheck.assert(
      FastCheck.property(text, FastCheck.constantFrom(...profiles), (input, profile) => {
        expect(containsRedactable(input, profile)).toBe(redactTextWith(input, profile).count > 0)
      }),
      { seed: 424242, numRuns: 600 }
    )
  })

  it("examines a long text whole, where redaction cuts it", () => {
    const secret = "DB_PASS=hunter2value"
    for (const at of [MAX_SCANNED_CHARS - 10, MAX_SCANNED_CHARS * 2 - 1024 - 5, 50_000]) {
      const input = `${"x ".repeat(at >> 1)}${secret} ${"y ".repeat(2_000)}`
      expect(containsRedactable(input, "standard"), String(at)).toBe(true)
    }
    expect(containsRedactable("x ".repeat(100_000), "standard")).toBe(false)
  })

  it("finds nothing in redacted output", () => {
    for (const [, input] of credentialSamples) {
      expect(containsRedactable(redactText(input).text, "standard")).toBe(false)
    }
  })
})

describe("identifierHoldsSecret", () => {
  it.each([
    "github-actions@github.com/octo-org/octo-service",
    "gitlab-ci@gitlab.com/group/project",
    "claude-code@build-host-7",
    "4111111111111111",
    "sess_Zk3mP9qL2xV8nR4tY7wB1cF6hJ0sD5gA9",
    "evt_3f2a9c0e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f"
  ])("a structured identifier is not a secret: %s", (id) => {
    expect(identifierHoldsSecret(id)).toBe(false)
  })

  it.each([
    "collector-ghp_0123456789abcdefghijABCDEFGHIJ012345",
    "AKIAIOSFODNN7EXAMPLE",
    "sess postgres://app:hunter2secret@db.internal/app",
    "id-eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "x-AIzaSyA1234567890abcdefghijklmnopqrstuv",
    "x-sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345"
  ])("a credential in an identifier is found: %s", (id) => {
    expect(identifierHoldsSecret(id)).toBe(true)
  })
})
