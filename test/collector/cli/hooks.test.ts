import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as path from "node:path"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { plantedSecrets } from "../agents/secrets.ts"
import { tempDir } from "../spool/tempDir.ts"
import {
  envelopeLines, fakeMarkers, fixtureFiles, fixtureText, invalidEnvelopes, printArgs, runCollector, tenant
} from "./harness.ts"

const copilotArgs = (file: string): ReadonlyArray<string> => {
  const segment = path.basename(file).split("-")[1]?.split(".")[0] ?? ""
  return /^[a-z]/.test(segment) && segment !== "inferred" ? ["--event", segment] : []
}

const hookFixtures = [
  ...["claude-code", "cursor", "gemini-cli"].flatMap((s) => fixtureFiles(s).map((f) => ({ source: s, file: f, extra: [] as ReadonlyArray<string> }))),
  ...fixtureFiles("copilot").map((f) => ({ source: "copilot", file: f, extra: copilotArgs(f) }))
]

const connectorTypes: Record<string, string> = {
  "claude-code": "claude_code", cursor: "cursor", "gemini-cli": "gemini_cli", copilot: "github_copilot", codex: "codex"
}

const answers: Record<string, (input: string) => string> = {
  "claude-code": () => `{"continue":true,"suppressOutput":true}\n`,
  cursor: (input) => {
    const event = (JSON.parse(input) as { hook_event_name: string }).hook_event_name
    const permission = ["beforeShellExecution", "beforeMCPExecution", "beforeReadFile"].includes(event)
    return `${JSON.stringify(permission ? { permission: "allow" } : event === "beforeSubmitPrompt" ? { continue: true } : {})}\n`
  },
  "gemini-cli": () => "{}\n",
  copilot: () => "{}\n"
}

// One process per fixture (about fifty): the time limit counts processes on a loaded 2-core machine, not speed.
describe("aispm-collect agent hooks (subprocess)", () => {
  it.effect("--print: every hook fixture gives contract-valid envelopes of its connector, with nothing raw in them", () =>
    Effect.gen(function* () {
      const runs = yield* Effect.forEach(hookFixtures, ({ source, file, extra }) =>
        Effect.map(runCollector([source, ...printArgs, ...extra], { stdin: fixtureText(file) }), (run) => ({ source, file, run })),
        { concurrency: 4 })
      let total = 0
      for (const { source, file, run } of runs) {
        expect(run.code, `${file}: ${run.stderr}`).toBe(0)
        const envelopes = envelopeLines(run.stdout)
        expect(invalidEnvelopes(envelopes), file).toEqual([])
        for (const e of envelopes) {
          expect(e.source.connector_type).toBe(connectorTypes[source])
          expect(e.tenant).toEqual({ tenant_ref: tenant, environment: "test" })
          expect(e.source.connector_id).toMatch(new RegExp(`^${source}@`))
        }
        for (const secret of [...plantedSecrets, ...fakeMarkers(fixtureText(file))]) expect(run.stdout.includes(secret), `${file}: ${secret}`).toBe(false)
        total += envelopes.length
      }
      // Only Gemini's BeforeModel gives no event.
      expect(total).toBe(hookFixtures.length - 1)
    }), 5 * 60_000)

  it.scoped("as a hook: answers the agent on stdout, exits 0 and leaves the envelopes in the spool", () =>
    Effect.gen(function* () {
      const spoolDir = yield* tempDir("cli-hook-spool")
      const env = { AISPM_SPOOL_DIR: spoolDir, AISPM_TENANT_REF: tenant, AISPM_HOOK_DELIVERY: "spool" }
      const picks = ["claude-code", "cursor", "gemini-cli", "copilot"].flatMap((s) => hookFixtures.filter((h) => h.source === s).slice(0, 3))
      const runs = yield* Effect.forEach(picks, (h) =>
        Effect.map(runCollector([h.source, ...h.extra], { stdin: fixtureText(h.file), env }), (run) => ({ ...h, run })),
        { concurrency: 4 })
      for (const { source, file, run } of runs) {
        expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }, file).toEqual({
          code: 0,
          stdout: answers[source]!(fixtureText(file)),
          stderr: ""
        })
      }
      const pending = yield* Effect.scoped(Effect.flatMap(openSpool(spoolDir), (s) => s.pending))
      expect(pending).toHaveLength(picks.length)
      expect(invalidEnvelopes(pending.map((p) => p.envelope))).toEqual([])
    }))

  it.effect("never blocks the agent: broken input, no tenant or an unreachable engine still answer and exit 0", () =>
    Effect.gen(function* () {
      const broken = yield* runCollector(["cursor"], { stdin: "{not json", env: { AISPM_TENANT_REF: tenant, AISPM_HOOK_DELIVERY: "spool" } })
      expect(broken).toMatchObject({ code: 0, stdout: "{}\n" })
      expect(broken.stderr).toContain("agent_input_not_json")
      const noTenant = yield* runCollector(["claude-code"], { stdin: fixtureText(hookFixtures[0]!.file) })
      expect(noTenant).toMatchObject({ code: 0, stdout: `{"continue":true,"suppressOutput":true}\n` })
      expect(noTenant.stderr).toContain("AISPM_TENANT_REF")
    }))

  it.scoped("an engine that is down costs an inline hook at most its time budget, and the envelope stays spooled", () =>
    Effect.gen(function* () {
      const spoolDir = yield* tempDir("cli-hook-down")
      const run = yield* runCollector(["gemini-cli"], {
        stdin: fixtureText(fixtureFiles("gemini-cli")[2]!),
        env: {
          AISPM_SPOOL_DIR: spoolDir, AISPM_TENANT_REF: tenant, AISPM_URL: "http://127.0.0.1:9", AISPM_TOKEN: "t",
          AISPM_HOOK_DELIVERY: "inline", AISPM_HOOK_TIMEOUT_MS: "300"
        }
      })
      expect(run).toMatchObject({ code: 0, stdout: "{}\n" })
      expect(yield* Effect.scoped(Effect.flatMap(openSpool(spoolDir), (s) => s.pending))).toHaveLength(1)
    }))

  it.effect("codex notify: the JSON argument Codex passes is read, nothing is answered", () =>
    Effect.gen(function* () {
      const notify = fixtureText(fixtureFiles("codex")[0]!)
      const run = yield* runCollector(["codex", ...printArgs, notify])
      expect(run.code).toBe(0)
      const envelopes = envelopeLines(run.stdout)
      expect(envelopes.map((e) => [e.event.event_type, e.source.connector_type])).toEqual([["prompt", "codex"], ["model_response", "codex"]])
      expect(invalidEnvelopes(envelopes)).toEqual([])
      expect(run.stdout).not.toContain("sk_live_")
      const quiet = yield* runCollector(["codex", notify], { env: { AISPM_TENANT_REF: tenant, AISPM_HOOK_DELIVERY: "spool", AISPM_SPOOL_DIR: path.join(yield* Effect.scoped(tempDir("cx")), "s") } })
      expect(quiet).toMatchObject({ code: 0, stdout: "" })
    }))
})
