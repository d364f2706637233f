import { Effect, Either, Schema } from "effect"
import { Unauthorized, Unavailable } from "../../../domain/Errors.ts"
import { type CiEnv, get } from "./ciEnv.ts"

/** Three base64url segments: the compact JWS form both platforms hand out. */
const jwtShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

const TokenResponse = Schema.Struct({ value: Schema.String.pipe(Schema.pattern(jwtShape)) })

const refused = (code: string, message: string) => new Unauthorized({ code, message })
const unavailable = (message: string, retryAfterSeconds = 1) =>
  new Unavailable({ code: "oidc_unavailable", message, retryAfterSeconds })

const retryAfter = (header: string | null): number => {
  const seconds = header === null ? Number.NaN : Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : 1
}

const requestUrl = (base: string, audience: string): Either.Either<string, Unauthorized> =>
  Either.try({
    try: () => {
      const url = new URL(base)
      url.searchParams.set("audience", audience)
      return url.toString()
    },
    catch: () => refused("oidc_request_url_invalid", "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL")
  })

/**
 * The job's OIDC token, as GitHub documents it: GET ACTIONS_ID_TOKEN_REQUEST_URL with
 * `&audience=...` and `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answer `{ "value": <JWT> }`.
 * Both variables exist only when the job has `permissions: id-token: write`.
 * Errors never quote the request token or the answer.
 */
export const fetchGithubOidcToken = (
  env: CiEnv,
  audience: string,
  fetchImpl: typeof fetch
): Effect.Effect<string, Unauthorized | Unavailable> =>
  Effect.gen(function*() {
    const base = get(env, "ACTIONS_ID_TOKEN_REQUEST_URL")
    const requestToken = get(env, "ACTIONS_ID_TOKEN_REQUEST_TOKEN")
    if (base === undefined || requestToken === undefined) {
      return yield* Effect.fail(refused(
        "oidc_not_available",
        "ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: give the job `permissions: id-token: write`"
      ))
    }
    const url = yield* requestUrl(base, audience)
    const response = yield* Effect.tryPromise({
      try: (signal) =>
        fetchImpl(url, {
          headers: { Authorization: `bearer ${requestToken}`, Accept: "application/json" },
          signal
        }),
      catch: () => unavailable("the GitHub OIDC token endpoint did not answer")
    })
    const text = yield* Effect.tryPromise({
      try: () => response.text(),
      catch: () => unavailable("the GitHub OIDC token answer was cut off")
    })
    if (response.status === 429 || response.status >= 500) {
      return yield* Effect.fail(unavailable(
        `the GitHub OIDC token endpoint answered ${response.status}`,
        retryAfter(response.headers.get("retry-after"))
      ))
    }
    if (!response.ok) {
      return yield* Effect.fail(
        refused("oidc_request_refused", `the GitHub OIDC token endpoint refused the request (${response.status})`)
      )
    }
    return yield* Schema.decodeUnknown(Schema.parseJson(TokenResponse))(text).pipe(
      Effect.map((body) => body.value),
      Effect.mapError(() => refused("oidc_response_invalid", "the GitHub OIDC token answer has no JWT in `value`"))
    )
  }).pipe(
    Effect.timeoutFail({
      duration: "10 seconds",
      onTimeout: () => unavailable("the GitHub OIDC token endpoint timed out")
    })
  )

/**
 * GitLab puts the job's ID token in the variable named under `id_tokens:` in .gitlab-ci.yml
 * (e.g. `id_tokens: { AISPM_ID_TOKEN: { aud: https://aispm.example } }`).
 */
export const gitlabOidcToken = (env: CiEnv, varName = "AISPM_ID_TOKEN"): Either.Either<string, Unauthorized> => {
  const value = get(env, varName)?.trim()
  if (value === undefined) {
    return Either.left(refused("oidc_not_available", `${varName} is not set: declare it under id_tokens: in the job`))
  }
  return jwtShape.test(value)
    ? Either.right(value)
    : Either.left(refused("oidc_token_invalid", `${varName} does not hold a JWT`))
}
