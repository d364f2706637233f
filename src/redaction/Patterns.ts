import { keyed, placeholder, type Rule, whole } from "./Rule.ts"

/**
 * Secret and PII detection rules, applied in this order. Specific token
 * formats come before the generic `key=value` rule so the placeholder names
 * the kind of credential; the generic rule then leaves the placeholder alone.
 */

/** Characters that may continue a token: a match must not start or end inside a longer word. */
const tokenEdgeBefore = "(?<![A-Za-z0-9_-])"
const tokenEdgeAfter = "(?![A-Za-z0-9_-])"

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

/** scheme://user:password@host keeps scheme, user and host. */
const urlPassword = keyed(
  "url_password",
  "(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,30}://[^\\s:/?#@\\[\\]]{0,256}:)([^\\s/?#@]{1,256})(?=@)",
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

const githubToken = whole(
  "github_token",
  "(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}(?![A-Za-z0-9_])",
  "",
  ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]
)
const githubPat = whole("github_token", "(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}", "", ["github_pat_"])
const gitlabToken = whole("gitlab_token", `${tokenEdgeBefore}glpat-[A-Za-z0-9_-]{20,}`, "", ["glpat-"])
const slackToken = whole(
  "slack_token",
  `${tokenEdgeBefore}(?:xox[abprs]|xapp)-[A-Za-z0-9-]{10,}`,
  "",
  ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "xapp-"]
)

const anthropicKey = whole("anthropic_api_key", `${tokenEdgeBefore}sk-ant-[A-Za-z0-9_-]{20,}`, "", ["sk-ant-"])
const openaiProjectKey = whole(
  "openai_api_key",
  `${tokenEdgeBefore}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}`,
  "",
  ["sk-"]
)
// Legacy keys have no dashes after `sk-`; requiring that keeps words like "sk-learn-..." intact.
const openaiLegacyKey = whole("openai_api_key", `${tokenEdgeBefore}sk-[A-Za-z0-9]{32,}${tokenEdgeAfter}`, "", ["sk-"])

const authHeader = "(authorization[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?"
const bearerHeader = keyed("bearer_token", `${authHeader}bearer\\s{1,3})([^\\s"',;]+)`, "i", undefined, [
  "authorization"
])
const basicHeader = keyed("basic_auth", `${authHeader}basic\\s{1,3})([A-Za-z0-9+/]+={0,2})`, "i", undefined, [
  "authorization"
])
// Outside a header only long tokens count, so prose like "a bearer token" stays.
const bearerLoose = keyed("bearer_token", "(\\bbearer\\s{1,3})([A-Za-z0-9._~+/-]{16,}={0,2})", "i", undefined, [
  "bearer"
])

const assignmentKind = (key: string): string => {
  const k = key.toLowerCase()
  if (k.includes("pass")) return "password"
  if (k.includes("token")) return "token"
  if (k.includes("api")) return "api_key"
  if (k.includes("private")) return "private_key"
  return "secret"
}

/** `password=…`, `"token": "…"`, `client_secret: …`: the key and separator stay. */
const genericAssignment = keyed(
  "secret",
  "((?:password|passwd|passphrase|secret[_-]?key|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key)" +
    "[\"']?\\s{0,3}[:=]\\s{0,3})" +
    "(\"[^\"\\r\\n]+\"|'[^'\\r\\n]+'|(?!\\[REDACTED:)[^\\s\"',;&<>]+)",
  "i",
  assignmentKind,
  ["pass", "secret", "token", "api", "key"]
)

const email: Rule = {
  type: "email",
  pattern:
    /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  // `git@host:org/repo` is an SSH remote, not a person.
  replace: (m) => (m[1] === "git" ? undefined : placeholder("email")),
  hints: ["@"]
}

const luhnValid = (digits: string): boolean => {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

const creditCard: Rule = {
  type: "credit_card",
  // A dash before or after means part of a uuid or a longer id, not a card.
  pattern: /(?<![A-Za-z0-9-])(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))(?:[ -]?[0-9]){10,17}(?![A-Za-z0-9-])/g,
  replace: (m) => {
    const digits = m[0].replace(/[ -]/g, "")
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? placeholder("credit_card") : undefined
  }
}

/** International form only (+country…): bare digit runs are too often ids and counters. */
const phone = whole("phone", "(?<![A-Za-z0-9+])\\+[1-9](?:[ .()-]{0,2}[0-9]){7,14}(?![0-9])", "", ["+"])

export const standardRules: ReadonlyArray<Rule> = [
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
  anthropicKey,
  openaiProjectKey,
  openaiLegacyKey,
  bearerHeader,
  basicHeader,
  bearerLoose,
  genericAssignment,
  email,
  creditCard,
  phone
]
