import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { gzipSync } from "node:zlib"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { plantedSecrets } from "../agents/secrets.ts"
import { tempDir } from "../spool/tempDir.ts"
import {
  envelopeLines, fakeMarkers, fixtureFiles, fixtureText, fixturesDir, invalidEnvelopes, printArgs, runCollector, tenant
} from "./harness.ts"

const fixture = (source: string, name: string) => path.join(fixturesDir, source, name)

const printed = (args: ReadonlyArray<string>, stdin?: string) =>
  Effect.map(runCollector([...args, ...printArgs], stdin === undefined ? {} : { stdin }), (run) => ({
    run,
    envelopes: envelopeLines(run.stdout)
  }))

const noLeaks = (stdout: string, input: string) => {
  for (const secret of [...plantedSecrets, ...fakeMarkers(input)]) expect(stdout.includes(secret), secret).toBe(false)
}

describe("aispm-collect file and stdin sources (subprocess)", () => {
  it.effect("codex rollout: one envelope per mapped line, malformed lines reported on stderr", () =>
    Effect.gen(function* () {
      const file = fixtureFiles("codex", ".jsonl")[0]!
      const { run, envelopes } = yield* printed(["codex", "--rollout", file])
      expect(run.code).toBe(0)
      expect(run.stderr).toContain("skipped 2 malformed line(s)")
      expect(envelopes.length).toBeGreaterThan(5)
      expect(invalidEnvelopes(envelopes)).toEqual([])
      expect(new Set(envelopes.map((e) => e.event.session_id))).toEqual(new Set(["019a2f4e-7c1d-7b42-9e5a-3c8d2b1f0a67"]))
      expect(new Set(envelopes.map((e) => e.source.connector_type))).toEqual(new Set(["codex"]))
      noLeaks(run.stdout, fixtureText(file))
      // The subcommand form reads the same file the same way.
      const again = yield* printed(["codex", "rollout", file])
      expect(again.envelopes.map((e) => e.event.event_id)).toEqual(envelopes.map((e) => e.event.event_id))
    }))

  it.effect("terraform: a plan file and the same plan on stdin give the same cloud_iac_events", () =>
    Effect.gen(function* () {
      const file = fixture("terraform", "plan.json")
      const fromFile = yield* printed(["terraform", file])
      const fromStdin = yield* printed(["terraform"], fixtureText(file))
      expect(fromFile.run.code).toBe(0)
      expect(fromFile.envelopes.length).toBeGreaterThan(8)
      expect(invalidEnvelopes(fromFile.envelopes)).toEqual([])
      expect(fromStdin.envelopes.map((e) => e.event.event_id)).toEqual(fromFile.envelopes.map((e) => e.event.event_id))
      for (const e of fromFile.envelopes) expect(e.event.event_type).toBe("cloud_iac_event")
      expect(fromFile.envelopes.some((e) => e.event.severity === "critical" || e.event.severity === "high")).toBe(true)
      noLeaks(fromFile.run.stdout, fixtureText(file))
      const tofu = yield* printed(["terraform", fixture("terraform", "plan.opentofu.json"), "--tool", "opentofu", "--session-id", "ci-run-7"])
      expect(tofu.envelopes.map((e) => [e.event.tool_name, e.event.session_id])).toEqual(tofu.envelopes.map(() => ["opentofu", "ci-run-7"]))
      expect(tofu.envelopes[0]?.source.connector_id).toMatch(/^opentofu@/)
    }))

  it.scoped("cloudtrail: a trail log file (also gzipped, as S3 delivers it) and an EventBridge event", () =>
    Effect.gen(function* () {
      const file = fixture("cloudtrail", "records.json")
      const plain = yield* printed(["cloudtrail", file])
      expect(plain.run.code).toBe(0)
      expect(plain.envelopes).toHaveLength(13)
      expect(invalidEnvelopes(plain.envelopes)).toEqual([])
      noLeaks(plain.run.stdout, fixtureText(file))
      for (const pii of ["JaneDoe", "jane.doe@acme.example", "marco.rossi@acme.example"]) expect(plain.run.stdout).not.toContain(pii)
      const gz = path.join(yield* tempDir("cli-trail"), "trail.json.gz")
      yield* Effect.promise(() => fs.writeFile(gz, gzipSync(fixtureText(file))))
      const zipped = yield* printed(["cloudtrail", gz])
      expect(zipped.envelopes.map((e) => e.event.event_id)).toEqual(plain.envelopes.map((e) => e.event.event_id))
      const piped = yield* Effect.map(runCollector(["cloudtrail", ...printArgs], { stdin: gzipSync(fixtureText(file)) }), (r) => envelopeLines(r.stdout))
      expect(piped.map((e) => e.event.event_id)).toEqual(plain.envelopes.map((e) => e.event.event_id))
      const bridge = yield* printed(["cloudtrail", fixture("cloudtrail", "eventbridge.json")])
      expect(bridge.envelopes.map((e) => e.event.action_type)).toEqual(["kms:ScheduleKeyDeletion"])
    }))

  it.effect("jsonl: valid envelopes pass through under the collector's tenant, bad lines are named", () =>
    Effect.gen(function* () {
      const file = fixture("jsonl", "envelopes.jsonl")
      const { run, envelopes } = yield* printed(["jsonl", file])
      expect(run.code).toBe(0)
      expect(envelopes.map((e) => e.event.event_id)).toEqual(["evt_export_0001", "evt_export_0002", "evt_export_0006"])
      expect(envelopes.map((e) => e.tenant.tenant_ref)).toEqual([tenant, tenant, tenant])
      expect(invalidEnvelopes(envelopes)).toEqual([])
      for (const line of [4, 5, 6, 8]) expect(run.stderr).toContain(`jsonl line ${line} skipped`)
      expect(`${run.stdout}${run.stderr}`).not.toContain("FAKE-jsonl-prompt-with-secret-77c1")
      // Without a tenant of its own the collector keeps the envelopes' tenant.
      const own = yield* runCollector(["jsonl", file, "--print"])
      expect(envelopeLines(own.stdout).map((e) => e.tenant.tenant_ref)).toEqual(["tenant:acme-prod", "tenant:acme-prod", "tenant:acme-prod"])
    }))

  it.effect("cavra: decisions, approvals and evidence; the torn last line is reported", () =>
    Effect.gen(function* () {
      const file = fixture("cavra", "records.jsonl")
      const { run, envelopes } = yield* printed(["cavra", file])
      expect(run.code).toBe(0)
      expect(run.stderr).toContain("cavra line 7 skipped")
      expect(envelopes.map((e) => e.event.event_type)).toEqual([
        "policy_decision", "approval_event", "approval_event", "policy_decision", "evidence_event", "approval_event"
      ])
      expect(invalidEnvelopes(envelopes)).toEqual([])
      expect(run.stdout).not.toContain("FAKE-cavra-bearer-secret-3c2d1e")
    }))
})
