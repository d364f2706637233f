import { Data, Effect } from "effect"

export interface JsonReply {
  readonly status: number
  readonly json: unknown
}

export class DemoHttpError extends Data.TaggedError("DemoHttpError")<{ readonly message: string }> {}

/** One JSON request with a bearer token (fetch); the body, when given, is sent as JSON. */
export const httpJson = (url: string, token: string, body?: unknown): Effect.Effect<JsonReply, DemoHttpError> =>
  Effect.tryPromise({
    try: async (signal) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` }
      if (body !== undefined) headers["content-type"] = "application/json"
      const res = await fetch(url, {
        method: body === undefined ? "GET" : "POST",
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal
      })
      const text = await res.text()
      return { status: res.status, json: text === "" ? undefined : JSON.parse(text) as unknown }
    },
    catch: (e) => new DemoHttpError({ message: `${url}: ${String(e)}` })
  })

/** The reply's JSON when the status is the expected one; anything else stops the demo with the body. */
export const expectStatus = <A>(reply: JsonReply, ...statuses: ReadonlyArray<number>): Effect.Effect<A, DemoHttpError> =>
  statuses.includes(reply.status)
    ? Effect.succeed(reply.json as A)
    : Effect.fail(new DemoHttpError({ message: `unexpected HTTP ${reply.status}: ${JSON.stringify(reply.json)}` }))
