import Ajv2020Module from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { Effect } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import schema from "../../../schemas/envelope.schema.json" with { type: "json" }
import type { Envelope } from "../../../src/domain/Envelope.ts"
import type { CollectorContext, EventDraft } from "../../../src/collector/EnvelopeBuilder.ts"
import { buildEnvelope } from "../../../src/collector/EnvelopeBuilder.ts"

const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false })
addFormats(ajv)
const check = ajv.compile(schema)

/** Returns ajv's errors (empty when the envelope satisfies the public contract). */
export const contractErrors = (envelope: unknown): ReadonlyArray<string> =>
  check(envelope) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`)

export const now = "2025-11-20T12:00:00.000Z"

export const ctx: CollectorContext = {
  tenantRef: "tenant:acme-test",
  environment: "test",
  connectorId: "collector-agents-test",
  collectorVersion: "0.1.0-test"
}

export const toEnvelopes = (drafts: ReadonlyArray<EventDraft>): Effect.Effect<ReadonlyArray<Envelope>> =>
  Effect.forEach(drafts, (d) => buildEnvelope(ctx, d))

const fixturesRoot = join(import.meta.dirname, "../../fixtures/collector")

export interface Fixture {
  readonly name: string
  readonly text: string
}

export const fixtures = (tool: string): ReadonlyArray<Fixture> =>
  readdirSync(join(fixturesRoot, tool))
    .filter((name) => name.endsWith(".json") || name.endsWith(".jsonl"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(fixturesRoot, tool, name), "utf8") }))

export const fixture = (tool: string, name: string): string => readFileSync(join(fixturesRoot, tool, name), "utf8")

export interface Parsed {
  readonly name: string
  readonly drafts: ReadonlyArray<EventDraft>
  readonly envelopes: ReadonlyArray<Envelope>
}

/** Parses every fixture of a tool and builds its envelopes with the fixed context. */
export const parseFixtures = <E>(
  tool: string,
  parse: (f: Fixture) => Effect.Effect<ReadonlyArray<EventDraft>, E>
): Effect.Effect<ReadonlyArray<Parsed>, E> =>
  Effect.forEach(fixtures(tool), (f) =>
    parse(f).pipe(
      Effect.flatMap((drafts) => Effect.map(toEnvelopes(drafts), (envelopes) => ({ name: f.name, drafts, envelopes })))
    )
  )

/** The mapping a test asserts for one native record (from the draft: before the shared redaction runs). */
export interface Mapping {
  readonly eventType: string
  readonly toolName?: string
  readonly actionType: string
  readonly targetSummary: string
}

export const mappingOf = (d: EventDraft): Mapping => ({
  eventType: d.eventType,
  ...(d.toolName === undefined ? {} : { toolName: d.toolName }),
  actionType: d.actionType ?? "",
  targetSummary: d.targetSummary ?? ""
})

/** The envelope says what the draft says (the builder only adds boilerplate and redacts summaries). */
export const envelopeAgrees = (d: EventDraft, e: Envelope): boolean =>
  e.event.event_type === d.eventType &&
  e.event.tool_name === d.toolName &&
  e.event.action_type === d.actionType &&
  e.event.session_id === d.sessionId &&
  e.event.agent_id === d.agentId &&
  e.source.connector_type === d.connectorType &&
  e.integrity.payload_hash === d.payloadHash &&
  (e.event.target_summary ?? "").length > 0
