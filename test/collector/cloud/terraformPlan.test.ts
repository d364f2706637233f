import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { actionOf, terraformPlanDrafts } from "../../../src/collector/adapters/cloud/terraformPlan.ts"
import { classifyChange } from "../../../src/collector/adapters/cloud/terraformRules.ts"
import { contractErrors, fixtureText, leaks, now, plantedSecrets, rightOrFail, row, toEnvelopes } from "../generic/contract.ts"

const plan = fixtureText("terraform", "plan.json")
const tofu = fixtureText("terraform", "plan.opentofu.json")

const r = (action: string, target: string, decision: string, severity: string, rule: string) => ({ action, target, decision, severity, rule })

describe("Terraform plan adapter", () => {
  it.effect("one cloud_iac_event per resource change, severity from the documented table", () =>
    Effect.gen(function*() {
      const envelopes = yield* toEnvelopes(rightOrFail(terraformPlanDrafts(plan, { now })))
      expect(envelopes.flatMap(contractErrors)).toEqual([])
      expect(envelopes.map(row)).toEqual([
        r("terraform.replace", "module.db.aws_db_instance.main", "require_approval", "critical", "stateful_resource_destroy"),
        r("terraform.delete", "aws_dynamodb_table.sessions", "require_approval", "critical", "stateful_resource_destroy"),
        r("terraform.update", "aws_security_group.bastion", "require_approval", "critical", "internet_admin_ingress"),
        r("terraform.create", "aws_security_group_rule.https_in", "warn", "high", "internet_ingress"),
        r("terraform.create", "google_compute_firewall.allow_rdp", "require_approval", "critical", "internet_admin_ingress"),
        r("terraform.create", "azurerm_network_security_rule.http", "warn", "high", "internet_ingress"),
        r("terraform.create", "aws_s3_bucket_public_access_block.assets", "warn", "high", "public_storage"),
        r("terraform.create", "google_storage_bucket_iam_member.public_read", "warn", "high", "public_storage"),
        r("terraform.create", "aws_iam_role_policy_attachment.ci_admin", "warn", "high", "iam_policy_change"),
        r("terraform.create", "azurerm_role_assignment.pipeline_contributor", "warn", "high", "iam_policy_change"),
        r("terraform.delete", "aws_instance.worker[1]", "audit_only", "medium", "resource_destroy"),
        r("terraform.update", "aws_lambda_function.api", "allow", "low", "resource_change"),
        r("terraform.forget", "aws_s3_bucket.legacy_logs", "allow", "low", "resource_change")
      ])
      const first = envelopes[0]
      expect(first?.event).toMatchObject({
        event_type: "cloud_iac_event",
        tool_name: "terraform",
        agent_id: "terraform",
        occurred_at: "2025-01-07T11:02:33.000Z",
        policy_pack: "aispm-collector-iac-rules.v1"
      })
      expect(first?.source).toMatchObject({ connector_type: "cloud_provider", runtime_version: "1.9.8" })
      expect(new Set(envelopes.map((e) => e.event.session_id)).size).toBe(1)
    }))

  it.effect("OpenTofu: create-before-destroy is a replace; options place it in a CI session", () =>
    Effect.gen(function*() {
      const drafts = rightOrFail(terraformPlanDrafts(tofu, {
        now,
        tool: "opentofu",
        sessionId: "gitlab-ci:infra/terraform-live:pipeline/99120",
        repository: "infra/terraform-live",
        connectorType: "gitlab_ci"
      }))
      const envelopes = yield* toEnvelopes(drafts)
      expect(envelopes.flatMap(contractErrors)).toEqual([])
      expect(envelopes.map(row)).toEqual([
        r("tofu.replace", "google_sql_database_instance.analytics", "require_approval", "critical", "stateful_resource_destroy"),
        r("tofu.delete", "google_project_iam_member.ci_owner", "warn", "high", "iam_policy_change")
      ])
      expect(envelopes[0]?.event).toMatchObject({ tool_name: "opentofu", session_id: "gitlab-ci:infra/terraform-live:pipeline/99120", repository: "infra/terraform-live" })
      expect(envelopes[0]?.source.connector_type).toBe("gitlab_ci")
    }))

  it.effect("before/after values (passwords, keys, user data) never reach an envelope", () =>
    Effect.gen(function*() {
      const envelopes = yield* toEnvelopes([
        ...rightOrFail(terraformPlanDrafts(plan, { now })),
        ...rightOrFail(terraformPlanDrafts(tofu, { now, tool: "opentofu" }))
      ])
      const planted = [...plantedSecrets(plan + tofu), "payments_admin", "roles/storage.objectViewer", "AdministratorAccess"]
      expect(planted.length).toBeGreaterThanOrEqual(9)
      expect(leaks(envelopes, planted)).toEqual([])
    }))

  it.effect("stable ids: re-reading the plan gives the same event_ids; two plans differ", () =>
    Effect.gen(function*() {
      const a = yield* toEnvelopes(rightOrFail(terraformPlanDrafts(plan, { now })))
      const b = yield* toEnvelopes(rightOrFail(terraformPlanDrafts(plan, { now: "2031-05-05T05:05:05Z" })))
      const c = yield* toEnvelopes(rightOrFail(terraformPlanDrafts(plan.replace("2025-01-07T11:02:33Z", "2025-01-08T11:02:33Z"), { now })))
      expect(b.map((e) => e.event.event_id)).toEqual(a.map((e) => e.event.event_id))
      expect(new Set(a.map((e) => e.event.event_id)).size).toBe(a.length)
      expect(c.filter((e) => a.some((x) => x.event.event_id === e.event.event_id))).toEqual([])
    }))

  it("refuses what is not a readable plan, quoting no value", () => {
    const code = (text: string) => Either.match(terraformPlanDrafts(text, { now }), { onLeft: (e) => [e.code, e.field, e.message] as const, onRight: () => ["ok", undefined, ""] as const })
    expect(code("FAKE-not-json")[0]).toBe("terraform_plan_invalid")
    expect(code("{\"format_version\":\"2.0\",\"resource_changes\":[]}").slice(0, 2)).toEqual(["terraform_plan_unsupported", "format_version"])
    const bad = code("{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\",\"type\":\"a\",\"change\":{\"actions\":\"FAKE-oops\"}}]}")
    expect(bad.slice(0, 2)).toEqual(["terraform_plan_invalid", "resource_changes.0.change.actions"])
    expect(String(bad[2])).not.toContain("FAKE-oops")
    expect(code("{\"format_version\":\"1.2\",\"timestamp\":\"FAKE-when\"}").slice(0, 2)).toEqual(["terraform_plan_invalid", "timestamp"])
    expect(terraformPlanDrafts("{\"format_version\":\"1.0\"}", { now })).toEqual(Either.right([]))
  })
})

