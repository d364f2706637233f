import Ajv2020Module from "ajv/dist/2020.js"
import type { DefinedError, ErrorObject } from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { Either } from "effect"
import schema from "../../schemas/envelope.schema.json" with { type: "json" }
import type { Envelope } from "../domain/Envelope.ts"
import { EnvelopeInvalid } from "../domain/Errors.ts"

// CommonJS interop differs between tsx, vitest and Deno (STACK-NOTES 5).
const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default

// allErrors false: stop at the first violation, so an oversized bad envelope
// costs little and the collector gets one precise reason to fix.
const ajv = new Ajv2020({ allErrors: false, strict: true, strictTypes: false })
addFormats(ajv, { mode: "full", formats: ["date-time"] })

const check = ajv.compile<Envelope>(schema)

const maxSegment = 64

/** JSON Pointer (`/event/occurred_at`) to the dotted path used in problem bodies. */
const dotted = (pointer: string, extra?: string): string => {
  const segments = pointer === "" ? [] : pointer.slice(1).split("/")
  if (extra !== undefined) segments.push(extra)
  return segments
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (s.length > maxSegment ? `${s.slice(0, maxSegment)}…` : s))
    .join(".")
}

const formatNames: Record<string, string> = { "date-time": "an RFC 3339 date-time" }

const typeNames: Record<string, string> = {
  object: "a JSON object",
  array: "an array",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean"
}

const listOf = (values: ReadonlyArray<unknown>): string => values.map((v) => JSON.stringify(v)).join(", ")

const invalid = (code: string, field: string, message: string): EnvelopeInvalid =>
  field === ""
    ? new EnvelopeInvalid({ code, message })
    : new EnvelopeInvalid({ code, message, field })

/** One ajv error to one reason code; values are never echoed (they may be sensitive). */
export const fromAjvError = (error: DefinedError): EnvelopeInvalid => {
  const at = dotted(error.instancePath)
  const subject = at === "" ? "the envelope" : at
  switch (error.keyword) {
    case "required": {
      const field = dotted(error.instancePath, error.params.missingProperty)
      return invalid("missing_field", field, `${field} is required`)
    }
    case "additionalProperties": {
      const field = dotted(error.instancePath, error.params.additionalProperty)
      return invalid("unknown_field", field, `${field} is not a field of the envelope contract`)
    }
    case "enum":
      return invalid("invalid_value", at, `${subject} must be one of ${listOf(error.params.allowedValues)}`)
    case "const":
      return invalid("invalid_value", at, `${subject} must be ${JSON.stringify(error.params.allowedValue)}`)
    case "type": {
      const expected = String(error.params.type)
      return invalid("invalid_type", at, `${subject} must be ${typeNames[expected] ?? expected}`)
    }
    case "format": {
      const name = formatNames[error.params.format] ?? `in the ${error.params.format} format`
      return invalid("invalid_format", at, `${subject} must be ${name}`)
    }
    case "minLength":
      return invalid(
        "too_short",
        at,
        error.params.limit === 1
          ? `${subject} must not be empty`
          : `${subject} must be at least ${error.params.limit} characters`
      )
    case "minimum":
      return invalid("out_of_range", at, `${subject} must be ${error.params.comparison} ${error.params.limit}`)
    default:
      return invalid("schema_violation", at, `${subject} ${error.message ?? "breaks the envelope contract"}`)
  }
}

/** Checks `input` against schemas/envelope.schema.json (the public contract copy). */
export const validateSchema = (input: unknown): Either.Either<Envelope, EnvelopeInvalid> => {
  if (check(input)) return Either.right(input)
  const [first] = (check.errors ?? []) as Array<ErrorObject>
  return Either.left(
    first === undefined
      ? new EnvelopeInvalid({ code: "schema_violation", message: "the envelope breaks the contract" })
      : fromAjvError(first as DefinedError)
  )
}
