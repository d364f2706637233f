import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import {
  containsRedactable, MAX_SCANNED_CHARS, redactText, redactTextWith, TRUNCATION_MARKER
} from "../../src/redaction/redactText.ts"
import { credentialLookAlikes, credentialSamples } from "./credentialSamples.ts"
import { benignSamples, fake, secretSamples } from "./samples.ts"

describe("redactText: secrets and PII", () => {
  it("has a broad table", () => {
    expect(secretSamples.length).toBeGreaterThanOrEqual(30)
  })

  it.each(secretSamples)("%s", (_label, input, kinds, secret) => {
    const r = redactText(input)
    for (const kind of kinds) expect(r.text).toContain(`[REDACTED:${kind}]`)
    expect(r.text).not.toContain(secret)
    expect(r.count).toBe(kinds.length)
  })

  it("keeps what is not secret around a finding", () => {
    expect(redactText("postgres://admin:s3cr3t@db.internal:5432/app").text).toBe(
      "postgres://admin:[REDACTED:url_password]@db.internal:5432/app"
    )
    expect(redactText("Authorization: Bearer abc123").text).toBe("Authorization: Bearer [REDACTED:bearer_token]")
    expect(redactText(`{"password": "hunter2", "api_key": "zzz"}`).text).toBe(
      `{"password": "[REDACTED:password]", "api_key": "[REDACTED:api_key]"}`
    )
    expect(redactText(`GITHUB_TOKEN=ghs_${fake.githubSuffix} done`).text).toBe(
      "GITHUB_TOKEN=[REDACTED:github_token] done"
    )
    expect(redactText(`mail jane@example.com and ${fake.awsAccessKey}`)).toEqual({
      text: "mail [REDACTED:email] and [REDACTED:aws_access_key]",
      count: 2
    })
  })
})

describe("redactText: benign text", () => {
  it.each(benignSamples)("leaves %s intact", (input) => {
    expect(redactText(input)).toEqual({ text: input, count: 0 })
  })

  it("leaves all benign samples intact when joined", () => {
    const joined = benignSamples.join(" | ")
    expect(redactText(joined)).toEqual({ text: joined, count: 0 })
  })
})

const fragments = FastCheck.constantFrom(
  ...secretSamples.map(([, input]) => input),
  ...benignSamples,
  ...credentialSamples.map(([, input]) => input),
  ...credentialLookAlikes,
  "=", ":", "@", "://", " ", "\n", "\"", "'", "[REDACTED:", "]", "-----END PRIVATE KEY-----", "Bearer ",
  "password", "token", "sk-", "eyJ", ".", "-", "_", "4", "+", "/", "?", "_PASS", "PWD", "SECRET", "ö", "sk_live_", "npm_"
)
const mixedText = FastCheck.array(FastCheck.oneof(FastCheck.string(), fragments, fragments), { maxLength: 24 }).map(
  (parts) => parts.join("")
)
/** Text around the scan limit, where truncation and redaction interact. */
const longText = FastCheck.tuple(FastCheck.integer({ min: 3900, max: 4200 }), mixedText).map(
  ([n, tail]) => "x ".repeat(n >> 1) + tail
)

describe("redactText: idempotence", () => {
  it("finds nothing in its own output (standard)", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.oneof(mixedText, longText), (input) => {
        const once = redactText(input)
        expect(redactText(once.text)).toEqual({ text: once.text, count: 0 })
      }),
      { seed: 20260611, numRuns: 600 }
    )
  })

  it("finds nothing in its own output (strict)", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.oneof(mixedText, longText), (input) => {
        const once = redactTextWith(input, "strict")
        expect(redactTextWith(once.text, "strict")).toEqual({ text: once.text, count: 0 })
      }),
      { seed: 7, numRuns: 400 }
    )
  })
})

