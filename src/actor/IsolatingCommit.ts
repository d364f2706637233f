import { type Cause, Effect, Either, Option } from "effect"
import type { Conflict, Unavailable } from "../domain/Errors.ts"
import type { Ack, PreparedEvent } from "../domain/StoredEvent.ts"
import { GENESIS_HASH } from "../integrity/HashChain.ts"
import type { PostureDelta } from "../projection/Views.ts"
import { EventStore } from "../store/EventStore.ts"
import type { ActorState } from "./ActorState.ts"
import { groupCommit } from "./GroupCommit.ts"

export interface IsolatedCommit {
  readonly state: ActorState
  /** One answer per input event, in input order. */
  readonly answers: ReadonlyArray<Ack | Conflict | Unavailable>
  readonly deltas: ReadonlyArray<PostureDelta>
  /** Commits the store refused on the way (the group's and each single one's). */
  readonly failedCommits: number
  /** Set when the store itself is failing: answer, then restart the actor from the store. */
  readonly storeFailure: Option.Option<Cause.Cause<unknown>>
}

const attempt = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.either(Effect.sandbox(effect))

/**
 * A group commit that one event the store refuses cannot sink. When the
 * whole group fails, it is split in halves on the same (unchanged) state,
 * and every half that fails is split again, left first, until the refused
 * events stand alone: the others are acknowledged (in input order, a few
 * transactions for one bad event among a thousand) and only the refused
 * ones are answered with a retryable error. The fallback gives up and
 * reports a store failure, for the actor to restart from the store, when
 * - the group was a single event, or more commits fail before any succeeds
 *   than the way down to one bad event and its neighbour takes (the store
 *   refuses everything: an outage, not one bad event), or
 * - the log head is no longer where memory says: a commit reported as
 *   failed may have landed, and only a reload knows the chain's true head.
 */
export const commitIsolating = (
  tenantId: string,
  state: ActorState,
  batch: ReadonlyArray<PreparedEvent>,
  snapshotEvery: number,
  refusal: Unavailable
) =>
  Effect.gen(function*() {
    const events = yield* EventStore
    const headIsStill = (s: ActorState) =>
      events.head(tenantId).pipe(
        Effect.map((head = { seq: 0, hash: GENESIS_HASH }) => head.seq === s.head.seq && head.hash === s.head.hash),
        Effect.orElseSucceed(() => false)
      )

    const whole = yield* attempt(groupCommit(tenantId, state, batch, snapshotEvery))
    if (Either.isRight(whole)) {
      const { acks, deltas, state: next } = whole.right
      return { state: next, answers: acks, deltas, failedCommits: 0, storeFailure: Option.none() } satisfies IsolatedCommit
    }
    const giveUp = (s: ActorState, answers: ReadonlyArray<Ack | Conflict | Unavailable>,
      deltas: ReadonlyArray<PostureDelta>, failedCommits: number, cause: Cause.Cause<unknown>): IsolatedCommit => ({
      state: s,
      answers: [...answers, ...batch.slice(answers.length).map(() => refusal)],
      deltas,
      failedCommits,
      storeFailure: Option.some(cause)
    })
    if (batch.length === 1 || !(yield* headIsStill(state))) return giveUp(state, [], [], 1, whole.left)

    yield* Effect.logWarning(
      `group commit of ${batch.length} events of tenant ${tenantId} failed; splitting it to find what the store refuses`,
      whole.left
    )
    let current = state
    let committed = 0
    let failedCommits = 1
    const outageAfter = Math.ceil(Math.log2(batch.length)) + 2
    const answers: Array<Ack | Conflict | Unavailable> = []
    const deltas: Array<PostureDelta> = []
    const half = (from: number, to: number) => from + Math.ceil((to - from) / 2)
    // Ranges [from, to) still to commit; the top is the leftmost, so answers come in input order.
    const ranges: Array<readonly [number, number]> = [[half(0, batch.length), batch.length], [0, half(0, batch.length)]]
    for (let range = ranges.pop(); range !== undefined; range = ranges.pop()) {
      const [from, to] = range
      const part = yield* attempt(groupCommit(tenantId, current, batch.slice(from, to), snapshotEvery))
      if (Either.isRight(part)) {
        current = part.right.state
        answers.push(...part.right.acks)
        deltas.push(...part.right.deltas)
        committed += to - from
        continue
      }
      failedCommits++
      if ((committed === 0 && failedCommits >= outageAfter) || !(yield* headIsStill(current))) {
        return giveUp(current, answers, deltas, failedCommits, part.left)
      }
      if (to - from > 1) {
        ranges.push([half(from, to), to], [from, half(from, to)])
        continue
      }
      yield* Effect.logWarning(
        `the event store refused event ${batch[from]!.envelope.event.event_id} of tenant ${tenantId}; the rest of its group goes on`,
        part.left
      )
      answers.push(refusal)
    }
    return { state: current, answers, deltas, failedCommits, storeFailure: Option.none() } satisfies IsolatedCommit
  })
