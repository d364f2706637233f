import { Either, Schema } from "effect"
import { Envelope, type Environment } from "../../../domain/Envelope.ts"
import { issueOf } from "./inputErrors.ts"
import { type MalformedLine, numberedLines } from "./lines.ts"

export interface JsonlOverride {
  readonly tenantRef?: string
  readonly environment?: Environment
}

export interface JsonlResult {
  readonly envelopes: ReadonlyArray<Envelope>
  readonly malformed: ReadonlyArray<MalformedLine>
}

// Excess keys are errors, as `additionalProperties: false` makes them at the engine.
const options = { onExcessProperty: "error" } as const
const isEnvelope = Schema.is(Envelope, options)
const decode = Schema.decodeUnknownEither(Envelope, options)

const parseLine = (text: string): Either.Either<Envelope, string> => {
  const parsed = Either.try({ try: (): unknown => JSON.parse(text), catch: () => "not valid JSON" })
  // The parsed value itself, not a decoded copy: key order and all stay as written.
  return Either.flatMap(parsed, (value) =>
    isEnvelope(value) ? Either.right(value) : Either.mapLeft(decode(value), (error) => {
      const { path, reason } = issueOf(error)
      return path === "" ? `not an envelope: ${reason}` : `not an envelope: ${reason} at ${path}`
    }))
}

const retarget = (envelope: Envelope, override: JsonlOverride): Envelope =>
  override.tenantRef === undefined && override.environment === undefined ? envelope : {
    ...envelope,
    tenant: {
      ...envelope.tenant,
      tenant_ref: override.tenantRef ?? envelope.tenant.tenant_ref,
      environment: override.environment ?? envelope.tenant.environment
    }
  }

/**
 * JSONL of ready-made envelopes: passed through unchanged (same event_id, so re-sending a
 * file never duplicates) except for the tenant and environment when the collector sets them.
 * Bad lines are skipped and reported by line number; blank lines are ignored.
 */
export const jsonlEnvelopes = (text: string, opts: { readonly override?: JsonlOverride } = {}): JsonlResult => {
  const envelopes: Array<Envelope> = []
  const malformed: Array<MalformedLine> = []
  for (const { line, text: content } of numberedLines(text)) {
    Either.match(parseLine(content), {
      onLeft: (reason) => malformed.push({ line, reason }),
      onRight: (envelope) => envelopes.push(retarget(envelope, opts.override ?? {}))
    })
  }
  return { envelopes, malformed }
}
