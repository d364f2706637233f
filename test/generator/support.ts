import Ajv2020Module from "ajv/dist/2020.js"
import type { ErrorObject } from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { readFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import type { Envelope } from "../../src/domain/Envelope.ts"

const here = path.dirname(fileURLToPath(import.meta.url))
export const schemaPath = path.resolve(here, "../../schemas/envelope.schema.json")
export const generatorDir = path.resolve(here, "../../scripts/generator")

// CommonJS interop differs between tsx and vitest (STACK-NOTES 5).
const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default

const ajv = new Ajv2020({ allErrors: false, strict: false })
addFormats(ajv)
const schema: unknown = JSON.parse(readFileSync(schemaPath, "utf8"))
if (typeof schema !== "object" || schema === null) throw new Error("schema is not an object")
const check = ajv.compile(schema)

/** The first schema error of `input`, or undefined when it is valid (an independent ajv, not the engine's). */
export const schemaError = (input: unknown): ErrorObject | undefined =>
  check(input) ? undefined : (check.errors ?? [])[0]

/** Semantic rules of the contract that the schema cannot say, as the generator promises to keep them. */
export const semanticBreaks = (e: Envelope, bound: string): Array<string> => {
  const out: Array<string> = []
  if (e.event.event_type === "policy_decision" && e.event.decision === undefined) out.push("decision_missing")
  if (e.redaction.payload_handling === "private_payload_ref" && !e.event.payload_ref) out.push("payload_ref_missing")
  if (e.integrity.signature_required && !e.integrity.signature_ref) out.push("signature_ref_missing")
  if (e.event.received_at !== undefined && e.event.received_at < e.event.occurred_at) out.push("received_before_occurred")
  if (e.event.occurred_at > bound || (e.event.received_at ?? "") > bound) out.push("after_time_bound")
  if (e.transport.idempotency_key !== e.event.event_id) out.push("idempotency_key")
  return out
}