describe("redactText: bounded work", () => {
  const hostile: ReadonlyArray<readonly [string, string]> = [
    ["1 MB of a", "a".repeat(1_000_000)],
    ["100k @", "@".repeat(100_000)],
    ["long local part then @", "x".repeat(50_000) + "@"],
    ["unterminated pem", "-----BEGIN PRIVATE KEY-----" + "A".repeat(200_000)],
    ["many pem starts", "-----BEGIN PRIVATE KEY-----".repeat(5_000)],
    ["jwt-like runs", "eyJ".repeat(100_000)],
    ["assignment with huge value", "password=" + "a".repeat(1_000_000)],
    ["url-like", "a://".repeat(50_000) + "b:c"],
    ["digits and spaces", "4 ".repeat(100_000)],
    ["dotted domain", "a@" + "b.".repeat(100_000)],
    ["plus digits", "+1".repeat(100_000)],
    ["url password full of slashes", "a://b:" + "/?#".repeat(100_000)],
    ["url-like with colons", "a://b:c".repeat(50_000)],
    ["url password without @", "postgres://u:" + "p/".repeat(100_000)],
    ["url password full of @", "postgres://u:" + "p@".repeat(100_000)],
    ["url passwords full of @", "a://u:@".repeat(100_000)],
    ["secret-named runs", "secret".repeat(100_000) + "="],
    ["secret names without separator", "A_SECRET_".repeat(50_000)],
    ["_pass runs", "_pass".repeat(100_000)],
    ["pwd runs", "xpwd ".repeat(100_000) + "=value"],
    ["separators without value", "DB_PASS= \t".repeat(50_000)],
    ["unterminated quoted value", "DB_PASS=\"" + "a".repeat(1_000_000)],
    ["non-ASCII local part then @", "ö".repeat(50_000) + "@"],
    ["non-ASCII dotted domain", "ü@" + "ä.".repeat(100_000)],
    ["combining marks", "e\u0301".repeat(100_000) + "@x"],
    ["stripe prefix runs", "sk_live_".repeat(50_000)],
    ["npm token run", "npm_" + "a".repeat(1_000_000)],
    ["github token run", "ghp_" + "a".repeat(1_000_000) + "_old"]
  ]

  it.each(hostile)("returns on %s, capped", (_label, input) => {
    const r = redactText(input)
    expect(r.text.length).toBeLessThanOrEqual(MAX_SCANNED_CHARS)
    expect(r.text.endsWith(TRUNCATION_MARKER) || r.text.endsWith("]")).toBe(true)
    expect(redactTextWith(input, "strict").text.length).toBeLessThanOrEqual(MAX_SCANNED_CHARS)
    expect(typeof containsRedactable(input, "strict")).toBe("boolean")
  })

  it("truncates long text with a marker and still redacts what it kept", () => {
    const input = `token=abc ${"y".repeat(10_000)}`
    const r = redactText(input)
    expect(r.count).toBe(1)
    expect(r.text.startsWith("token=[REDACTED:token] yyy")).toBe(true)
    expect(r.text.endsWith(TRUNCATION_MARKER)).toBe(true)
    expect(r.text.length).toBe(MAX_SCANNED_CHARS)
  })

  it("leaves text at the limit whole", () => {
    const input = "z".repeat(MAX_SCANNED_CHARS)
    expect(redactText(input)).toEqual({ text: input, count: 0 })
  })

  it("never cuts a surrogate pair in half", () => {
    const input = "😀".repeat(MAX_SCANNED_CHARS)
    const { text } = redactText(input)
    expect(text.endsWith(`😀${TRUNCATION_MARKER}`)).toBe(true)
  })
})

describe("redactTextWith strict", () => {
  it("also replaces e-mail-like addresses and long random tokens", () => {
    const r = redactTextWith("to admin@localhost via git@github.com key Zk3mP9qL2xV8nR4tY7wB1cF6hJ0sD5gA9", "strict")
    expect(r.text).toBe("to [REDACTED:email] via [REDACTED:email] key [REDACTED:high_entropy_token]")
    expect(r.count).toBe(3)
  })

  it("keeps hashes, uuids and identifiers", () => {
    const text = benignSamples.filter((s) => !s.includes("@")).join(" ")
    expect(redactTextWith(text, "strict")).toEqual({ text, count: 0 })
  })
})
