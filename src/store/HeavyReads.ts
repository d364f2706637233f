import { Effect } from "effect"

/**
 * Reads that walk a whole log or session (chain audits, replays) take turns
 * here one page at a time: however many auditors ask at once, they hold at
 * most one page's read of the store, so ingest keeps its share, and a short
 * read is never queued behind a long one for more than a page.
 */
export class HeavyReads extends Effect.Service<HeavyReads>()("HeavyReads", {
  effect: Effect.map(Effect.makeSemaphore(1), (semaphore) => ({
    /** Runs one page's read (and its work) in turn, then lets the others go first. */
    page: <A, E, R>(read: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.zipLeft(semaphore.withPermits(1)(read), Effect.yieldNow())
  }))
}) {}
