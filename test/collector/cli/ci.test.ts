import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { createServer, type IncomingMessage, type Server } from "node:http"
import * as path from "node:path"
import { tempDir } from "../spool/tempDir.ts"
import { envelopeLines, fakeMarkers, fixturesDir, fixtureText, invalidEnvelopes, printArgs, runCollector } from "./harness.ts"

const envOf = (platform: string, name: string): Record<string, string> =>
  JSON.parse(fixtureText(path.join(fixturesDir, platform, name))) as Record<string, string>

const githubEnv = (kind: "pull_request" | "push", extra: Record<string, string> = {}): Record<string, string> => ({
  ...envOf("github-actions", `env.${kind}.json`),
  GITHUB_EVENT_PATH: path.join(fixturesDir, "github-actions", `event.${kind}.json`),
  ...extra
})

const ci = (platform: string, env: Record<string, string>, args: ReadonlyArray<string> = []) =>
  Effect.map(runCollector([platform, ...printArgs, ...args], { env }), (run) => ({ run, envelopes: envelopeLines(run.stdout) }))

const rows = (envelopes: ReturnType<typeof envelopeLines>) =>
  envelopes.map((e) => [e.event.action_type, e.event.target_summary, e.event.decision ?? null])

const secretsOf = (env: Record<string, string>) => fakeMarkers(JSON.stringify(env))

interface TokenEndpoint {
  readonly url: string
  readonly seen: Array<IncomingMessage>
  readonly server: Server
}

