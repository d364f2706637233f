import { PLACEHOLDER_PREFIX, placeholder } from "./Rule.ts"

/** Lower-case fragments that mark a target as pointing at secrets; a replay packet masks such targets. */
const SENSITIVE_FRAGMENTS: ReadonlyArray<string> = [
  "secret",
  ".env",
  "credential",
  "private key",
  "private_key",
  "password",
  "token",
  "id_rsa",
  ".pem",
  PLACEHOLDER_PREFIX.toLowerCase()
]

export const SENSITIVE_TARGET_PLACEHOLDER = placeholder("sensitive_target")

export const isSensitiveTarget = (s: string): boolean => {
  const lower = s.toLowerCase()
  return SENSITIVE_FRAGMENTS.some((fragment) => lower.includes(fragment))
}

/** Masks the whole target (not only the match): its path alone can reveal what was read. */
export const maskTarget = (_s: string): string => SENSITIVE_TARGET_PLACEHOLDER
