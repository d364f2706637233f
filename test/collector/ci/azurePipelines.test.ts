import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { azurePipelinesDrafts } from "../../../src/collector/adapters/ci/azurePipelines.ts"
import { contractErrors, fixtureEnv, leaks, now, plantedSecrets, rightOrFail, row, toEnvelopes } from "../generic/contract.ts"

const env = fixtureEnv("azure-pipelines", "env.pull_request.json")

describe("Azure Pipelines adapter", () => {
  it.effect("build-validation job start: PR, requester id, build URL", () =>
    Effect.gen(function*() {
      const [start] = yield* toEnvelopes(rightOrFail(azurePipelinesDrafts({ env, phase: "start" }, { now })))
      expect(start && contractErrors(start)).toEqual([])
      expect(start?.event).toMatchObject({
        action_type: "ci.job.start",
        session_id: "azure-pipelines:Storefront:build/48213",
        agent_id: "azure-pipelines:Storefront/checkout-web-ci",
        repository: "checkout-web",
        actor_ref: "azure-devops:user/8f0c2a6e-1b3d-4c5e-9f7a-2b4c6d8e0f1a",
        target_summary:
          "checkout-web-ci / Build and test on PullRequest @ refs/pull/88/merge (d3c2b1a) PR 88 refs/heads/feature/apple-pay -> refs/heads/main",
        evidence_refs: ["https://dev.azure.com/contoso/Storefront/_build/results?buildId=48213"]
      })
      expect(start?.source).toMatchObject({ connector_type: "azure_pipelines", runtime_version: "Linux" })
    }))

  it.effect("AGENT_JOBSTATUS values map through the status table", () =>
    Effect.gen(function*() {
      const finish = (status: string) =>
        toEnvelopes(rightOrFail(azurePipelinesDrafts(
          { env: { ...env, AGENT_JOBSTATUS: status }, phase: "finish", options: { requiredChecks: ["Build and test"] } },
          { now }
        )))
      const rows = []
      for (const status of ["Succeeded", "SucceededWithIssues", "Failed", "Canceled"]) {
        const [e] = yield* finish(status)
        expect(e && contractErrors(e)).toEqual([])
        rows.push(e && [e.event.decision, e.event.severity, e.event.risk_classification])
      }
      expect(rows).toEqual([
        ["allow", "none", "required_check_success"],
        ["warn", "low", "required_check_success_with_issues"],
        ["warn", "medium", "required_check_failure"],
        ["warn", "low", "required_check_cancelled"]
      ])
    }))

  it.effect("System.AccessToken and the requester's name and e-mail stay out", () =>
    Effect.gen(function*() {
      const envelopes = yield* toEnvelopes([
        ...rightOrFail(azurePipelinesDrafts({ env, phase: "start" }, { now })),
        ...rightOrFail(azurePipelinesDrafts({ env, phase: "finish", options: { artifactUrls: ["https://dev.azure.com/contoso/Storefront/_apis/build/builds/48213/artifacts?artifactName=drop&api-version=7.1&%24format=zip"] } }, { now }))
      ])
      expect(envelopes.map(row).at(-1)?.target).toBe("https://dev.azure.com/contoso/Storefront/_apis/build/builds/48213/artifacts")
      expect(leaks(envelopes, [...plantedSecrets(JSON.stringify(env)), "Jane Doe", "jane.doe@contoso.example"])).toEqual([])
    }))

  it("refuses an environment that is not an Azure Pipelines job", () => {
    const result = azurePipelinesDrafts({ env: { PATH: "/usr/bin" }, phase: "start" }, { now })
    expect(Either.isLeft(result) && result.left).toMatchObject({ code: "ci_env_missing", field: "BUILD_BUILDID" })
  })
})
