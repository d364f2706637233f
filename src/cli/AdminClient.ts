import { Effect, Schema } from "effect"

export class CliError extends Schema.TaggedError<CliError>()("CliError", {
  message: Schema.String,
  status: Schema.optional(Schema.Number),
  body: Schema.optional(Schema.Unknown)
}) {}

export interface AdminTarget {
  readonly url: string
  readonly token: string
}

/** One call of the engine's admin API; a refusal keeps the engine's problem body. */
export const adminCall = (target: AdminTarget, method: "GET" | "POST", path: string, body?: unknown) =>
  Effect.gen(function*() {
    const res = yield* Effect.tryPromise({
      try: () =>
        fetch(`${target.url.replace(/\/$/, "")}/enterprise/aispm${path}`, {
          method,
          headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
          body: body === undefined ? null : JSON.stringify(body)
        }),
      catch: (e) =>
        new CliError({
          message: `cannot reach the engine at ${target.url}: ${String(e)}; ` +
            "is it running there? Point at it with --url or AISPM_URL (the default is engine_url of bootstrap.json)"
        })
    })
    const text = yield* Effect.promise(() => res.text())
    const json: unknown = yield* Effect.try({ try: () => JSON.parse(text) as unknown, catch: () => text })
      .pipe(Effect.orElseSucceed(() => text))
    if (!res.ok) return yield* new CliError({ message: `the engine refused (${res.status})`, status: res.status, body: json })
    return json
  })
