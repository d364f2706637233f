import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { githubActionsDrafts } from "../../../src/collector/adapters/ci/githubActions.ts"
import {
  contractErrors,
  fixtureEnv,
  fixtureText,
  leaks,
  now,
  plantedSecrets,
  rightOrFail,
  row,
  toEnvelopes
} from "../generic/contract.ts"

const prEnv = fixtureEnv("github-actions", "env.pull_request.json")
const prEvent = fixtureText("github-actions", "event.pull_request.json")
const pushEnv = fixtureEnv("github-actions", "env.push.json")
const pushEvent = fixtureText("github-actions", "event.push.json")

const finishOptions = {
  jobStatus: "failure",
  requiredChecks: ["build", "e2e"],
  checkResults: { lint: "success", e2e: "failure", docs: "skipped", perf: "cancelled" },
  artifactUrls: [
    "https://github.com/octo-org/octo-service/actions/runs/12873456011/artifacts/2398410077",
    "https://storage.example.blob.core.windows.net/drops/app.zip?sv=2024-11-04&sig=FAKE-sas-signature-0a1b2c"
  ]
}

describe("GitHub Actions adapter", () => {
  it.effect("job start on a pull request: summary, session, actor, no decision", () =>
    Effect.gen(function*() {
      const drafts = rightOrFail(githubActionsDrafts({ env: prEnv, phase: "start", eventPayload: prEvent }, { now }))
      const [start] = yield* toEnvelopes(drafts)
      expect(drafts).toHaveLength(1)
      expect(start && contractErrors(start)).toEqual([])
      expect(start?.event).toMatchObject({
        event_type: "ci_runner_event",
        action_type: "ci.job.start",
        session_id: "github-actions:octo-org/octo-service:run/12873456011/attempt/1",
        agent_id: "github-actions:octo-org/octo-service:CI",
        repository: "octo-org/octo-service",
        actor_ref: "github:user/octocat",
        tool_name: "github-actions",
        target_summary:
          "CI / build on pull_request @ refs/pull/42/merge (5e2b8c1) PR #42 feature/login-rate-limit -> main",
        evidence_refs: ["https://github.com/octo-org/octo-service/actions/runs/12873456011/attempts/1"],
        occurred_at: now
      })
      expect(start?.event.decision).toBeUndefined()
      expect(start?.source).toMatchObject({ connector_type: "github_actions", runtime_version: "ubuntu24/20250105.1.0" })
    }))

  it.effect("job finish, other checks and artifacts: status table with required checks", () =>
    Effect.gen(function*() {
      const drafts = rightOrFail(
        githubActionsDrafts({ env: prEnv, phase: "finish", eventPayload: prEvent, options: finishOptions }, { now })
      )
      const envelopes = yield* toEnvelopes(drafts)
      expect(envelopes.flatMap(contractErrors)).toEqual([])
      expect(envelopes.map(row)).toEqual([
        { action: "ci.job.finish", target: "CI / build: failure [required]", decision: "warn", severity: "medium", rule: "required_check_failure" },
        { action: "ci.check_result", target: "CI / lint: success", decision: "allow", severity: "none", rule: "optional_check_success" },
        { action: "ci.check_result", target: "CI / e2e: failure [required]", decision: "warn", severity: "medium", rule: "required_check_failure" },
        { action: "ci.check_result", target: "CI / docs: skipped", decision: "not_applicable", severity: "none", rule: "optional_check_skipped" },
        { action: "ci.check_result", target: "CI / perf: cancelled", decision: "audit_only", severity: "none", rule: "optional_check_cancelled" },
        { action: "ci.artifact", target: finishOptions.artifactUrls[0], decision: undefined, severity: undefined, rule: undefined },
        { action: "ci.artifact", target: "https://storage.example.blob.core.windows.net/drops/app.zip", decision: undefined, severity: undefined, rule: undefined }
      ])
      expect(envelopes[0]?.event.policy_pack).toBe("aispm-collector-ci-rules.v1")
    }))

  it.effect("no secret, token or pull request text from the fixtures reaches an envelope", () =>
    Effect.gen(function*() {
      const all = [
        ...rightOrFail(githubActionsDrafts({ env: prEnv, phase: "start", eventPayload: prEvent }, { now })),
        ...rightOrFail(githubActionsDrafts({ env: prEnv, phase: "finish", eventPayload: prEvent, options: finishOptions }, { now })),
        ...rightOrFail(githubActionsDrafts({ env: pushEnv, phase: "finish", eventPayload: pushEvent }, { now }))
      ]
      const envelopes = yield* toEnvelopes(all)
      const planted = [
        ...plantedSecrets(JSON.stringify(prEnv) + prEvent + JSON.stringify(pushEnv) + JSON.stringify(finishOptions)),
        "Rate-limit the login endpoint",
        "token bucket"
      ]
      expect(planted.length).toBeGreaterThanOrEqual(5)
      expect(leaks(envelopes, planted)).toEqual([])
      expect(envelopes.every((e) => !e.redaction.raw_prompt_included && !e.redaction.tool_output_included)).toBe(true)
    }))

  it.effect("stable ids: same record same event_id, distinct records distinct ids", () =>
    Effect.gen(function*() {
      const once = yield* toEnvelopes(rightOrFail(githubActionsDrafts({ env: prEnv, phase: "start" }, { now })))
      const again = yield* toEnvelopes(
        rightOrFail(githubActionsDrafts({ env: prEnv, phase: "start" }, { now: "2030-01-01T00:00:00Z" }))
      )
      const finish = yield* toEnvelopes(rightOrFail(githubActionsDrafts({ env: prEnv, phase: "finish" }, { now })))
      const rerun = yield* toEnvelopes(rightOrFail(githubActionsDrafts({ env: pushEnv, phase: "start" }, { now })))
      const legA = yield* toEnvelopes(rightOrFail(githubActionsDrafts({ env: prEnv, phase: "start", options: { matrix: "node 20" } }, { now })))
      const legB = yield* toEnvelopes(rightOrFail(githubActionsDrafts({ env: prEnv, phase: "start", options: { matrix: "node 22" } }, { now })))
      const ids = [once, finish, rerun, legA, legB].map((e) => e[0]?.event.event_id)
      expect(again[0]?.event.event_id).toBe(once[0]?.event.event_id)
      expect(new Set(ids).size).toBe(ids.length)
    }))

  it.effect("push by a bot on a self-hosted runner, status from AISPM_JOB_STATUS", () =>
    Effect.gen(function*() {
      const env = { ...pushEnv, AISPM_JOB_STATUS: "success" }
      const [finish] = yield* toEnvelopes(rightOrFail(githubActionsDrafts({ env, phase: "finish", eventPayload: pushEvent }, { now })))
      expect(finish?.event).toMatchObject({
        actor_ref: "github:bot/dependabot",
        session_id: "github-actions:octo-org/octo-service:run/12873999123/attempt/2",
        decision: "allow",
        severity: "none",
        target_summary: "CI / test: success"
      })
      expect(finish?.source.runtime_version).toBe("Linux")
    }))

  it("refuses input it cannot read, with a typed error that quotes nothing", () => {
    const missing = githubActionsDrafts({ env: { ...prEnv, GITHUB_RUN_ID: "" }, phase: "start" }, { now })
    expect(Either.isLeft(missing) && missing.left).toMatchObject({ _tag: "InvalidRequest", code: "ci_env_missing", field: "GITHUB_RUN_ID" })
    const broken = githubActionsDrafts({ env: prEnv, phase: "start", eventPayload: "{\"pull_request\": FAKE-leak" }, { now })
    expect(Either.isLeft(broken) && broken.left).toMatchObject({ code: "github_event_payload_invalid" })
    expect(Either.isLeft(broken) && broken.left.message).not.toContain("FAKE-leak")
    const wrongShape = githubActionsDrafts({ env: prEnv, phase: "start", eventPayload: "{\"pull_request\":{\"number\":\"FAKE-x\"}}" }, { now })
    expect(Either.isLeft(wrongShape) && wrongShape.left).toMatchObject({ code: "github_event_payload_invalid", field: "pull_request.number" })
    expect(Either.isLeft(wrongShape) && wrongShape.left.message).not.toContain("FAKE-x")
    const badNow = githubActionsDrafts({ env: prEnv, phase: "start" }, { now: "yesterday" })
    expect(Either.isLeft(badNow) && badNow.left).toMatchObject({ code: "timestamp_invalid", field: "now" })
  })
})
