import { Either } from "effect"
import type { InvalidRequest } from "../../../domain/Errors.ts"
import { invalidInput } from "../generic/inputErrors.ts"

export type CiEnv = Readonly<Record<string, string | undefined>>

/** A variable's value, with empty strings treated as unset (runners export blanks). */
export const get = (env: CiEnv, name: string): string | undefined => {
  const value = env[name]
  return value === undefined || value.trim() === "" ? undefined : value
}

export const requireEnv = (env: CiEnv, name: string, platform: string): Either.Either<string, InvalidRequest> => {
  const value = get(env, name)
  return value === undefined
    ? Either.left(invalidInput("ci_env_missing", `${name} is not set: run this step inside a ${platform} job`, name))
    : Either.right(value)
}

/**
 * Artifact links lose their query and fragment: signed download URLs (Azure SAS `sig=`,
 * S3 `X-Amz-Signature=`, GCS `X-Goog-Signature=`) carry credentials there.
 */
export const stripQuery = (url: string): string => {
  const cut = url.search(/[?#]/)
  return cut === -1 ? url : url.slice(0, cut)
}

export const hostOf = (url: string | undefined): string => {
  if (url === undefined) return ""
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url)?.[1]?.toLowerCase() ?? url
}
