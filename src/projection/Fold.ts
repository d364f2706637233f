import type { StoredEvent } from "../domain/StoredEvent.ts"
import { coverageOf } from "./Coverage.ts"
import { findSorted, patchSorted } from "./CountMap.ts"
import { decisionRecordOf, findingItemOf, nearMissItemOf, timelineEntryOf, viewOf } from "./Items.ts"
import { initialState, type PostureOptions } from "./PostureState.ts"
import { agentFingerprint, overviewOf, tallyConfidence } from "./Snapshot.ts"
import type { AgentTally, DecisionRecord, PostureState, Tally } from "./StateSchema.ts"
import { addRecord, emptyTally, removeRecord } from "./Tally.ts"
import type { Eviction, PostureDelta } from "./Views.ts"

/*
 * What is over the window and what is all-time:
 * - over the window of the last `window` decision records: the posture
 *   score and risk level, every count in the overview but `events_total`,
 *   control coverage, agent fingerprints (an agent without a decision in
 *   the window drops out), evidence confidence, and the findings and near
 *   misses lists (the latest `recent_size` of those still in the window);
 * - all-time: `events_total` and `seq` (two integers);
 * - the last `timeline_size` events of any kind: the timeline.
 * Every aggregate is kept as a tally that the entering record adds to and
 * the leaving record subtracts from, with canonical forms (sorted maps, a
 * subset that empties resets to the empty tally), so folding event by event,
 * rebuilding from the log and resuming from a decoded snapshot all reach
 * the same state. Memory is O(window + timeline_size + recent_size).
 */

export interface FoldResult {
  readonly state: PostureState
  readonly delta: PostureDelta
}

const pushBounded = <A>(items: ReadonlyArray<A>, item: A | undefined, size: number): ReadonlyArray<A> => {
  const grown = item === undefined ? items : [...items, item]
  return grown.length > size ? grown.slice(grown.length - size) : grown
}

const fromSeq = <A extends { readonly seq: number }>(items: ReadonlyArray<A>, seq: number): ReadonlyArray<A> =>
  items.length > 0 && items[0]!.seq < seq ? items.filter((item) => item.seq >= seq) : items

const updateAgent = (
  agents: ReadonlyArray<AgentTally>,
  agentId: string,
  f: (tally: Tally) => Tally
): ReadonlyArray<AgentTally> => {
  const at = findSorted(agents, (a) => a.agent_id, agentId)
  const next = f(at < 0 ? emptyTally : agents[at]!.tally)
  return patchSorted(agents, at, next.decisions === 0 ? undefined : { agent_id: agentId, tally: next })
}

const withRecord = (state: PostureState, record: DecisionRecord, sign: 1 | -1): PostureState => {
  const f = (tally: Tally): Tally => (sign > 0 ? addRecord(tally, record) : removeRecord(tally, record))
  return {
    ...state,
    overall: f(state.overall),
    surfaces: { ...state.surfaces, [record.surface]: f(state.surfaces[record.surface]) },
    agents: updateAgent(state.agents, record.agent_id, f)
  }
}

/**
 * Folds one committed event. Pure: the result depends on the state and the
 * event only (times come from the event). The caller folds each sequence
 * number once, in order; `foldAll` skips what a snapshot already holds.
 */
export const foldEvent = (state: PostureState, event: StoredEvent): FoldResult => {
  const view = viewOf(event)
  const body = event.envelope.event
  const entry = timelineEntryOf(view)
  const record = decisionRecordOf(view)
  const finding = findingItemOf(view)
  const nearMiss = nearMissItemOf(view)
  let next: PostureState = {
    ...state,
    seq: event.seq,
    events_total: state.events_total + 1,
    timeline: pushBounded(state.timeline, entry, state.timeline_size)
  }
  let evicted: DecisionRecord | undefined
  if (record !== undefined) {
    next = withRecord({ ...next, decisions: [...next.decisions, record] }, record, 1)
    if (next.decisions.length > next.window) {
      evicted = next.decisions[0]!
      next = withRecord({ ...next, decisions: next.decisions.slice(1) }, evicted, -1)
    }
    const oldest = next.decisions[0]!.seq
    next = {
      ...next,
      findings: fromSeq(pushBounded(next.findings, finding, next.recent_size), oldest),
      near_misses: fromSeq(pushBounded(next.near_misses, nearMiss, next.recent_size), oldest)
    }
  }
  const eviction: Eviction | undefined = evicted === undefined ? undefined : {
    seq: evicted.seq,
    agent: agentFingerprint(next, evicted.agent_id),
    coverage: coverageOf(evicted.surface, next.surfaces[evicted.surface])
  }
  const delta: PostureDelta = {
    seq: event.seq,
    event_id: body.event_id,
    event_type: body.event_type,
    session_id: body.session_id,
    agent_id: body.agent_id,
    surface: view.surface,
    is_decision: record !== undefined,
    ...(finding === undefined ? {} : { finding }),
    ...(nearMiss === undefined ? {} : { near_miss: nearMiss }),
    ...(eviction === undefined ? {} : { evicted: eviction }),
    overview: overviewOf(next),
    agent: agentFingerprint(next, body.agent_id),
    coverage: coverageOf(view.surface, next.surfaces[view.surface]),
    evidence_confidence: tallyConfidence(next.overall),
    timeline_entry: entry
  }
  return { state: next, delta }
}

/** Folds a stretch of the log, skipping sequence numbers the state already holds. */
export const foldAll = (state: PostureState, events: Iterable<StoredEvent>): PostureState => {
  let current = state
  for (const event of events) {
    if (event.seq > current.seq) current = foldEvent(current, event).state
  }
  return current
}

/** The projection of a whole log: what a restart computes. */
export const rebuild = (events: Iterable<StoredEvent>, options: PostureOptions = {}): PostureState =>
  foldAll(initialState(options), events)
