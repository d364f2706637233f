import type { Decision, Severity } from "../../../domain/Envelope.ts"
import { adminPorts } from "./exposure.ts"
import { int, isObject, objects, text } from "./values.ts"

export interface TrailFacts {
  /** IAM-style action: `cloudtrail:StopLogging`, `signin:ConsoleLogin`... */
  readonly action: string
  readonly identityType: string | undefined
  readonly requestParameters: unknown
  readonly responseElements: unknown
  readonly additionalEventData: unknown
  readonly errorCode: string | undefined
  readonly readOnly: boolean | undefined
}

export interface TrailVerdict {
  readonly severity: Severity
  readonly rule: string
}

/** Calls that are alarming whatever their parameters (CIS AWS Foundations monitoring items). */
const sensitive: Record<string, TrailVerdict> = {
  "cloudtrail:StopLogging": { severity: "critical", rule: "audit_trail_disabled" },
  "cloudtrail:DeleteTrail": { severity: "critical", rule: "audit_trail_disabled" },
  "cloudtrail:UpdateTrail": { severity: "high", rule: "audit_trail_weakened" },
  "cloudtrail:PutEventSelectors": { severity: "high", rule: "audit_trail_weakened" },
  "guardduty:DeleteDetector": { severity: "high", rule: "detective_control_weakened" },
  "ec2:DeleteFlowLogs": { severity: "high", rule: "detective_control_weakened" },
  "config:StopConfigurationRecorder": { severity: "high", rule: "detective_control_weakened" },
  "config:DeleteConfigurationRecorder": { severity: "high", rule: "detective_control_weakened" },
  "s3:PutBucketPolicy": { severity: "high", rule: "storage_access_change" },
  "s3:PutBucketAcl": { severity: "high", rule: "storage_access_change" },
  "s3:DeleteBucketPublicAccessBlock": { severity: "high", rule: "storage_access_change" },
  "s3:DeleteAccountPublicAccessBlock": { severity: "high", rule: "storage_access_change" },
  "iam:CreateAccessKey": { severity: "high", rule: "credential_created" },
  "iam:CreateLoginProfile": { severity: "high", rule: "credential_created" },
  "iam:UpdateLoginProfile": { severity: "high", rule: "credential_created" },
  "iam:DeactivateMFADevice": { severity: "high", rule: "mfa_removed" },
  "iam:DeleteVirtualMFADevice": { severity: "high", rule: "mfa_removed" },
  "kms:ScheduleKeyDeletion": { severity: "high", rule: "key_destruction" },
  "kms:DisableKey": { severity: "high", rule: "key_destruction" },
  ...Object.fromEntries(
    [
      "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy", "PutUserPolicy", "PutRolePolicy", "PutGroupPolicy",
      "CreatePolicyVersion", "SetDefaultPolicyVersion", "UpdateAssumeRolePolicy", "AddUserToGroup"
    ].map((name) => [`iam:${name}`, { severity: "high", rule: "iam_privilege_change" }])
  )
}

const openCidrs = new Set(["0.0.0.0/0", "::/0"])
const items = (u: unknown) => objects(isObject(u) ? u.items : undefined)

/** EC2 logs `ipPermissions.items[].ipRanges.items[].cidrIp` (and `ipv6Ranges ... cidrIpv6`). */
const ingressExposure = (params: unknown): "admin_ports" | "open" | "none" => {
  const permissions = items(isObject(params) ? params.ipPermissions : undefined)
  const open = permissions.filter((p) =>
    [...items(p.ipRanges).map((r) => text(r.cidrIp)), ...items(p.ipv6Ranges).map((r) => text(r.cidrIpv6))]
      .some((c) => c !== undefined && openCidrs.has(c))
  )
  if (open.length === 0) return "none"
  const reachesAdmin = open.some((p) => {
    if (text(p.ipProtocol) === "-1") return true
    const from = int(p.fromPort) ?? 0
    const to = int(p.toPort) ?? from
    return adminPorts.some((port) => port >= from && port <= to)
  })
  return reachesAdmin ? "admin_ports" : "open"
}

const consoleLogin = (f: TrailFacts): TrailVerdict => {
  const ok = isObject(f.responseElements) && f.responseElements.ConsoleLogin === "Success"
  if (!ok) return { severity: "medium", rule: "console_login_failed" }
  // MFAUsed is only meaningful for password sign-ins; federated ones report "No" whatever the IdP did.
  const noMfa = isObject(f.additionalEventData) && f.additionalEventData.MFAUsed === "No"
  if (f.identityType === "Root") {
    return noMfa ? { severity: "critical", rule: "root_login_without_mfa" } : { severity: "high", rule: "root_login" }
  }
  if (f.identityType === "IAMUser" && noMfa) return { severity: "high", rule: "console_login_without_mfa" }
  return { severity: "none", rule: "console_login" }
}

