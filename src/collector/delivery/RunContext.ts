import { Effect } from "effect"
import type { Envelope } from "../../domain/Envelope.ts"
import type { Rejection, SpooledEnvelope } from "../spool/Spool.ts"
import type { SpoolIOError } from "../spool/SpoolErrors.ts"
import type { Progress, ResolvedConfig } from "./DeliveryConfig.ts"
import type { Outcome } from "./IngestProtocol.ts"

export interface DrainReport extends Progress {
  /** Envelopes still in the spool when the run ended (0 after a full drain). */
  readonly remaining: number
}

/**
 * State shared by every connection of one delivery run: how often each
 * envelope was sent (resends carry `transport.retry_count` + 1 each time) and
 * the running counts shown as progress.
 */
export const makeRunContext = (cfg: ResolvedConfig) => {
  const sends = new Map<string, number>()
  const counts = { accepted: 0, duplicates: 0, rejected: 0, retried: 0, inFlight: 0 }

  /** The envelope as it goes on the wire this time. */
  const forSend = (item: SpooledEnvelope, mode: Envelope["transport"]["ingress_mode"]): Envelope => {
    const previous = sends.get(item.eventId) ?? 0
    sends.set(item.eventId, previous + 1)
    const base = item.envelope.transport.retry_count ?? 0
    return {
      ...item.envelope,
      transport: { ...item.envelope.transport, ingress_mode: mode, retry_count: base + previous }
    }
  }

  /**
   * Applies the engine's answers to the spool: accepted and duplicate are
   * done, a rejection without `retryable: true` goes to rejected.jsonl and is
   * never sent again, a retryable one stays spooled. Returns the retryable ids.
   */
  const settle = (
    outcomes: ReadonlyArray<Outcome>,
    sent: ReadonlyMap<string, SpooledEnvelope>
  ): Effect.Effect<ReadonlyArray<string>, SpoolIOError> =>
    Effect.gen(function* () {
      const done: Array<{ eventId: string; status: "accepted" | "duplicate" }> = []
      const refused: Array<Rejection> = []
      const retry: Array<string> = []
      for (const o of outcomes) {
        const item = sent.get(o.eventId)
        if (item === undefined) continue
        if (o.status === "accepted" || o.status === "duplicate") {
          done.push({ eventId: o.eventId, status: o.status })
          if (o.status === "accepted") counts.accepted++
          else counts.duplicates++
        } else if (o.retryable === true) {
          retry.push(o.eventId)
          counts.retried++
        } else {
          refused.push({
            eventId: o.eventId,
            envelope: item.envelope,
            error: o.error ?? "rejected",
            message: o.message ?? "rejected by the engine",
            ...(o.field === undefined ? {} : { field: o.field })
          })
          counts.rejected++
        }
      }
      yield* cfg.spool.acknowledge(done)
      yield* cfg.spool.reject(refused)
      yield* cfg.onProgress({ ...counts })
      return retry
    })

  const setInFlight = (n: number): void => {
    counts.inFlight = n
  }

  const report = (remaining: number): DrainReport => ({ ...counts, inFlight: 0, remaining })

  return { forSend, settle, setInFlight, report }
}

export type RunContext = ReturnType<typeof makeRunContext>
