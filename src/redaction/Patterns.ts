import { assignmentRules } from "./Assignments.ts"
import { piiRules } from "./PiiPatterns.ts"
import { vendorTokenRules } from "./VendorTokens.ts"
import { keyed, type Rule, whole } from "./Rule.ts"

/**
 * Secret and PII detection rules, applied in this order. Specific token
 * formats come before the `key=value` rules (Assignments.ts) so the
 * placeholder names the kind of credential; those then leave it alone.
 * Addresses, card and phone numbers (PiiPatterns.ts) come last.
 */

/**
 * Characters that may continue a token: a match must not start or end inside
 * a longer word. An underscore or a hyphen may join a token to a name before
 * it (`sess_<token>`, `id-<jwt>`), an underscore after it (`<token>_old`),
 * without hiding it.
 */
const tokenEdgeBefore = "(?<![A-Za-z0-9])"
const tokenEdgeAfter = "(?![A-Za-z0-9-])"

const pemPrivateKey = whole(
  "private_key",
  // An unterminated block (cut by truncation) is redacted to the end of the text.
  "-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----[\\s\\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----|$)",
  "",
  ["-----BEGIN "]
)

const gcpPrivateKeyId = keyed(
  "gcp_private_key_id",
  "(\"private_key_id\"\\s{0,3}:\\s{0,3})(\"[a-f0-9]{40}\")",
  "",
  undefined,
  ["private_key_id"]
)

const jwt = whole("jwt", `${tokenEdgeBefore}eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, "", ["eyJ"])

const slackWebhook = whole(
  "slack_webhook",
  "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{8,}",
  "",
  ["hooks.slack.com"]
)

/**
 * scheme://user:password@host keeps scheme, user and host. Left unencoded,
 * `/`, `?`, `#`, `:` and `@` are still part of the password: it runs to the
 * last `@` of the authority (the one followed by a host holding no `@`), and
 * never crosses a space or a double quote. A port followed by a path
 * (`http://localhost:5173/@vite/client`) is not a password.
 */
const urlPassword = keyed(
  "url_password",
  "(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,30}://[^\\s:/?#@\\[\\]\"]{0,256}:)" +
    "(?![0-9]{1,5}[/?#])([^\\s\"<>]{1,256})(?=@[^\\s\"<>@/?#]{1,256}(?:[\\s\"<>/?#]|$))",
  "",
  undefined,
  ["@"]
)

const awsAccessKey = whole(
  "aws_access_key",
  "(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AKPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])"
)

const awsSecretKey = keyed(
  "aws_secret_key",
  "((?:aws_?)?secret(?:_?access)?_?key[\"']?\\s{0,3}[:=]\\s{0,3})" +
    "(\"[A-Za-z0-9/+=]{40}\"|'[A-Za-z0-9/+=]{40}'|[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=]))",
  "i",
  undefined,
  ["secret"]
)

const gcpApiKey = whole("gcp_api_key", `${tokenEdgeBefore}AIza[0-9A-Za-z_-]{35}${tokenEdgeAfter}`, "", ["AIza"])

const azureAccountKey = keyed(
  "azure_storage_key",
  "(AccountKey\\s{0,3}=\\s{0,3})([A-Za-z0-9+/]{20,}={0,2})",
  "i",
  undefined,
  ["accountkey"]
)
const azureSharedKey = keyed(
  "azure_shared_access_key",
  "(SharedAccessKey\\s{0,3}=\\s{0,3})([A-Za-z0-9+/]{20,}={0,2})",
  "i",
  undefined,
  ["sharedaccesskey"]
)
const azureSasSignature = keyed("azure_sas_signature", "([?&]sig=)([A-Za-z0-9%+/=]{20,})", "", undefined, ["sig="])

// A suffix after an underscore (`ghp_…_old`, `OLD_ghp_…`) does not hide the token.
const githubToken = whole(
  "github_token",
  "(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}(?![A-Za-z0-9])",
  "",
  ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]
)
const githubPat = whole("github_token", "(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{22,}", "", ["github_pat_"])
const gitlabToken = whole("gitlab_token", `${tokenEdgeBefore}glpat-[A-Za-z0-9_-]{20,}`, "", ["glpat-"])
const slackToken = whole(
  "slack_token",
  `${tokenEdgeBefore}(?:xox[abprs]|xapp)-[A-Za-z0-9-]{10,}`,
  "",
  ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "xapp-"]
)

