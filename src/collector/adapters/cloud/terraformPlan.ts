import { Either, Schema } from "effect"
import type { ConnectorType } from "../../../domain/Envelope.ts"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import { draft } from "../generic/draft.ts"
import { fingerprint } from "../generic/fingerprint.ts"
import { checkTimestamp, decodeWith, invalidInput, parseJsonText, Timestamp } from "../generic/inputErrors.ts"
import { classifyChange, type IacAction } from "./terraformRules.ts"

// `terraform show -json plan.out` (developer.hashicorp.com/terraform/internals/json-format).
// `before` is deliberately absent and `after` stays `unknown`: both hold attribute values,
// secrets included, and only the rules in terraformRules.ts look into `after`.
const ResourceChange = Schema.Struct({
  address: Schema.NonEmptyString,
  mode: Schema.optional(Schema.String),
  type: Schema.NonEmptyString,
  provider_name: Schema.optional(Schema.String),
  change: Schema.Struct({ actions: Schema.Array(Schema.String), after: Schema.optional(Schema.Unknown) })
})

const Plan = Schema.Struct({
  format_version: Schema.String,
  terraform_version: Schema.optional(Schema.String),
  timestamp: Schema.optional(Timestamp),
  resource_changes: Schema.optional(Schema.Array(ResourceChange))
})
type Plan = typeof Plan.Type

export interface TerraformOptions {
  readonly now: string
  readonly tool?: "terraform" | "opentofu"
  /** Groups the plan with its surroundings (e.g. the CI run's session); derived from the plan otherwise. */
  readonly sessionId?: string
  readonly agentId?: string
  readonly repository?: string
  readonly connectorType?: ConnectorType
}

export const iacPolicyPack = "aispm-collector-iac-rules.v1"

/**
 * change.actions → action. no-op and read change nothing and are skipped; `["create","forget"]`
 * replaces without destroying the old object, so it counts as a create.
 */
export const actionOf = (actions: ReadonlyArray<string>): IacAction | undefined => {
  const has = (a: string) => actions.includes(a)
  if (actions.length === 0 || actions.every((a) => a === "no-op" || a === "read")) return undefined
  if (has("delete") && has("create")) return "replace"
  if (has("create")) return "create"
  if (has("delete")) return "delete"
  if (has("forget")) return "forget"
  return "update"
}

// Format 1.x is current; 0.x is what Terraform 0.12-0.15 wrote. Another major may mean anything.
const supported = (version: string) => /^[01](\.|$)/.test(version)

const sessionOf = (plan: Plan): string => {
  const changes = (plan.resource_changes ?? []).map((c) => `${c.address}:${c.change.actions.join("+")}`).sort()
  return `terraform-plan:${fingerprint([plan.terraform_version, plan.timestamp, ...changes].join("\n"))}`
}

const toDrafts = (plan: Plan, opts: TerraformOptions, now: string): ReadonlyArray<EventDraft> => {
  const tool = opts.tool ?? "terraform"
  const prefix = tool === "opentofu" ? "tofu" : "terraform"
  const sessionId = opts.sessionId ?? sessionOf(plan)
  return (plan.resource_changes ?? []).flatMap((rc) => {
    const action = rc.mode === "data" ? undefined : actionOf(rc.change.actions)
    if (action === undefined) return []
    const verdict = classifyChange(rc.type, action, rc.change.after)
    return [draft({
      connectorType: opts.connectorType ?? "cloud_provider",
      eventType: "cloud_iac_event",
      naturalKey: `${sessionId}|${rc.address}|${action}`,
      occurredAt: plan.timestamp ?? now,
      sessionId,
      agentId: opts.agentId ?? tool,
      runtimeVersion: plan.terraform_version,
      repository: opts.repository,
      toolName: tool,
      actionType: `${prefix}.${action}`,
      targetSummary: rc.address,
      decision: verdict.decision,
      severity: verdict.severity,
      riskClassification: verdict.rule,
      policyPack: iacPolicyPack
    })]
  })
}

/** A plan's JSON representation → one cloud_iac_event draft per resource change. */
export const terraformPlanDrafts = (
  text: string,
  opts: TerraformOptions
): Either.Either<ReadonlyArray<EventDraft>, InvalidRequest> =>
  Either.gen(function*() {
    const now = yield* checkTimestamp(opts.now, "now")
    const json = yield* parseJsonText(text, "terraform_plan_invalid", "Terraform plan")
    const plan = yield* decodeWith(Plan, "terraform_plan_invalid", "Terraform plan")(json)
    if (!supported(plan.format_version)) {
      return yield* Either.left(invalidInput(
        "terraform_plan_unsupported",
        `Terraform plan format_version ${/^[0-9.]{1,10}$/.test(plan.format_version) ? plan.format_version : "(unreadable)"} is not supported (1.x expected)`,
        "format_version"
      ))
    }
    return toDrafts(plan, opts, now)
  })
