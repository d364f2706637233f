import type { Envelope } from "../../src/domain/Envelope.ts"
import type { Prng } from "./Prng.ts"

/**
 * The reason codes the engine answers a bad envelope with (src/validation).
 * The first four come from the JSON Schema (required, additionalProperties,
 * enum/const, format); the rest are semantic rules the schema cannot say.
 * `occurred_in_future` moves the event a year ahead: it holds while the
 * engine clock is within a year of the stream's times.
 */
export const invalidKinds = [
  "missing_field",
  "unknown_field",
  "invalid_value",
  "invalid_format",
  "decision_missing",
  "payload_ref_missing",
  "signature_ref_missing",
  "received_before_occurred",
  "occurred_in_future"
] as const
export type InvalidKind = (typeof invalidKinds)[number]

export interface InvalidEnvelope {
  /** Valid JSON, invalid envelope: send it as is. */
  readonly body: Record<string, unknown>
  /** The reason code the engine is expected to answer with. */
  readonly reason: InvalidKind
  /** Dotted path of the offending property, as in problem bodies, e.g. `event.decision`. */
  readonly field: string
}

type Path = readonly [string, ...Array<string>]

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

const parentOf = (root: Record<string, unknown>, path: Path): [Record<string, unknown>, string] => {
  let node = root
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    if (!isRecord(next)) throw new TypeError(`no object at ${key}`)
    node = next
  }
  return [node, path[path.length - 1] as string]
}
const set = (root: Record<string, unknown>, path: Path, value: unknown): void => {
  const [node, key] = parentOf(root, path)
  node[key] = value
}
const remove = (root: Record<string, unknown>, path: Path): void => {
  const [node, key] = parentOf(root, path)
  delete node[key]
}
const dotted = (path: Path): string => path.join(".")
const shiftIso = (iso: unknown, ms: number): string => new Date(Date.parse(String(iso)) + ms).toISOString()
const hourMs = 3_600_000

const requiredPaths: ReadonlyArray<Path> = [
  ["event", "session_id"],
  ["event", "agent_id"],
  ["event", "occurred_at"],
  ["source", "connector_id"],
  ["source", "connector_type"],
  ["tenant", "environment"],
  ["redaction", "payload_handling"],
  ["integrity", "hash_algorithm"],
  ["transport", "delivery_semantics"],
  ["enterprise_boundaries"]
]
const unknownFields: ReadonlyArray<readonly [Path, unknown]> = [
  [["event", "raw_prompt"], "summarize the incident report"],
  [["event", "tool_output"], "42 files changed"],
  [["source", "hostname"], "build-agent-7"],
  [["transport", "compression"], "gzip"],
  [["debug"], true]
]
const badValues: ReadonlyArray<readonly [Path, unknown]> = [
  [["event", "event_type"], "telemetry"],
  [["event", "decision"], "maybe"],
  [["event", "severity"], "urgent"],
  [["tenant", "environment"], "prod"],
  [["source", "connector_type"], "jenkins"],
  [["integrity", "hash_algorithm"], "md5"],
  [["transport", "ingress_mode"], "grpc"],
  [["schema_version"], "cavra.aispm.enterprise_live_ingestion_envelope.v0"]
]
const badTimes = ["yesterday", "2026-06-11T08:00:00", "2026-02-30T08:00:00Z", "1781164800"]

/** A deep copy of `envelope` broken in exactly one way of `kind`. */
export const breakEnvelope = (rng: Prng, envelope: Envelope, kind: InvalidKind): InvalidEnvelope => {
  const parsed: unknown = JSON.parse(JSON.stringify(envelope))
  if (!isRecord(parsed)) throw new TypeError("an envelope is an object")
  const body = parsed
  const done = (path: Path): InvalidEnvelope => ({ body, reason: kind, field: dotted(path) })
  switch (kind) {
    case "missing_field": {
      const path = rng.pick(requiredPaths)
      remove(body, path)
      return done(path)
    }
    case "unknown_field": {
      const [path, value] = rng.pick(unknownFields)
      set(body, path, value)
      return done(path)
    }
    case "invalid_value": {
      const [path, value] = rng.pick(badValues)
      set(body, path, value)
      return done(path)
    }
    case "invalid_format": {
      const path: Path = ["event", rng.pick(["occurred_at", "received_at"])]
      set(body, path, rng.pick(badTimes))
      return done(path)
    }
    case "decision_missing":
      set(body, ["event", "event_type"], "policy_decision")
      remove(body, ["event", "decision"])
      return done(["event", "decision"])
    case "payload_ref_missing":
      set(body, ["redaction", "payload_handling"], "private_payload_ref")
      remove(body, ["event", "payload_ref"])
      return done(["event", "payload_ref"])
    case "signature_ref_missing":
      set(body, ["integrity", "signature_required"], true)
      remove(body, ["integrity", "signature_ref"])
      return done(["integrity", "signature_ref"])
    case "received_before_occurred": {
      const event = body["event"]
      if (!isRecord(event)) throw new TypeError("an envelope has an event")
      event["received_at"] = shiftIso(event["occurred_at"], -hourMs)
      return done(["event", "received_at"])
    }
    case "occurred_in_future": {
      const event = body["event"]
      if (!isRecord(event)) throw new TypeError("an envelope has an event")
      event["occurred_at"] = shiftIso(event["occurred_at"], 366 * 24 * hourMs)
      event["received_at"] = shiftIso(event["occurred_at"], 1000)
      return done(["event", "occurred_at"])
    }
  }
}
