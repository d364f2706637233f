import { describe, expect, it } from "@effect/vitest"
import Ajv2020Module from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { readFileSync } from "node:fs"
import { buildReplayPacket, foldEvent, initialState, snapshotOf } from "../../src/projection/index.ts"
import { eventLog, sizes } from "./arbitraries.ts"

// CommonJS interop differs between tsx, vitest and Deno (STACK-NOTES 5).
const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default

const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), "utf8")) as Record<string, unknown>

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }))
const snapshotSchema = load("posture-snapshot.schema.json")
const deltaSchema = load("posture-delta.schema.json")
const validSnapshot = ajv.compile(snapshotSchema)
const validDelta = ajv.compile(deltaSchema)
const validPacket = ajv.compile(load("replay-packet.schema.json"))

const check = (validate: ReturnType<typeof ajv.compile>, value: unknown): void => {
  const ok = validate(value)
  expect(ok ? [] : validate.errors).toEqual([])
}

describe("views match their JSON schemas", () => {
  it("snapshot and delta share the same definitions", () => {
    expect(snapshotSchema["$defs"]).toEqual(deltaSchema["$defs"])
  })

  it("the empty snapshot", () => {
    check(validSnapshot, snapshotOf(initialState()))
  })

  it.prop("every delta, the final snapshot and each session's replay packet", [eventLog, sizes], ([events, options]) => {
    let state = initialState(options)
    for (const event of events) {
      const step = foldEvent(state, event)
      state = step.state
      check(validDelta, JSON.parse(JSON.stringify(step.delta)))
    }
    check(validSnapshot, JSON.parse(JSON.stringify(snapshotOf(state))))
    for (const session of ["s1", "s2", "none"]) check(validPacket, buildReplayPacket(session, events))
  }, { fastCheck: { seed: 611, numRuns: 60 } })

  it("the schemas refuse extra properties", () => {
    const snapshot = snapshotOf(initialState())
    expect(validSnapshot({ ...snapshot, extra: 1 })).toBe(false)
    expect(validSnapshot({ ...snapshot, overview: { ...snapshot.overview, extra: 1 } })).toBe(false)
    const packet = buildReplayPacket("s", [])
    expect(validPacket({ ...packet, summary: { ...packet.summary, extra: 1 } })).toBe(false)
  })
})
