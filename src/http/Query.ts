import { HttpRouter, HttpServerRequest } from "@effect/platform"
import { Effect } from "effect"
import { InvalidRequest } from "../domain/Errors.ts"

/** A path parameter; one holding U+0000 names nothing that can be stored, so it is refused before the store. */
export const param = (name: string) =>
  Effect.flatMap(HttpRouter.params, (p) => {
    const value = p[name] ?? ""
    return value.includes("\u0000")
      ? Effect.fail(new InvalidRequest({ code: "invalid_identifier", message: `${name} contains U+0000`, field: name }))
      : Effect.succeed(value)
  })

/** A query parameter's one value (null when absent); given twice, it is ambiguous and refused. */
const searchParam = (name: string) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const values = new URL(request.url, "http://engine").searchParams.getAll(name)
    return values.length > 1
      ? Effect.fail(new InvalidRequest({ code: "invalid_query", message: `${name} is given more than once`, field: name }))
      : Effect.succeed(values[0] ?? null)
  })

/** A whole-number query parameter within [min, max], or the default when absent. */
export const intQuery = (name: string, fallback: number, min: number, max: number) =>
  Effect.flatMap(searchParam(name), (raw) => {
    if (raw === null || raw === "") return Effect.succeed(fallback)
    const n = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN
    return n >= min && n <= max
      ? Effect.succeed(n)
      : Effect.fail(new InvalidRequest({
        code: "invalid_query",
        message: `${name} must be a whole number from ${min} to ${max}`,
        field: name
      }))
  })

/** A text query parameter, or undefined when absent or empty; U+0000 names nothing stored and is refused. */
export const textQuery = (name: string) =>
  Effect.flatMap(searchParam(name), (raw) =>
    raw === null || raw === ""
      ? Effect.succeed(undefined)
      : raw.includes("\u0000")
      ? Effect.fail(new InvalidRequest({ code: "invalid_query", message: `${name} contains U+0000`, field: name }))
      : Effect.succeed(raw))