describe("Terraform severity rules", () => {
  it("actions", () => {
    expect([["no-op"], ["read"], ["create"], ["update"], ["delete"], ["delete", "create"], ["create", "delete"], ["forget"], ["create", "forget"]].map(actionOf))
      .toEqual([undefined, undefined, "create", "update", "delete", "replace", "replace", "forget", "create"])
  })

  it("ingress, public storage and IAM across providers", () => {
    const sev = (type: string, action: "create" | "update" | "delete" | "replace", after: unknown) => {
      const v = classifyChange(type, action, after)
      return `${v.severity}/${v.rule}`
    }
    expect([
      sev("aws_vpc_security_group_ingress_rule", "create", { cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" }),
      sev("aws_vpc_security_group_ingress_rule", "create", { cidr_ipv6: "::/0", ip_protocol: "tcp", from_port: 8080, to_port: 8080 }),
      sev("aws_security_group", "create", { ingress: [{ cidr_blocks: ["10.0.0.0/8"], from_port: 22, to_port: 22, protocol: "tcp" }] }),
      sev("aws_security_group", "replace", { ingress: [{ cidr_blocks: ["0.0.0.0/0"], from_port: 0, to_port: 65535, protocol: "tcp" }] }),
      sev("aws_security_group_rule", "create", { type: "egress", cidr_blocks: ["0.0.0.0/0"], from_port: 0, to_port: 0, protocol: "-1" }),
      sev("google_compute_firewall", "create", { direction: "INGRESS", source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "all" }] }),
      sev("google_compute_firewall", "create", { direction: "EGRESS", source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["22"] }] }),
      sev("azurerm_network_security_group", "update", { security_rule: [{ direction: "Inbound", access: "Allow", source_address_prefix: "*", destination_port_range: "*" }] }),
      sev("azurerm_network_security_rule", "create", { direction: "Inbound", access: "Deny", source_address_prefix: "*", destination_port_range: "22" }),
      sev("azurerm_network_security_rule", "create", { direction: "Inbound", access: "Allow", source_address_prefixes: ["0.0.0.0/0"], destination_port_ranges: ["3000-3400"] }),
      sev("aws_s3_bucket_acl", "create", { acl: "public-read" }),
      sev("aws_s3_bucket_acl", "update", { acl: "private" }),
      sev("azurerm_storage_container", "create", { container_access_type: "blob" }),
      sev("google_storage_bucket_iam_binding", "create", { members: ["allAuthenticatedUsers"] }),
      sev("aws_iam_role", "delete", null),
      sev("google_project_iam_binding", "update", {}),
      sev("azurerm_mssql_database", "delete", null),
      sev("azurerm_linux_virtual_machine", "replace", {}),
      sev("aws_s3_bucket", "create", { acl: "private" })
    ]).toEqual([
      "critical/internet_admin_ingress",
      "high/internet_ingress",
      "low/resource_change",
      "critical/internet_admin_ingress",
      "low/resource_change",
      "critical/internet_admin_ingress",
      "low/resource_change",
      "critical/internet_admin_ingress",
      "low/resource_change",
      "critical/internet_admin_ingress",
      "high/public_storage",
      "low/resource_change",
      "high/public_storage",
      "high/public_storage",
      "high/iam_policy_change",
      "high/iam_policy_change",
      "critical/stateful_resource_destroy",
      "medium/resource_destroy",
      "low/resource_change"
    ])
  })
})
