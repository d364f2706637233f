import type { Prng } from "./Prng.ts"
import { aftermath, cavraEvidenceRef, decide, signedEvidenceRef, type Subject } from "./Decisions.ts"
import type { Draft, Risk, SessionContext } from "./Types.ts"

const ciTool: Record<string, string> = {
  github_actions: "github-actions",
  gitlab_ci: "gitlab-ci",
  azure_pipelines: "azure-pipelines"
}
const workflows = ["ci.yml", "release.yml", "deploy.yml", "nightly.yml"]
const checks = ["aispm-policy", "unit-tests", "secret-scan", "dependency-review", "sast"]

/** A CI job: start, required checks (a failed one is blocked), artifacts with links, finish. */
export const ciRun = (rng: Prng, ctx: SessionContext): Array<Draft> => {
  const tool = ciTool[ctx.connector.type] ?? "ci"
  const runId = rng.int(100000, 999999)
  const ci = (actionType: string, targetSummary: string, riskClassification: string, extra: Partial<Draft> = {}): Draft => ({
    eventType: "ci_runner_event",
    toolName: tool,
    actionType,
    targetSummary,
    riskClassification,
    ...extra
  })
  const out: Array<Draft> = [
    ci("job_started", `run ${runId} ${rng.pick(workflows)} job ${rng.pick(["test", "build", "deploy"])}`, "ci_activity")
  ]
  let failed = false
  for (const check of rng.shuffle(checks).slice(0, rng.int(1, 3))) {
    const passed = rng.chance(0.8)
    failed ||= !passed
    const target = `required check ${check}: ${passed ? "passed" : "failed"}`
    out.push(ci("required_check", target, "ci_required_check"))
    const risk: Risk = passed ? "safe" : rng.pick(["risky", "dangerous"] as const)
    const subject: Subject = { toolName: tool, actionType: "required_check", targetSummary: target, risk, riskClassification: "ci_required_check" }
    if (!passed || rng.chance(0.4)) {
      const verdict = decide(rng, ctx, subject)
      out.push(verdict, ...aftermath(rng, ctx, verdict))
    }
  }
  if (!failed) {
    const artifact = rng.pick(["build-output.tgz", "coverage.xml", "sbom.spdx.json", "app.docker.tar"])
    out.push(
      ci("artifact_uploaded", `artifact ${artifact}`, "ci_artifact", {
        evidenceRefs: [cavraEvidenceRef(rng, ctx, `artifact-${runId}`)]
      })
    )
    if (rng.chance(0.5)) {
      out.push({
        eventType: "evidence_event",
        toolName: tool,
        actionType: "provenance_attestation",
        targetSummary: `SLSA provenance for ${artifact}`,
        evidenceRefs: [signedEvidenceRef(rng, "slsa")],
        signed: true
      })
    }
  }
  out.push(ci("job_finished", `run ${runId} conclusion: ${failed ? "failure" : "success"}`, "ci_activity"))
  return out
}

interface Change {
  readonly summary: (rng: Prng) => string
  readonly risk: Risk
  readonly riskClassification: string
  readonly weight: number
}
const changes: ReadonlyArray<Change> = [
  { summary: (r) => `destroy aws_db_instance.${r.pick(["orders", "ledger", "users"])}-prod`, risk: "dangerous", riskClassification: "data_loss_risk", weight: 2 },
  { summary: () => "aws_iam_policy.ci-deployer: add iam:* on *", risk: "risky", riskClassification: "privilege_escalation_risk", weight: 3 },
  { summary: (r) => `aws_security_group.${r.pick(["bastion", "db", "admin"])} ingress 0.0.0.0/0:${r.pick([22, 3389, 5432])}`, risk: "risky", riskClassification: "network_exposure_risk", weight: 3 },
  { summary: (r) => `aws_s3_bucket.${r.pick(["exports", "backups", "logs"])} acl=public-read`, risk: "dangerous", riskClassification: "data_exposure_risk", weight: 2 },
  { summary: (r) => `update aws_lambda_function.${r.pick(["thumbnailer", "mailer", "webhook"])}`, risk: "safe", riskClassification: "infrastructure_change", weight: 8 },
  { summary: (r) => `create aws_cloudwatch_log_group.${r.pick(["api", "worker"])}`, risk: "safe", riskClassification: "infrastructure_change", weight: 6 }
]

const riskOrder: ReadonlyArray<Risk> = ["safe", "moderate", "risky", "dangerous"]

/** An IaC plan read by a collector: plan, one event per notable change with its verdict, then the apply gate. */
export const iacPlan = (rng: Prng, ctx: SessionContext): Array<Draft> => {
  const tool = ctx.connector.runtimeVersion.split(" ")[0] ?? "terraform"
  const workspace = ctx.environment === "production" ? "prod" : "staging"
  const picked = Array.from({ length: rng.int(1, 4) }, () => rng.weighted(changes.map((c) => ({ value: c, weight: c.weight }))))
  const destroys = picked.filter((c) => c.riskClassification === "data_loss_risk").length
  const iac = (actionType: string, targetSummary: string, riskClassification: string): Draft => ({
    eventType: "cloud_iac_event",
    toolName: tool,
    actionType,
    targetSummary,
    riskClassification
  })
  const out: Array<Draft> = [
    iac("plan_created", `${tool} plan (${workspace}): ${rng.int(1, 20)} to add, ${picked.length} to change, ${destroys} to destroy`, "infrastructure_change")
  ]
  let worst: Risk = "safe"
  for (const change of picked) {
    const summary = change.summary(rng)
    out.push(iac("resource_change", summary, change.riskClassification))
    if (riskOrder.indexOf(change.risk) > riskOrder.indexOf(worst)) worst = change.risk
    if (change.risk !== "safe" || rng.chance(0.3)) {
      const verdict = decide(rng, ctx, { toolName: tool, actionType: "resource_change", targetSummary: summary, risk: change.risk, riskClassification: change.riskClassification })
      out.push(verdict, ...aftermath(rng, ctx, verdict))
    }
  }
  const apply = `${tool} apply (${workspace})`
  out.push(iac("apply_requested", apply, "infrastructure_change"))
  const gate = decide(rng, ctx, { toolName: tool, actionType: "apply", targetSummary: apply, risk: worst, riskClassification: "infrastructure_change" })
  out.push(gate, ...aftermath(rng, ctx, gate))
  if (gate.decision !== "block") out.push(iac("apply_finished", `${apply}: ${rng.chance(0.9) ? "succeeded" : "failed"}`, "infrastructure_change"))
  return out
}