// Secret (sk_) and restricted (rk_) keys; publishable keys (pk_) are public by design.
const stripeKey = whole(
  "stripe_key",
  "(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{20,}(?![A-Za-z0-9])",
  "",
  ["sk_live_", "sk_test_", "rk_live_", "rk_test_"]
)
// npm issues 36 characters after `npm_`; shorter runs down to 32 are taken too (npm_config_* names have `_`).
const npmToken = whole("npm_token", "(?<![A-Za-z0-9])npm_[A-Za-z0-9]{32,}(?![A-Za-z0-9])", "", ["npm_"])

const anthropicKey = whole("anthropic_api_key", `${tokenEdgeBefore}sk-ant-[A-Za-z0-9_-]{20,}`, "", ["sk-ant-"])
const openaiProjectKey = whole(
  "openai_api_key",
  `${tokenEdgeBefore}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}`,
  "",
  ["sk-"]
)
// Legacy keys have no dashes after `sk-`; requiring that keeps words like "sk-learn-..." intact.
const openaiLegacyKey = whole("openai_api_key", `${tokenEdgeBefore}sk-[A-Za-z0-9]{32,}${tokenEdgeAfter}`, "", ["sk-"])

// `Authorization: …`, `"Authorization": "…"`, `headers['Authorization'] = '…'`, `-H 'authorization: …'`.
const authHeader = "(authorization[\"']?\\]?\\s{0,3}[:=]\\s{0,3}[\"']?"
const bearerHeader = keyed("bearer_token", `${authHeader}bearer\\s{1,3})([^\\s"',;]+)`, "i", undefined, [
  "authorization"
])
const basicHeader = keyed("basic_auth", `${authHeader}basic\\s{1,3})([A-Za-z0-9+/]+={0,2})`, "i", undefined, [
  "authorization"
])
// Any other scheme (`token`, `Token`, `ApiKey`, `Bot`, `SSWS`, `AWS4-HMAC-SHA256 …`) or none: the whole credential goes.
const otherAuthHeader = keyed(
  "authorization",
  `${authHeader}(?!bearer\\s|basic\\s)(?:[A-Za-z][A-Za-z0-9_-]{0,30}[ \\t]{1,3})?)([^\\s"',;][^"'\\r\\n]{7,4096}?)(?=["'\\r\\n]|$)`,
  "i",
  undefined,
  ["authorization"]
)
/** A Cookie or Set-Cookie header, or curl's -b / --cookie: every cookie's value may be a session. */
const cookieHeader = keyed(
  "cookie",
  "((?<![A-Za-z0-9-])(?:set-)?cookie[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?|\\bcurl\\b[^\\r\\n]{0,300}?\\s(?:-b|--cookie)[ \\t]{1,3}[\"']?)" +
    "([^\"'\\r\\n]{3,4096})",
  "i",
  undefined,
  ["cookie", "curl"]
)
// Outside a header only long tokens count, so prose like "a bearer token" stays.
const bearerLoose = keyed("bearer_token", "(\\bbearer\\s{1,3})([A-Za-z0-9._~+/-]{16,}={0,2})", "i", undefined, [
  "bearer"
])

/** Credentials and keys: what must never be stored anywhere, identifiers included. */
export const secretRules: ReadonlyArray<Rule> = [
  pemPrivateKey,
  gcpPrivateKeyId,
  jwt,
  slackWebhook,
  urlPassword,
  awsAccessKey,
  awsSecretKey,
  gcpApiKey,
  azureAccountKey,
  azureSharedKey,
  azureSasSignature,
  githubToken,
  githubPat,
  gitlabToken,
  slackToken,
  stripeKey,
  npmToken,
  anthropicKey,
  openaiProjectKey,
  openaiLegacyKey,
  ...vendorTokenRules,
  bearerHeader,
  basicHeader,
  otherAuthHeader,
  cookieHeader,
  bearerLoose,
  ...assignmentRules
]

/** The standard profile: credentials, then personal data (addresses, card and phone numbers). */
export const standardRules: ReadonlyArray<Rule> = [...secretRules, ...piiRules]
