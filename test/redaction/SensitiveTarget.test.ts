import { describe, expect, it } from "@effect/vitest"
import { isSensitiveTarget, maskTarget } from "../../src/redaction/SensitiveTarget.ts"

const sensitive = [
  "read .env",
  "config/secrets.yaml",
  "~/.aws/credentials",
  "Private Key export",
  "reset PASSWORD",
  "rotate token",
  "~/.ssh/id_rsa",
  "certs/server.pem",
  "wrote [REDACTED:aws_access_key]"
]
const ordinary = ["redacted:ci-workflow", "src/main.ts", "example/repository", "terraform plan", "README.md"]

describe("isSensitiveTarget / maskTarget", () => {
  it.each(sensitive)("%s is sensitive and masked whole", (s) => {
    expect(isSensitiveTarget(s)).toBe(true)
    expect(maskTarget(s)).toBe("[REDACTED:sensitive_target]")
  })

  it.each(ordinary)("%s is not sensitive", (s) => {
    expect(isSensitiveTarget(s)).toBe(false)
  })
})
