import { Either, ParseResult, Schema } from "effect"
import { InvalidRequest } from "../../../domain/Errors.ts"

/** The typed error every adapter returns for input it cannot read. */
export const invalidInput = (code: string, message: string, field?: string): InvalidRequest =>
  new InvalidRequest(field === undefined ? { code, message } : { code, message, field })

const describe: Record<string, string> = {
  Missing: "required field missing",
  Unexpected: "unexpected field",
  Forbidden: "forbidden value"
}

/**
 * Where and what, never the offending value: ParseError and JSON.parse messages quote the
 * input, and native records carry secrets.
 */
export const issueOf = (error: ParseResult.ParseError): { readonly path: string; readonly reason: string } => {
  const [first] = ParseResult.ArrayFormatter.formatErrorSync(error)
  const path = (first?.path ?? []).map(String).join(".")
  const reason = describe[first?._tag ?? ""] ?? "invalid value"
  return { path, reason }
}

export const parseJsonText = (text: string, code: string, what: string): Either.Either<unknown, InvalidRequest> =>
  Either.try({
    try: (): unknown => JSON.parse(text),
    catch: () => invalidInput(code, `${what} is not valid JSON`)
  })

export const decodeWith = <A, I>(schema: Schema.Schema<A, I>, code: string, what: string, prefix = "") =>
(input: unknown): Either.Either<A, InvalidRequest> =>
  Schema.decodeUnknownEither(schema)(input).pipe(
    Either.mapLeft((error) => {
      const { path, reason } = issueOf(error)
      const field = [prefix, path].filter((p) => p !== "").join(".")
      return invalidInput(code, `${what}: ${reason}${field === "" ? "" : ` at ${field}`}`, field === "" ? undefined : field)
    })
  )

/** A timestamp `new Date(...)` accepts: buildEnvelope would throw a RangeError on anything else. */
export const Timestamp = Schema.String.pipe(
  Schema.filter((s) => !Number.isNaN(Date.parse(s)), { message: () => "not a timestamp" })
)

export const checkTimestamp = (value: string, field: string): Either.Either<string, InvalidRequest> =>
  Number.isNaN(Date.parse(value))
    ? Either.left(invalidInput("timestamp_invalid", `${field} is not a timestamp`, field))
    : Either.right(value)
