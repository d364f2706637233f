import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { actorRoleForm } from "../../../src/collector/adapters/cloud/awsActor.ts"
import { cloudtrailDrafts } from "../../../src/collector/adapters/cloud/cloudtrail.ts"
import { contractErrors, fixtureText, leaks, plantedSecrets, rightOrFail, row, toEnvelopes } from "../generic/contract.ts"

const records = fixtureText("cloudtrail", "records.json")
const eventbridge = fixtureText("cloudtrail", "eventbridge.json")

const r = (action: string, target: string, decision: string | undefined, severity: string, rule: string) => ({ action, target, decision, severity, rule })

describe("CloudTrail adapter", () => {
  it.effect("records → cloud_iac_event with the sensitive-call table", () =>
    Effect.gen(function*() {
      const envelopes = yield* toEnvelopes(rightOrFail(cloudtrailDrafts(records)))
      expect(envelopes.flatMap(contractErrors)).toEqual([])
      expect(envelopes.map(row)).toEqual([
        r("cloudtrail:StopLogging", "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events in us-east-1", "warn", "critical", "audit_trail_disabled"),
        r("cloudtrail:DeleteTrail", "org-trail in us-east-1 (failed: AccessDenied)", "warn", "critical", "audit_trail_disabled"),
        r("s3:PutBucketPolicy", "octo-web-assets in eu-west-1", "warn", "high", "storage_access_change"),
        r("iam:CreateAccessKey", "iam user (name withheld) in us-east-1", "warn", "high", "credential_created"),
        r("iam:AttachUserPolicy", "arn:aws:iam::aws:policy/AdministratorAccess in us-east-1", "warn", "high", "iam_privilege_change"),
        r("signin:ConsoleLogin", "console sign-in without MFA in us-east-1", "warn", "high", "console_login_without_mfa"),
        r("signin:ConsoleLogin", "console sign-in in us-east-1", "warn", "high", "root_login"),
        r("signin:ConsoleLogin", "console sign-in in us-east-1", "audit_only", "medium", "console_login_failed"),
        r("ec2:AuthorizeSecurityGroupIngress", "sg-0a1b2c3d4e5f6a7b8 in eu-central-1", "warn", "critical", "internet_admin_ingress"),
        r("ec2:AuthorizeSecurityGroupIngress", "sg-0f9e8d7c6b5a49382 in eu-west-1", undefined, "low", "api_change"),
        r("lambda:UpdateFunctionConfiguration20150331v2", "octo-api in eu-west-1", undefined, "low", "api_change"),
        r("s3:DeleteBucket", "octo-preview-pr-41 in eu-west-1", "audit_only", "medium", "resource_delete"),
        r("ec2:DescribeInstances", "ec2 in eu-west-1", undefined, "none", "read_only")
      ])
      expect(envelopes.map((e) => e.event.actor_ref)).toEqual([
        "aws:assumed-role/AWSReservedSSO_AdministratorAccess_5f2a1b9c3d4e6f70",
        "aws:iam-user",
        "aws:assumed-role/github-actions-deploy",
        "aws:iam-user",
        "aws:iam-user",
        "aws:iam-user",
        "aws:root",
        "aws:iam-user",
        "aws:assumed-role/ops-break-glass",
        "aws:assumed-role/github-actions-deploy",
        "aws:assumed-role/github-actions-deploy",
        "aws:assumed-role/github-actions-deploy",
        "aws:assumed-role/github-actions-deploy"
      ])
      const first = envelopes[0]
      expect(first?.event).toMatchObject({ event_type: "cloud_iac_event", tool_name: "cloudtrail.amazonaws.com", occurred_at: "2025-01-07T14:02:11.000Z", policy_pack: "aispm-collector-cloudtrail-rules.v1" })
      expect(first?.source).toMatchObject({ connector_type: "cloud_provider", runtime_version: "cloudtrail/1.09" })
      expect(envelopes[9]?.event.policy_pack).toBeUndefined()
    }))

  it.effect("one session per credential session, none naming a person", () =>
    Effect.gen(function*() {
      const sessions = (yield* toEnvelopes(rightOrFail(cloudtrailDrafts(records)))).map((e) => e.event.session_id)
      const deploy = [2, 9, 10, 11, 12].map((i) => sessions[i])
      expect(new Set(deploy).size).toBe(1)
      expect(sessions[3]).toBe(sessions[4])
      expect(sessions[1]).not.toBe(sessions[3])
      expect(new Set(sessions).size).toBe(8)
      expect(sessions.every((s) => s?.startsWith("aws:123456789012:"))).toBe(true)
    }))

  it.effect("an EventBridge delivery carries the record under detail", () =>
    Effect.gen(function*() {
      const [e] = yield* toEnvelopes(rightOrFail(cloudtrailDrafts(eventbridge)))
      expect(e && contractErrors(e)).toEqual([])
      expect(e && row(e)).toEqual(r("kms:ScheduleKeyDeletion", "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab in us-west-2", "warn", "high", "key_destruction"))
      expect(e?.event.actor_ref).toBe("aws:assumed-role/platform-admin")
    }))

  it.effect("request parameters, keys, people and addresses never reach an envelope", () =>
    Effect.gen(function*() {
      const envelopes = yield* toEnvelopes([...rightOrFail(cloudtrailDrafts(records)), ...rightOrFail(cloudtrailDrafts(eventbridge))])
      const text = records + eventbridge
      const planted = [
        ...plantedSecrets(text),
        ...new Set(text.match(/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g) ?? []),
        ...new Set(text.match(/"sourceIPAddress": "([^"]+)"/g)?.map((m) => m.slice(20, -1)) ?? []),
        "JaneDoe", "jane.doe@acme.example", "marco.rossi@acme.example", "build-admin", "ci-legacy-bot",
        "AIDA4EXAMPLEUSERID001", "AROA4EXAMPLEROLEID123", "FAKEamzid2", "PublicRead", "HIDDEN_DUE_TO_SECURITY_REASONS"
      ]
      expect(planted.length).toBeGreaterThanOrEqual(25)
      expect(leaks(envelopes, planted)).toEqual([])
    }))

  it.effect("stable ids from CloudTrail's eventID", () =>
    Effect.gen(function*() {
      const a = yield* toEnvelopes(rightOrFail(cloudtrailDrafts(records)))
      const b = yield* toEnvelopes(rightOrFail(cloudtrailDrafts(records)))
      expect(b.map((e) => e.event.event_id)).toEqual(a.map((e) => e.event.event_id))
      expect(new Set(a.map((e) => e.event.event_id)).size).toBe(a.length)
    }))

  it("refuses unreadable input with the path of the fault", () => {
    const left = (text: string) => Either.match(cloudtrailDrafts(text), { onLeft: (e) => `${e.code} ${e.field ?? ""}`, onRight: () => "ok" })
    expect(left("FAKE-nope")).toBe("cloudtrail_invalid ")
    expect(left("[1,2]")).toBe("cloudtrail_invalid ")
    expect(left(JSON.stringify({ Records: [{ eventVersion: "1.09", eventTime: "2025-01-01T00:00:00Z", eventSource: "s3.amazonaws.com" }] })))
      .toBe("cloudtrail_invalid Records.0.eventName")
    expect(left(JSON.stringify({ eventVersion: "1.09", eventTime: "FAKE-time", eventSource: "s3.amazonaws.com", eventName: "X" })))
      .toBe("cloudtrail_invalid eventTime")
    expect(left("{\"Records\":[]}")).toBe("ok")
  })

  it("actor role form drops names of people", () => {
    expect([
      actorRoleForm({ type: "AssumedRole", sessionContext: { sessionIssuer: { userName: "deployer" } } }),
      actorRoleForm({ type: "AWSService", invokedBy: "cloudformation.amazonaws.com" }),
      actorRoleForm({ type: "FederatedUser", arn: "arn:aws:sts::123456789012:federated-user/Bob" }),
      actorRoleForm({ type: "IdentityCenterUser" }),
      actorRoleForm(undefined)
    ]).toEqual(["aws:assumed-role/deployer", "aws:service/cloudformation.amazonaws.com", "aws:federated-user", "aws:identity-center-user", "aws:unknown"])
  })
})
