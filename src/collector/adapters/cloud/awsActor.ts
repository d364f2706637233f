import { fingerprint } from "../generic/fingerprint.ts"

export interface AwsIdentity {
  readonly type?: string | undefined
  readonly arn?: string | undefined
  readonly accountId?: string | undefined
  readonly principalId?: string | undefined
  readonly accessKeyId?: string | undefined
  readonly invokedBy?: string | undefined
  readonly sessionContext?: {
    readonly attributes?: { readonly creationDate?: string | undefined } | undefined
    readonly sessionIssuer?: { readonly userName?: string | undefined } | undefined
  } | undefined
}

const fixed: Record<string, string> = {
  Root: "aws:root",
  IAMUser: "aws:iam-user",
  FederatedUser: "aws:federated-user",
  AWSAccount: "aws:account",
  SAMLUser: "aws:saml-user",
  WebIdentityUser: "aws:web-identity-user",
  IdentityCenterUser: "aws:identity-center-user",
  Directory: "aws:directory-user"
}

/**
 * The principal reduced to its role or type. Kept: the role name of an assumed role (a role,
 * not a person) and the invoking service. Dropped: user names, session names (often an
 * e-mail), access key ids, principal ids.
 */
export const actorRoleForm = (identity: AwsIdentity | undefined): string => {
  const type = identity?.type ?? "Unknown"
  if (type === "AssumedRole") {
    const fromArn = /:assumed-role\/([^/]+)\//.exec(identity?.arn ?? "")?.[1]
    const role = fromArn ?? identity?.sessionContext?.sessionIssuer?.userName
    return role === undefined ? "aws:assumed-role" : `aws:assumed-role/${role}`
  }
  if (type === "AWSService") return `aws:service/${identity?.invokedBy ?? "unknown"}`
  return fixed[type] ?? "aws:unknown"
}

/**
 * One credential session: same principal, same credentials, same issue time. Its parts
 * identify people, so only their fingerprint appears.
 */
export const awsSessionId = (identity: AwsIdentity | undefined, account: string, fallback: string): string => {
  const parts = [
    identity?.principalId,
    identity?.accessKeyId,
    identity?.sessionContext?.attributes?.creationDate
  ].filter((p): p is string => p !== undefined && p !== "")
  return `aws:${account}:${parts.length === 0 ? fallback : fingerprint(parts.join("|"))}`
}
