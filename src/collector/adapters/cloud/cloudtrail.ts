import { Either, Schema } from "effect"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import type { EventDraft } from "../../EnvelopeBuilder.ts"
import { draft } from "../generic/draft.ts"
import { decodeWith, invalidInput, parseJsonText, Timestamp } from "../generic/inputErrors.ts"
import { actorRoleForm, awsSessionId } from "./awsActor.ts"
import { classifyTrail, trailDecision } from "./cloudtrailRules.ts"
import { isObject, text } from "./values.ts"

const opt = Schema.optional(Schema.String)

// docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
// requestParameters / responseElements stay `unknown`: the rules read a few keys, nothing is copied.
const TrailRecord = Schema.Struct({
  eventVersion: Schema.String,
  eventTime: Timestamp,
  eventSource: Schema.NonEmptyString,
  eventName: Schema.NonEmptyString,
  awsRegion: opt,
  eventID: opt,
  requestID: opt,
  eventType: opt,
  errorCode: opt,
  readOnly: Schema.optional(Schema.Boolean),
  recipientAccountId: opt,
  userIdentity: Schema.optional(Schema.Struct({
    type: opt,
    arn: opt,
    accountId: opt,
    principalId: opt,
    accessKeyId: opt,
    invokedBy: opt,
    sessionContext: Schema.optional(Schema.Struct({
      attributes: Schema.optional(Schema.Struct({ creationDate: opt })),
      sessionIssuer: Schema.optional(Schema.Struct({ userName: opt }))
    }))
  })),
  requestParameters: Schema.optional(Schema.Unknown),
  responseElements: Schema.optional(Schema.Unknown),
  additionalEventData: Schema.optional(Schema.Unknown)
})
type TrailRecord = typeof TrailRecord.Type

const TrailFile = Schema.Struct({ Records: Schema.Array(TrailRecord) })

export const trailPolicyPack = "aispm-collector-cloudtrail-rules.v1"

/** Parameters that name the resource acted on; names of people (userName) are left out. */
const resourceKeys = [
  "bucketName", "trailName", "name", "roleName", "groupName", "groupId", "policyArn", "policyName", "instanceId",
  "dBInstanceIdentifier", "dBClusterIdentifier", "functionName", "tableName", "keyId", "detectorId", "clusterName",
  "repositoryName", "stackName", "topicArn", "secretId"
]

const targetOf = (r: TrailRecord, service: string, rule: string): string => {
  const params = isObject(r.requestParameters) ? r.requestParameters : {}
  const resource = r.eventName === "ConsoleLogin"
    ? `console sign-in${rule.includes("without_mfa") ? " without MFA" : ""}`
    : resourceKeys.map((k) => text(params[k])).find((v) => v !== undefined) ??
      (text(params.userName) !== undefined ? `${service} user (name withheld)` : service)
  const where = r.awsRegion === undefined ? "" : ` in ${r.awsRegion}`
  return `${resource}${where}${r.errorCode === undefined ? "" : ` (failed: ${r.errorCode})`}`
}

export const trailDraft = (r: TrailRecord): EventDraft => {
  const service = r.eventSource.split(".")[0] ?? r.eventSource
  const action = `${service}:${r.eventName}`
  const verdict = classifyTrail({
    action,
    identityType: r.userIdentity?.type,
    requestParameters: r.requestParameters,
    responseElements: r.responseElements,
    additionalEventData: r.additionalEventData,
    errorCode: r.errorCode,
    readOnly: r.readOnly
  })
  const account = r.recipientAccountId ?? r.userIdentity?.accountId ?? "unknown"
  const actor = actorRoleForm(r.userIdentity)
  const decision = trailDecision[verdict.severity]
  return draft({
    connectorType: "cloud_provider",
    eventType: "cloud_iac_event",
    // eventID is CloudTrail's own unique id; the fallback is unique enough per request.
    naturalKey: `cloudtrail|${r.eventID ?? [r.eventTime, r.eventSource, r.eventName, r.requestID].join("|")}`,
    occurredAt: r.eventTime,
    sessionId: awsSessionId(r.userIdentity, account, `${actor}:${r.eventTime.slice(0, 10)}`),
    agentId: actor,
    actorRef: actor,
    runtimeVersion: `cloudtrail/${r.eventVersion}`,
    toolName: r.eventSource,
    actionType: action,
    targetSummary: targetOf(r, service, verdict.rule),
    decision,
    severity: verdict.severity,
    riskClassification: verdict.rule,
    policyPack: decision === undefined ? undefined : trailPolicyPack
  })
}

/** `{ "Records": [...] }` (a trail's log file), an EventBridge event (`detail`), or one record. */
const recordsOf = (json: unknown) => {
  if (isObject(json) && "Records" in json) return decodeWith(TrailFile, "cloudtrail_invalid", "CloudTrail log")(json)
  const single = isObject(json) && isObject(json.detail) ? json.detail : json
  if (!isObject(single)) {
    return Either.left(invalidInput("cloudtrail_invalid", "CloudTrail input is not a log file, an event or a record"))
  }
  return Either.map(decodeWith(TrailRecord, "cloudtrail_invalid", "CloudTrail record")(single), (r) => ({
    Records: [r]
  }))
}

/** CloudTrail event records → one cloud_iac_event draft each. */
export const cloudtrailDrafts = (text: string): Either.Either<ReadonlyArray<EventDraft>, InvalidRequest> =>
  parseJsonText(text, "cloudtrail_invalid", "CloudTrail log").pipe(
    Either.flatMap(recordsOf),
    Either.map((file) => file.Records.map(trailDraft))
  )
