import Ajv2020Module from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { Effect, Either } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import schema from "../../../schemas/envelope.schema.json" with { type: "json" }
import type { Envelope } from "../../../src/domain/Envelope.ts"
import type { InvalidRequest } from "../../../src/domain/Errors.ts"
import { buildEnvelope, type CollectorContext, type EventDraft } from "../../../src/collector/EnvelopeBuilder.ts"

// CommonJS interop differs between tsx, vitest and Deno (STACK-NOTES 5).
const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false })
addFormats(ajv)
const check = ajv.compile(schema)

/** ajv's errors against the public contract; empty when the envelope is valid. */
export const contractErrors = (envelope: unknown): ReadonlyArray<string> =>
  check(envelope) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`)

export const now = "2025-01-09T08:00:00.000Z"

export const ctx: CollectorContext = {
  tenantRef: "tenant:acme-test",
  environment: "test",
  connectorId: "collector-ci-cloud-test",
  collectorVersion: "0.1.0-test"
}

export const toEnvelopes = (drafts: ReadonlyArray<EventDraft>): Effect.Effect<ReadonlyArray<Envelope>> =>
  Effect.forEach(drafts, (d) => buildEnvelope(ctx, d))

const root = join(import.meta.dirname, "../../fixtures/collector")

export const fixtureText = (folder: string, name: string): string => readFileSync(join(root, folder, name), "utf8")

export const fixtureEnv = (folder: string, name: string): Readonly<Record<string, string>> =>
  JSON.parse(fixtureText(folder, name)) as Record<string, string>

/** The drafts of a Right, or the test fails with the adapter's error. */
export const rightOrFail = <A>(result: Either.Either<A, InvalidRequest>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`adapter refused its fixture: ${e.code} ${e.message}`))

/** Every string in a fixture that looks like a planted secret or personal data. */
export const plantedSecrets = (text: string): ReadonlyArray<string> => [...new Set(text.match(/FAKE-[A-Za-z0-9-]+/g) ?? [])]

/** Asserts no listed value appears anywhere in the serialized envelopes. */
export const leaks = (envelopes: ReadonlyArray<Envelope>, values: ReadonlyArray<string>): ReadonlyArray<string> => {
  const json = JSON.stringify(envelopes)
  return values.filter((v) => json.includes(v))
}

/** The row of a mapping table an envelope stands for. */
export const row = (e: Envelope) => ({
  action: e.event.action_type,
  target: e.event.target_summary,
  decision: e.event.decision,
  severity: e.event.severity,
  rule: e.event.risk_classification
})
