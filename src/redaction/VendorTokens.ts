import { keyed, type Rule, whole } from "./Rule.ts"

/**
 * Token formats of services agents and pipelines talk to, recognizable by
 * their prefix wherever they stand (no secret-named key needed). Only
 * distinctive prefixes: an identifier that merely looks random is left to
 * the strict profile.
 */
const edge = "(?<![A-Za-z0-9_-])"
const end = "(?![A-Za-z0-9_-])"

const token = (type: string, body: string, hints: ReadonlyArray<string>): Rule =>
  whole(type, `${edge}${body}${end}`, "", hints)

export const vendorTokenRules: ReadonlyArray<Rule> = [
  token("sendgrid_key", "SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,64}", ["SG."]),
  token("stripe_webhook_secret", "whsec_[A-Za-z0-9]{24,}", ["whsec_"]),
  token("huggingface_token", "hf_[A-Za-z0-9]{30,}", ["hf_"]),
  token("databricks_token", "dapi[a-f0-9]{32}(?:-\\d)?", ["dapi"]),
  token("shopify_token", "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", ["shpat_", "shpca_", "shppa_", "shpss_"]),
  token("pypi_token", "pypi-AgE[A-Za-z0-9_-]{50,}", ["pypi-"]),
  token("digitalocean_token", "do[opr]_v1_[a-f0-9]{64}", ["dop_v1_", "doo_v1_", "dor_v1_"]),
  token("gitlab_token", "(?:glrt|gldt|glptt|glft|glsoat|glcbt|glimt|glagent|gloas)-[A-Za-z0-9_-]{20,}", ["glrt-", "gldt-", "glptt-", "glft-", "glsoat-", "glcbt-", "glimt-", "glagent-", "gloas-"]),
  token("gitlab_runner_token", "GR1348941[A-Za-z0-9_-]{20,}", ["GR1348941"]),
  token("docker_token", "dckr_pat_[A-Za-z0-9_-]{20,}", ["dckr_pat_"]),
  token("google_oauth_token", "ya29\\.[A-Za-z0-9_-]{30,}", ["ya29."]),
  token("google_oauth_secret", "GOCSPX-[A-Za-z0-9_-]{24,}", ["GOCSPX-"]),
  token("vault_token", "hv[sbr]\\.[A-Za-z0-9_-]{24,}", ["hvs.", "hvb.", "hvr."]),
  token("atlassian_token", "ATATT3x[A-Za-z0-9_=-]{50,}", ["ATATT3x"]),
  token("linear_key", "lin_api_[A-Za-z0-9]{32,}", ["lin_api_"]),
  token("groq_key", "gsk_[A-Za-z0-9]{40,}", ["gsk_"]),
  token("replicate_token", "r8_[A-Za-z0-9]{30,}", ["r8_"]),
  token("xai_key", "xai-[A-Za-z0-9]{40,}", ["xai-"]),
  token("sentry_token", "sntr[ysu]_[A-Za-z0-9_=+/]{40,}", ["sntrys_", "sntryu_", "sntrus_"]),
  token("age_secret_key", "AGE-SECRET-KEY-1[0-9A-Z]{50,}", ["AGE-SECRET-KEY-"]),
  token("telegram_bot_token", "\\d{8,10}:AA[A-Za-z0-9_-]{30,}", [":AA"]),
  whole("discord_webhook", "https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{5,30}/[A-Za-z0-9_-]{20,}", "", ["discord"]),
  // A pre-signed URL's signature lets anyone holding the URL in until it expires.
  keyed("url_signature", "([?&](?:X-Amz-Signature|X-Goog-Signature|X-Amz-Security-Token|X-Goog-Credential)=)([A-Za-z0-9%._~+/=-]{16,})", "i", undefined, ["x-amz-", "x-goog-"]),
  keyed("aws_sigv4_signature", "(\\bSignature=)([a-f0-9]{64})", "", undefined, ["Signature="])
]
