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
 * One CloudTrail record → severity; first matching row wins. A refused attempt (errorCode)
 * at a sensitive call scores like a success: someone tried.
 *
 * | # | call                                   | condition                             | severity          | rule                      |
 * | - | -------------------------------------- | ------------------------------------- | ----------------- | ------------------------- |
 * | 1 | signin:ConsoleLogin                    | Root, no MFA / Root with MFA          | critical / high   | root_login(_without_mfa)  |
 * |   |                                        | IAMUser without MFA / failed sign-in  | high / medium     | console_login_*           |
 * | 2 | ec2:AuthorizeSecurityGroupIngress      | 0.0.0.0/0 or ::/0 to 22, 3389 or all  | critical          | internet_admin_ingress    |
 * |   |                                        | 0.0.0.0/0 or ::/0, other ports        | high              | internet_ingress          |
 * | 3 | cloudtrail:StopLogging, DeleteTrail    |                                       | critical          | audit_trail_disabled      |
 * | 4 | UpdateTrail, PutEventSelectors, GuardDuty DeleteDetector, DeleteFlowLogs,    | high | audit_trail_weakened / detective_control_weakened |
 * |   | Config Stop/DeleteConfigurationRecorder                                       |      |                                                   |
 * | 5 | s3:PutBucketPolicy, PutBucketAcl, Delete(Bucket|Account)PublicAccessBlock    | high | storage_access_change                             |
 * | 6 | iam:CreateAccessKey, Create/UpdateLoginProfile                               | high | credential_created                                |
 * | 7 | iam:Attach*Policy, Put*Policy, CreatePolicyVersion, SetDefaultPolicyVersion, | high | iam_privilege_change                              |
 * |   | UpdateAssumeRolePolicy, AddUserToGroup                                        |      |                                                   |
 * | 8 | iam:DeactivateMFADevice, DeleteVirtualMFADevice                              | high | mfa_removed                                       |
 * | 9 | kms:ScheduleKeyDeletion, DisableKey                                          | high | key_destruction                                   |
 * | 10 | any other call refused with AccessDenied / UnauthorizedOperation           | medium | access_denied                                   |
 * | 11 | any other Delete*                                                          | medium | resource_delete                                 |
 * | 12 | readOnly, Get/List/Describe/Head...                                        | none   | read_only                                       |
 * | 13 | anything else                                                              | low    | api_change                                      |
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
