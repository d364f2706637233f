import { Effect, Either } from "effect"
import type { ChainHead } from "../store/EventStore.ts"
import { EventStore } from "../store/EventStore.ts"
import { ProjectionStore } from "../store/ProjectionStore.ts"
import { GENESIS_HASH } from "../integrity/HashChain.ts"
import { foldAll } from "../projection/Fold.ts"
import { decodeStateEither, initialState, type PostureState } from "../projection/PostureState.ts"

/** What a tenant actor holds in memory: a cache of the store, rebuilt on every (re)start. */
export interface ActorState {
  readonly head: ChainHead
  readonly posture: PostureState
  /** Events folded since the last stored snapshot. */
  readonly sinceSnapshot: number
}

const page = 1000

/**
 * Loads the chain head and the projection: the latest snapshot (if it is
 * readable and for this window) plus every event after it, folded.
 */
export const loadActorState = (tenantId: string, window: number) =>
  Effect.gen(function*() {
    const events = yield* EventStore
    const projections = yield* ProjectionStore
    const stored = yield* projections.load(tenantId)
    const decoded = stored ? decodeStateEither(stored.state) : undefined
    let posture = decoded && Either.isRight(decoded) && decoded.right.window === window
      ? decoded.right
      : initialState({ window })
    let folded = 0
    for (;;) {
      const rows = yield* events.range(tenantId, posture.seq, page)
      posture = foldAll(posture, rows)
      folded += rows.length
      if (rows.length < page) break
    }
    const head = (yield* events.head(tenantId)) ?? { seq: 0, hash: GENESIS_HASH }
    if (head.seq !== posture.seq) {
      return yield* Effect.dieMessage(`tenant ${tenantId}: log head ${head.seq} but projection at ${posture.seq}`)
    }
    return { head, posture, sinceSnapshot: folded } satisfies ActorState
  })
