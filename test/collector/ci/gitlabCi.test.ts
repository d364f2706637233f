import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { gitlabCiDrafts } from "../../../src/collector/adapters/ci/gitlabCi.ts"
import { contractErrors, fixtureEnv, leaks, now, plantedSecrets, rightOrFail, row, toEnvelopes } from "../generic/contract.ts"

const mrEnv = fixtureEnv("gitlab-ci", "env.merge_request.json")
const pushEnv = fixtureEnv("gitlab-ci", "env.push.json")

describe("GitLab CI adapter", () => {
  it.effect("merge request job start uses CI_JOB_STARTED_AT and the MR variables", () =>
    Effect.gen(function*() {
      const [start] = yield* toEnvelopes(rightOrFail(gitlabCiDrafts({ env: mrEnv, phase: "start" }, { now })))
      expect(start && contractErrors(start)).toEqual([])
      expect(start?.event).toMatchObject({
        action_type: "ci.job.start",
        occurred_at: "2025-01-07T10:21:41.000Z",
        session_id: "gitlab-ci:acme/platform/payments-api:pipeline/1603458812",
        agent_id: "gitlab-ci:acme/platform/payments-api",
        repository: "acme/platform/payments-api",
        actor_ref: "gitlab:user/jdoe",
        tool_name: "gitlab-ci",
        target_summary:
          "pipeline 2271 / unit-tests on merge_request_event @ fix/idempotent-refunds (ab12cd3) MR !17 fix/idempotent-refunds -> main",
        evidence_refs: ["https://gitlab.com/acme/platform/payments-api/-/jobs/8811224455"]
      })
      expect(start?.source).toMatchObject({ connector_type: "gitlab_ci", runtime_version: "17.7.0~pre.103.g896916a8" })
    }))

  it.effect("after_script CI_JOB_STATUS drives the verdict; required or not", () =>
    Effect.gen(function*() {
      const failed = { ...mrEnv, CI_JOB_STATUS: "failed" }
      const required = yield* toEnvelopes(rightOrFail(gitlabCiDrafts({ env: failed, phase: "finish", options: { requiredChecks: ["unit-tests"] } }, { now })))
      const optional = yield* toEnvelopes(rightOrFail(gitlabCiDrafts({ env: failed, phase: "finish" }, { now })))
      const canceled = yield* toEnvelopes(rightOrFail(gitlabCiDrafts({ env: { ...mrEnv, CI_JOB_STATUS: "canceled" }, phase: "finish", options: { requiredChecks: ["unit-tests"] } }, { now })))
      const scheduled = yield* toEnvelopes(rightOrFail(gitlabCiDrafts({ env: pushEnv, phase: "finish" }, { now })))
      expect([...required, ...optional, ...canceled, ...scheduled].flatMap(contractErrors)).toEqual([])
      expect([required, optional, canceled, scheduled].map((e) => e[0] && row(e[0]))).toEqual([
        { action: "ci.job.finish", target: "pipeline 2271 / unit-tests: failure [required]", decision: "warn", severity: "medium", rule: "required_check_failure" },
        { action: "ci.job.finish", target: "pipeline 2271 / unit-tests: failure", decision: "audit_only", severity: "low", rule: "optional_check_failure" },
        { action: "ci.job.finish", target: "pipeline 2271 / unit-tests: cancelled [required]", decision: "warn", severity: "low", rule: "required_check_cancelled" },
        { action: "ci.job.finish", target: "Nightly drift check / plan:production: success", decision: "allow", severity: "none", rule: "optional_check_success" }
      ])
      expect(required[0]?.event.event_id).toBe(optional[0]?.event.event_id)
    }))

  it.effect("job token, registry password, ID token and personal data stay out", () =>
    Effect.gen(function*() {
      const envelopes = yield* toEnvelopes([
        ...rightOrFail(gitlabCiDrafts({ env: mrEnv, phase: "start" }, { now })),
        ...rightOrFail(gitlabCiDrafts({ env: { ...mrEnv, CI_JOB_STATUS: "failed" }, phase: "finish" }, { now })),
        ...rightOrFail(gitlabCiDrafts({ env: pushEnv, phase: "finish" }, { now }))
      ])
      const planted = [
        ...plantedSecrets(JSON.stringify(mrEnv) + JSON.stringify(pushEnv)),
        mrEnv.AISPM_ID_TOKEN ?? "missing",
        "Jane Doe",
        "jane.doe@acme.example",
        "infra-bot@example.internal"
      ]
      expect(planted.length).toBeGreaterThanOrEqual(7)
      expect(leaks(envelopes, planted)).toEqual([])
    }))

  it("refuses a job without its pipeline variables or with a bad CI_JOB_STARTED_AT", () => {
    const { CI_PROJECT_PATH: _dropped, ...noProject } = mrEnv
    const missing = gitlabCiDrafts({ env: noProject, phase: "start" }, { now })
    expect(Either.isLeft(missing) && missing.left).toMatchObject({ code: "ci_env_missing", field: "CI_PROJECT_PATH" })
    const badTime = gitlabCiDrafts({ env: { ...mrEnv, CI_JOB_STARTED_AT: "soon" }, phase: "start" }, { now })
    expect(Either.isLeft(badTime) && badTime.left).toMatchObject({ code: "timestamp_invalid", field: "CI_JOB_STARTED_AT" })
  })
})
