import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import {
  decodeState,
  encodeState,
  foldAll,
  foldEvent,
  initialState,
  type PostureDelta,
  type PostureState,
  rebuild,
  snapshotOf
} from "../../src/projection/index.ts"
import { eventLog, sizes } from "./arbitraries.ts"
import { log } from "./fixtures.ts"

const SEED = 20260611

const incremental = (state: PostureState, events: Parameters<typeof foldAll>[1]) => {
  let current = state
  const deltas: Array<PostureDelta> = []
  for (const event of events) {
    const step = foldEvent(current, event)
    current = step.state
    deltas.push(step.delta)
  }
  return { state: current, deltas }
}

describe("the projection is a pure fold of the log", () => {
  it.prop("event by event equals rebuilding, and equals a from-scratch tally of the window", [eventLog, sizes], ([events, options]) => {
    const live = incremental(initialState(options), events)
    expect(live.state).toEqual(rebuild(events, options))
    // Tallies kept by adding and subtracting equal tallies of the window's records added afresh.
    const windowEvents = events.filter((e) => e.envelope.event.decision !== undefined).slice(-options.window)
    const fresh = rebuild(windowEvents, { window: 1_000_000 })
    expect(live.state.decisions).toEqual(fresh.decisions)
    expect(live.state.overall).toEqual(fresh.overall)
    expect(live.state.surfaces).toEqual(fresh.surfaces)
    expect(live.state.agents).toEqual(fresh.agents)
    const keep = (n: number) => <A>(xs: ReadonlyArray<A>) => (n === 0 ? [] : xs.slice(-n))
    expect(live.state.findings).toEqual(keep(options.recentSize)(fresh.findings))
    expect(live.state.near_misses).toEqual(keep(options.recentSize)(fresh.near_misses))
    // Each delta agrees with the snapshot of the state it produced.
    const last = live.deltas.at(-1)
    if (last !== undefined) {
      const snapshot = snapshotOf(live.state)
      expect(last.overview).toEqual(snapshot.overview)
      expect(last.evidence_confidence).toBe(snapshot.evidence_confidence)
      expect(snapshot.control_coverage).toContainEqual(last.coverage)
      const agent = snapshot.agents.find((a) => a.agent_id === last.agent_id)
      if (agent !== undefined) expect(last.agent).toEqual(agent)
      else expect(last.agent.decisions).toBe(0)
    }
  }, { fastCheck: { seed: SEED, numRuns: 200 } })

  it.prop("a stored snapshot restored mid-log continues exactly as folding straight through", [
    eventLog,
    sizes,
    FastCheck.nat()
  ], ([events, options, cut]) => {
    const k = events.length === 0 ? 0 : cut % (events.length + 1)
    const straight = incremental(initialState(options), events)
    const stored = JSON.stringify(encodeState(rebuild(events.slice(0, k), options)))
    const restored = decodeState(JSON.parse(stored))
    const resumed = incremental(restored, events.slice(k))
    expect(resumed.state).toEqual(straight.state)
    expect(resumed.deltas).toEqual(straight.deltas.slice(k))
    expect(foldAll(restored, events)).toEqual(straight.state)
  }, { fastCheck: { seed: SEED, numRuns: 200 } })
})

describe("decodeState", () => {
  it("refuses what is not a stored posture state", () => {
    expect(() => decodeState({})).toThrow()
    const state = encodeState(rebuild(log([{ decision: "warn" }, { decision: "warn" }]), { window: 2 }))
    expect(() => decodeState({ ...(state as object), window: 1 })).toThrow()
    expect(() => decodeState({ ...(state as object), format: "other" })).toThrow()
  })
})

describe("memory stays bounded", () => {
  it("after 10k events with ever-new agents, repos and sessions", () => {
    const patches = FastCheck.sample(
      FastCheck.record({
        decision: FastCheck.constantFrom(...(["allow", "warn", "block", "require_approval", "allow_with_attestation"] as const)),
        severity: FastCheck.constantFrom(...(["low", "medium", "high", "critical"] as const))
      }),
      { seed: SEED, numRuns: 10_000 }
    ).map((p, i) => ({
      ...p,
      agent_id: `agent-${i}`,
      session_id: `session-${i}`,
      repository: `repo-${i}`,
      action_type: `action-${i}`,
      policy_pack: `pack-${i % 7}`
    }))
    const events = log(patches)
    const options = { window: 200, timelineSize: 50, recentSize: 50 }
    const sizeAfter = (n: number) => JSON.stringify(encodeState(rebuild(events.slice(0, n), options))).length
    const state = rebuild(events, options)
    expect(state.events_total).toBe(10_000)
    expect(state.decisions).toHaveLength(200)
    expect(state.agents).toHaveLength(200)
    expect(state.overall.repos).toHaveLength(200)
    expect(state.overall.action_types).toHaveLength(200)
    expect(state.timeline).toHaveLength(50)
    expect(state.findings.length).toBeLessThanOrEqual(50)
    expect(state.near_misses.length).toBeLessThanOrEqual(50)
    // ids grow by a digit or two from 1k to 10k; the state must not grow with the count
    expect(sizeAfter(10_000)).toBeLessThan(sizeAfter(1_000) * 1.1)
  })
})