const deniedCodes = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation"])
const readPrefix = /:(Get|List|Describe|Head|Lookup|BatchGet|Search)/

/**
 * One CloudTrail record → severity; the first matching row wins. A refused attempt (errorCode)
 * at a sensitive call scores like a success: someone tried.
 *
 * | #  | call (service:EventName)                                   | condition                          | severity | rule                       |
 * | -- | ---------------------------------------------------------- | ---------------------------------- | -------- | -------------------------- |
 * | 1  | signin:ConsoleLogin                                        | Root, success, MFAUsed No          | critical | root_login_without_mfa     |
 * |    |                                                            | Root, success, with MFA            | high     | root_login                 |
 * |    |                                                            | IAMUser, success, MFAUsed No       | high     | console_login_without_mfa  |
 * |    |                                                            | failed sign-in                     | medium   | console_login_failed       |
 * |    |                                                            | other successful sign-in           | none     | console_login              |
 * | 2  | ec2:AuthorizeSecurityGroupIngress                          | 0.0.0.0/0 or ::/0 to 22, 3389, all | critical | internet_admin_ingress     |
 * |    |                                                            | 0.0.0.0/0 or ::/0, other ports     | high     | internet_ingress           |
 * | 3  | cloudtrail:StopLogging, cloudtrail:DeleteTrail             |                                    | critical | audit_trail_disabled       |
 * | 4  | cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors       |                                    | high     | audit_trail_weakened       |
 * | 5  | guardduty:DeleteDetector, ec2:DeleteFlowLogs,              |                                    | high     | detective_control_weakened |
 * |    | config:Stop/DeleteConfigurationRecorder                    |                                    |          |                            |
 * | 6  | s3:PutBucketPolicy, s3:PutBucketAcl,                       |                                    | high     | storage_access_change      |
 * |    | s3:Delete(Bucket|Account)PublicAccessBlock                 |                                    |          |                            |
 * | 7  | iam:CreateAccessKey, iam:Create/UpdateLoginProfile         |                                    | high     | credential_created         |
 * | 8  | iam:Attach*Policy, iam:Put*Policy, iam:CreatePolicyVersion,|                                    | high     | iam_privilege_change       |
 * |    | SetDefaultPolicyVersion, UpdateAssumeRolePolicy, AddUserToGroup |                               |          |                            |
 * | 9  | iam:DeactivateMFADevice, iam:DeleteVirtualMFADevice        |                                    | high     | mfa_removed                |
 * | 10 | kms:ScheduleKeyDeletion, kms:DisableKey                    |                                    | high     | key_destruction            |
 * | 11 | any other call                                             | errorCode AccessDenied and kin     | medium   | access_denied              |
 * | 12 | any other *:Delete*                                        |                                    | medium   | resource_delete            |
 * | 13 | any other call                                             | readOnly, or Get/List/Describe...  | none     | read_only                  |
 * | 14 | anything else                                              |                                    | low      | api_change                 |
 */
export const classifyTrail = (f: TrailFacts): TrailVerdict => {
  if (f.action === "signin:ConsoleLogin") return consoleLogin(f)
  if (f.action === "ec2:AuthorizeSecurityGroupIngress") {
    const exposure = ingressExposure(f.requestParameters)
    if (exposure === "admin_ports") return { severity: "critical", rule: "internet_admin_ingress" }
    if (exposure === "open") return { severity: "high", rule: "internet_ingress" }
  }
  const known = sensitive[f.action]
  if (known !== undefined) return known
  if (f.errorCode !== undefined && deniedCodes.has(f.errorCode)) return { severity: "medium", rule: "access_denied" }
  if (/:Delete/.test(f.action)) return { severity: "medium", rule: "resource_delete" }
  if (f.readOnly === true || readPrefix.test(f.action)) return { severity: "none", rule: "read_only" }
  return { severity: "low", rule: "api_change" }
}

/**
 * Observed after the fact, so nothing can wait for approval: critical and high are surfaced
 * as warn, medium kept for audit; routine calls (low, none) carry no decision so they do not
 * weigh on the posture score.
 */
export const trailDecision: Record<Severity, Decision | undefined> = {
  critical: "warn",
  high: "warn",
  medium: "audit_only",
  low: undefined,
  none: undefined
}
