import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Exit } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { fetchGithubOidcToken, gitlabOidcToken } from "../../../src/collector/adapters/ci/oidc.ts"
import { fixtureEnv } from "../generic/contract.ts"

const jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2Fpc3BtLmV4YW1wbGUifQ.c2lnbmF0dXJl"
const requestToken = "FAKE-oidc-request-token-41d2"

interface Seen {
  readonly url: string | undefined
  readonly authorization: string | undefined
}

/** A stand-in for GitHub's token endpoint on an ephemeral local port. */
const tokenEndpoint = (respond: (req: IncomingMessage, res: ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly base: string; readonly seen: Array<Seen>; readonly close: () => void }>((resume) => {
      const seen: Array<Seen> = []
      const server = createServer((req, res) => {
        seen.push({ url: req.url, authorization: req.headers.authorization })
        respond(req, res)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          base: `http://127.0.0.1:${port}/_apis/distributedtask/hubs/Actions/plans/p1/jobs/j1/idtoken?api-version=2.0`,
          seen,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    ({ close }) => Effect.sync(close)
  )

const envFor = (base: string) => ({ ACTIONS_ID_TOKEN_REQUEST_URL: base, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken })

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
(_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify(body))
}

describe("GitHub Actions OIDC token", () => {
  it.scopedLive("asks the runner endpoint with the bearer request token and the audience", () =>
    Effect.gen(function*() {
      const endpoint = yield* tokenEndpoint(json(200, { count: 1882, value: jwt }))
      const token = yield* fetchGithubOidcToken(envFor(endpoint.base), "https://aispm.example", fetch)
      expect(token).toBe(jwt)
      expect(endpoint.seen).toHaveLength(1)
      expect(endpoint.seen[0]?.authorization).toBe(`bearer ${requestToken}`)
      const url = new URL(endpoint.seen[0]?.url ?? "", "http://x")
      expect(url.pathname).toBe("/_apis/distributedtask/hubs/Actions/plans/p1/jobs/j1/idtoken")
      expect(url.searchParams.get("api-version")).toBe("2.0")
      expect(url.searchParams.get("audience")).toBe("https://aispm.example")
    }))

  it.scopedLive("a refusal is permanent, an overloaded endpoint is retryable with its Retry-After", () =>
    Effect.gen(function*() {
      const refused = yield* tokenEndpoint(json(403, { message: "Forbidden" }))
      const busy = yield* tokenEndpoint(json(503, {}, { "retry-after": "7" }))
      const garbage = yield* tokenEndpoint(json(200, { value: "not-a-jwt" }))
      const r1 = yield* Effect.exit(fetchGithubOidcToken(envFor(refused.base), "aud", fetch))
      const r2 = yield* Effect.exit(fetchGithubOidcToken(envFor(busy.base), "aud", fetch))
      const r3 = yield* Effect.exit(fetchGithubOidcToken(envFor(garbage.base), "aud", fetch))
      expect(r1).toMatchObject(Exit.fail({ _tag: "Unauthorized", code: "oidc_request_refused" }))
      expect(r2).toMatchObject(Exit.fail({ _tag: "Unavailable", code: "oidc_unavailable", retryAfterSeconds: 7 }))
      expect(r3).toMatchObject(Exit.fail({ _tag: "Unauthorized", code: "oidc_response_invalid" }))
      expect(JSON.stringify([r1, r2, r3])).not.toContain(requestToken)
    }))

  it.scopedLive("no endpoint listening: retryable", () =>
    Effect.gen(function*() {
      const endpoint = yield* tokenEndpoint(json(200, { value: jwt }))
      endpoint.close()
      const result = yield* Effect.exit(fetchGithubOidcToken(envFor(endpoint.base), "aud", fetch))
      expect(result).toMatchObject(Exit.fail({ _tag: "Unavailable" }))
    }))

  it.effect("without `permissions: id-token: write` the variables are absent: a clear refusal", () =>
    Effect.gen(function*() {
      const env = fixtureEnv("github-actions", "env.push.json")
      const result = yield* Effect.exit(fetchGithubOidcToken(env, "aud", fetch))
      expect(result).toMatchObject(Exit.fail({ _tag: "Unauthorized", code: "oidc_not_available" }))
    }))
})

describe("GitLab ID token", () => {
  it("reads the JWT from the variable named under id_tokens:", () => {
    const env = fixtureEnv("gitlab-ci", "env.merge_request.json")
    expect(gitlabOidcToken(env)).toEqual(Either.right(env.AISPM_ID_TOKEN))
    expect(gitlabOidcToken(env, "VAULT_ID_TOKEN")).toMatchObject(Either.left({ code: "oidc_not_available" }))
    const notJwt = gitlabOidcToken({ AISPM_ID_TOKEN: "FAKE-not-a-jwt" })
    expect(notJwt).toMatchObject(Either.left({ code: "oidc_token_invalid" }))
    expect(JSON.stringify(notJwt)).not.toContain("FAKE-not-a-jwt")
  })
})
