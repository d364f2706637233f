import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { ciDrafts, type CiRun } from "../../../src/collector/adapters/ci/ciRun.ts"
import { ciVerdicts, normalizeStatus } from "../../../src/collector/adapters/ci/ciStatus.ts"
import { stripQuery } from "../../../src/collector/adapters/ci/ciEnv.ts"

const run = (runId: string, job: string): CiRun => ({
  connectorType: "github_actions",
  toolName: "github-actions",
  runKey: `gha|github.com|o/r|${runId}|1|${job}`,
  sessionId: `s-${runId}`,
  agentId: "a",
  pipeline: "CI",
  job
})

describe("CI status table", () => {
  it("normalizes every platform's spelling", () => {
    expect(["success", "Succeeded", "SucceededWithIssues", "failure", "failed", "Failed", "cancelled", "canceled", "Canceled", "skipped", "running", undefined].map(normalizeStatus))
      .toEqual(["success", "success", "success_with_issues", "failure", "failure", "failure", "cancelled", "cancelled", "cancelled", "skipped", "unknown", "unknown"])
  })

  it("is the documented table", () => {
    const flat = Object.entries(ciVerdicts).map(([s, v]) => `${s}: ${v.optional.decision}/${v.optional.severity} | ${v.required.decision}/${v.required.severity}`)
    expect(flat).toEqual([
      "success: allow/none | allow/none",
      "success_with_issues: audit_only/low | warn/low",
      "failure: audit_only/low | warn/medium",
      "cancelled: audit_only/none | warn/low",
      "skipped: not_applicable/none | not_applicable/none",
      "unknown: audit_only/low | audit_only/low"
    ])
  })

  it("strips credentials carried in artifact URL queries", () => {
    expect(stripQuery("https://x.s3.amazonaws.com/a.zip?X-Amz-Signature=abc#f")).toBe("https://x.s3.amazonaws.com/a.zip")
    expect(stripQuery("https://host/a.zip")).toBe("https://host/a.zip")
  })

  it("natural keys: deterministic, and distinct across runs, jobs, phases, checks and artifacts", () => {
    const ident = FastCheck.stringMatching(/^[a-z0-9-]{1,12}$/)
    FastCheck.assert(
      FastCheck.property(FastCheck.uniqueArray(FastCheck.tuple(ident, ident), { minLength: 2, maxLength: 6, selector: ([r, j]) => `${r}|${j}` }), (pairs) => {
        const keys = pairs.flatMap(([r, j]) =>
          (["start", "finish"] as const).flatMap((phase) =>
            ciDrafts(run(r, j), phase, { checkResults: { lint: "success" }, artifactUrls: ["https://h/a"] }, "2025-01-01T00:00:00Z")
              .map((d) => d.naturalKey)
          )
        )
        const again = pairs.flatMap(([r, j]) => ciDrafts(run(r, j), "start", {}, "2030-01-01T00:00:00Z").map((d) => d.naturalKey))
        expect(again.every((k) => keys.includes(k))).toBe(true)
        // start and finish share the per-run check and artifact keys: the same fact twice is one event.
        expect(new Set(keys).size).toBe(pairs.length * 4)
      }),
      { seed: 20250109, numRuns: 200 }
    )
  })
})