/** A stand-in for GitHub's OIDC token endpoint that records how it was asked. */
const tokenEndpoint = Effect.acquireRelease(
  Effect.async<TokenEndpoint>((resume) => {
    const seen: Array<IncomingMessage> = []
    const server = createServer((req, res) => {
      seen.push(req)
      res.setHeader("content-type", "application/json")
      res.end(JSON.stringify({ value: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8ifQ.c2lnbmF0dXJl" }))
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resume(Effect.succeed({ url: `http://127.0.0.1:${port}/idtoken?api-version=2.0`, seen, server }))
    })
  }),
  ({ server }) => Effect.sync(() => void server.close())
)

describe("aispm-collect CI sources (subprocess)", () => {
  it.effect("GitHub Actions: job start, then finish with required checks, other checks and artifacts", () =>
    Effect.gen(function* () {
      const env = githubEnv("pull_request")
      const start = yield* ci("github-actions", env)
      expect(start.run.code, start.run.stderr).toBe(0)
      expect(rows(start.envelopes)).toEqual([
        ["ci.job.start", "CI / build on pull_request @ refs/pull/42/merge (5e2b8c1) PR #42 feature/login-rate-limit -> main", null]
      ])
      const finish = yield* ci("github-actions", { ...env, AISPM_JOB_STATUS: "failure" }, [
        "--required-checks", "build,lint",
        "--check-results", JSON.stringify({ lint: { result: "success" }, e2e: { result: "skipped" } }),
        "--artifact", "https://example.blob.core.windows.net/artifacts/report.zip?sv=2024&sig=FAKE-sas-signature"
      ])
      expect(rows(finish.envelopes)).toEqual([
        ["ci.job.finish", "CI / build: failure [required]", "warn"],
        ["ci.check_result", "CI / lint: success [required]", "allow"],
        ["ci.check_result", "CI / e2e: skipped", "not_applicable"],
        ["ci.artifact", "https://example.blob.core.windows.net/artifacts/report.zip", null]
      ])
      const all = [...start.envelopes, ...finish.envelopes]
      expect(invalidEnvelopes(all)).toEqual([])
      for (const e of all) {
        expect(e.source).toMatchObject({ connector_type: "github_actions", connector_id: "github-actions@github.com/octo-org/octo-service" })
      }
      for (const secret of [...secretsOf(env), "FAKE-sas-signature", "FAKE-pr-body-secret-51d0e2"]) {
        expect(`${start.run.stdout}${finish.run.stdout}`.includes(secret), secret).toBe(false)
      }
      const push = yield* ci("github-actions", githubEnv("push"), ["--phase", "finish", "--job-status", "success", "--check-results", "unit=success,deploy=cancelled"])
      expect(rows(push.envelopes).map((r) => r[2])).toEqual(["allow", "allow", "audit_only"])
    }))

  it.effect("GitLab CI and Azure Pipelines: the phase follows the job status variable", () =>
    Effect.gen(function* () {
      const running = yield* ci("gitlab-ci", envOf("gitlab-ci", "env.merge_request.json"))
      expect(running.envelopes.map((e) => [e.event.action_type, e.source.connector_id])).toEqual([
        ["ci.job.start", "gitlab-ci@gitlab.com/acme/platform/payments-api"]
      ])
      const after = yield* ci("gitlab-ci", envOf("gitlab-ci", "env.push.json"))
      expect(after.envelopes.map((e) => [e.event.action_type, e.event.decision])).toEqual([["ci.job.finish", "allow"]])
      const azure = yield* ci("azure-pipelines", envOf("azure-pipelines", "env.pull_request.json"), ["--required-checks", "Build"])
      expect(azure.envelopes.map((e) => [e.event.action_type, e.source.connector_type, e.source.connector_id])).toEqual([
        ["ci.job.finish", "azure_pipelines", "azure-pipelines@dev.azure.com/contoso/Storefront"]
      ])
      const all = [...running.envelopes, ...after.envelopes, ...azure.envelopes]
      expect(invalidEnvelopes(all)).toEqual([])
      const printedText = `${running.run.stdout}${after.run.stdout}${azure.run.stdout}`
      for (const name of ["gitlab-ci/env.merge_request.json", "gitlab-ci/env.push.json", "azure-pipelines/env.pull_request.json"]) {
        const [platform, file] = name.split("/")
        for (const secret of secretsOf(envOf(platform!, file!))) expect(printedText.includes(secret), secret).toBe(false)
      }
      expect(printedText).not.toContain(envOf("gitlab-ci", "env.merge_request.json")["AISPM_ID_TOKEN"])
    }))

  it.effect("outside a CI job the step fails with exit 3 and names the missing variable", () =>
    Effect.gen(function* () {
      const run = yield* runCollector(["github-actions", ...printArgs])
      expect(run.code).toBe(3)
      expect(run.stderr).toContain("GITHUB_RUN_ID is not set")
    }))

  it.scoped("workload identity: the GitHub OIDC token is requested as documented; --oidc require fails without it", () =>
    Effect.gen(function* () {
      const endpoint = yield* tokenEndpoint
      const spool = yield* tempDir("cli-ci-oidc")
      const env = githubEnv("pull_request", {
        ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.url,
        AISPM_TENANT_REF: "tenant:cli-test",
        AISPM_SPOOL_DIR: spool,
        AISPM_OIDC_AUDIENCE: "https://aispm.example"
      })
      const run = yield* runCollector(["github-actions", "--spool-only"], { env })
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toContain("github-actions OIDC token obtained")
      expect(endpoint.seen.map((r) => [new URL(r.url ?? "", "http://x").searchParams.get("audience"), r.headers["authorization"]])).toEqual([
        ["https://aispm.example", `bearer ${env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]}`]
      ])
      const withoutOidc = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("ACTIONS_ID_TOKEN_REQUEST_")))
      const required = yield* runCollector(["github-actions", "--spool-only", "--oidc", "require"], { env: withoutOidc })
      expect(required.code).toBe(6)
      expect(required.stderr).toContain("id-token: write")
      const gitlab = yield* runCollector(["gitlab-ci", "--spool-only"], {
        env: { ...envOf("gitlab-ci", "env.merge_request.json"), AISPM_TENANT_REF: "tenant:cli-test", AISPM_SPOOL_DIR: spool }
      })
      expect(gitlab.stderr).toContain("gitlab-ci OIDC token obtained")
    }))
})
