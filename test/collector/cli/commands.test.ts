import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as path from "node:path"
import { tempDir } from "../spool/tempDir.ts"
import { fixturesDir, runCollector, tenant } from "./harness.ts"

const plan = path.join(fixturesDir, "terraform", "plan.json")

describe("aispm-collect command line and exit codes (subprocess)", () => {
  it.effect("usage: help on stdout with 0; no source, an unknown source or option is 2", () =>
    Effect.gen(function* () {
      const help = yield* runCollector(["--help"])
      expect(help.code).toBe(0)
      expect(help.stdout).toContain("aispm-collect mcp [--allow a,b] [--deny c]")
      expect((yield* runCollector([])).code).toBe(2)
      const unknown = yield* runCollector(["jenkins"])
      expect(unknown.code).toBe(2)
      expect(unknown.stderr).toContain(`unknown source or command "jenkins"`)
      const option = yield* runCollector(["terraform", "--frobnicate", plan])
      expect({ code: option.code, stderr: option.stderr }).toEqual({ code: 2, stderr: "aispm-collect: usage: unknown option --frobnicate\n" })
    }))

  it.effect("configuration and input: no tenant is 2, an unreadable or malformed input is 3", () =>
    Effect.gen(function* () {
      const noTenant = yield* runCollector(["terraform", "--print", plan])
      expect(noTenant.code).toBe(2)
      expect(noTenant.stderr).toBe("aispm-collect: config_missing: no tenant: pass --tenant or set AISPM_TENANT_REF\n")
      const badEnv = yield* runCollector(["terraform", "--print", "--tenant", tenant, "--environment", "prod", plan])
      expect(badEnv.code).toBe(2)
      const mustBe = "--environment / AISPM_ENVIRONMENT must be dev, test, staging, production or sandbox"
      expect(badEnv.stderr).toBe(`aispm-collect: config_invalid: ${mustBe}, not "prod"\n`)
      const badJsonlEnv = yield* runCollector(["jsonl", "--print", "--environment", "prod"], { stdin: "" })
      expect([badJsonlEnv.code, badJsonlEnv.stderr]).toEqual([2, `aispm-collect: config_invalid: ${mustBe}, not "prod"\n`])
      const missing = yield* runCollector(["cloudtrail", "--print", "--tenant", tenant, "no-such-file.json"])
      expect(missing.code).toBe(3)
      expect(missing.stderr).toContain("no-such-file.json")
      const garbage = yield* runCollector(["terraform", "--print", "--tenant", tenant], { stdin: "not a plan" })
      expect(garbage.code).toBe(3)
      expect(garbage.stderr).toContain("terraform_plan_invalid")
    }))

  it.scoped("a full spool is 4 and writes nothing; an unreachable engine is 5 and keeps everything for `send`", () =>
    Effect.gen(function* () {
      const spoolDir = yield* tempDir("cli-exit-codes")
      const env = { AISPM_SPOOL_DIR: spoolDir, AISPM_TENANT_REF: tenant, AISPM_URL: "http://127.0.0.1:9", AISPM_TOKEN: "t", AISPM_SEND_ATTEMPTS: "1" }
      const full = yield* runCollector(["terraform", plan], { env: { ...env, AISPM_SPOOL_MAX_BYTES: "100" } })
      expect(full.code).toBe(4)
      expect(full.stderr).toContain("is full")
      const down = yield* runCollector(["terraform", plan], { env })
      expect(down.code).toBe(5)
      expect(down.stderr).toContain("stay in")
      const status = yield* runCollector(["status"], { env })
      expect(status.code).toBe(0)
      const report = JSON.parse(status.stdout) as Record<string, unknown>
      expect(report).toMatchObject({ spool_dir: spoolDir, rejected: 0, last_ack_at: null, sender_running: false })
      expect(report["depth"]).toBeGreaterThan(8)
      const send = yield* runCollector(["send"], { env })
      expect(send.code).toBe(5)
      const noEngine = yield* runCollector(["send"], { env: { AISPM_SPOOL_DIR: spoolDir } })
      expect(noEngine.code).toBe(2)
      expect(noEngine.stderr).toContain("AISPM_URL")
    }))
})
