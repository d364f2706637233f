import { Effect, Either } from "effect"
import { InvalidRequest, type Unauthorized, type Unavailable } from "../../domain/Errors.ts"
import type { CiEnv } from "../adapters/ci/ciEnv.ts"
import { fetchGithubOidcToken, gitlabOidcToken } from "../adapters/ci/oidc.ts"
import { type CliIO, note } from "./CliIO.ts"

export type OidcMode = "auto" | "require" | "off"
export type CiPlatform = "github-actions" | "gitlab-ci" | "azure-pipelines"

export const oidcModeOf = (raw: string | undefined): Either.Either<OidcMode, InvalidRequest> => {
  const mode = (["auto", "require", "off"] as const).find((m) => m === (raw ?? "auto"))
  return mode === undefined
    ? Either.left(new InvalidRequest({ code: "usage", message: "--oidc must be auto, require or off", field: "oidc" }))
    : Either.right(mode)
}

export interface WorkloadRequest {
  readonly platform: CiPlatform
  readonly env: CiEnv
  readonly mode: OidcMode
  /** Audience of the GitHub token (default: the engine URL). */
  readonly audience: string
  /** Variable GitLab puts the ID token in (`id_tokens:` in .gitlab-ci.yml). */
  readonly gitlabVariable: string
}

const offered = (r: WorkloadRequest): boolean =>
  r.platform === "github-actions"
    ? r.env["ACTIONS_ID_TOKEN_REQUEST_URL"] !== undefined
    : r.platform === "gitlab-ci" && r.env[r.gitlabVariable] !== undefined

/**
 * The job's OIDC token, obtained as the platform documents it. `auto` asks
 * only when the job offers one and carries on without it if that fails;
 * `require` fails the step. Azure Pipelines hands no OIDC token to scripts.
 */
export const workloadToken = (io: CliIO, r: WorkloadRequest): Effect.Effect<string | undefined, Unauthorized | Unavailable | InvalidRequest> => {
  if (r.mode === "off" || (r.mode === "auto" && !offered(r))) return Effect.succeed(undefined)
  if (r.platform === "azure-pipelines") {
    return Effect.fail(new InvalidRequest({ code: "usage", message: "Azure Pipelines gives scripts no OIDC token: use --oidc off" }))
  }
  const token: Effect.Effect<string, Unauthorized | Unavailable> = r.platform === "github-actions"
    ? fetchGithubOidcToken(r.env, r.audience, fetch)
    : gitlabOidcToken(r.env, r.gitlabVariable)
  return r.mode === "require"
    ? token
    : token.pipe(Effect.catchAll((e) => Effect.as(note(io, `no workload identity (${e.code}): ${e.message}`), undefined)))
}

/** The header the JWT travels in beside the collector's bearer token; the engine does not verify it yet. */
export const workloadHeader = "X-AISPM-Workload-Identity"
