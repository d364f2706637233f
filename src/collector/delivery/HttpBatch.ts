import { Duration, Effect, Redacted } from "effect"
import type { Envelope } from "../../domain/Envelope.ts"
import type { ResolvedConfig } from "./DeliveryConfig.ts"
import { DeliveryFailed } from "./DeliveryErrors.ts"
import { type Outcome, decodeBatchResponse, decodeProblem } from "./IngestProtocol.ts"
import { parseRetryAfter } from "./WsConnection.ts"

interface Reply {
  readonly status: number
  readonly retryAfter: number | undefined
  readonly body: unknown
}

const post = (cfg: ResolvedConfig, envelopes: ReadonlyArray<Envelope>): Effect.Effect<Reply, DeliveryFailed> =>
  Effect.tryPromise({
    try: async () => {
      const res = await fetch(cfg.batchUrl, {
        method: "POST",
        headers: { ...cfg.headers, "content-type": "application/json", authorization: `Bearer ${Redacted.value(cfg.token)}` },
        body: JSON.stringify(envelopes)
      })
      const text = await res.text()
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        body = undefined
      }
      return { status: res.status, retryAfter: parseRetryAfter(res.headers.get("retry-after"), Date.now()), body }
    },
    catch: (e) =>
      new DeliveryFailed({ code: "network", message: e instanceof Error ? e.message : String(e), retryable: true })
  })

const retryableStatus = (s: number): boolean => s === 429 || s === 503 || s >= 500

const outcomesOf = (envelopes: ReadonlyArray<Envelope>, reply: Reply): ReadonlyArray<Outcome> | undefined => {
  const parsed = decodeBatchResponse(reply.body)
  if (parsed === undefined) return undefined
  return parsed.results.flatMap((r) => {
    const eventId = r.event_id ?? envelopes[r.index]?.event.event_id
    if (eventId === undefined) return []
    const { index: _i, event_id: _e, seq: _s, hash: _h, ...rest } = r
    return [{ eventId, ...rest }]
  })
}

/**
 * POSTs envelopes to `/events/batch`. 429/503 (and other 5xx, network errors)
 * wait `Retry-After`, or an exponential delay without one, and try again up
 * to `httpAttempts`; 413 splits the batch in halves until a single envelope
 * is left, which is then a permanent rejection of that envelope. Any other
 * refusal of the request as a whole is a DeliveryFailed: nothing is settled.
 */
export const postBatch = (
  cfg: ResolvedConfig,
  envelopes: ReadonlyArray<Envelope>
): Effect.Effect<ReadonlyArray<Outcome>, DeliveryFailed> =>
  Effect.gen(function* () {
    for (let attempt = 1; ; attempt++) {
      const reply = yield* Effect.either(post(cfg, envelopes))
      const status = reply._tag === "Right" ? reply.right.status : 0
      if (reply._tag === "Right" && status >= 200 && status < 300) {
        const outcomes = outcomesOf(envelopes, reply.right)
        if (outcomes !== undefined) return outcomes
        return yield* new DeliveryFailed({ code: "protocol", message: "unreadable batch response", retryable: true })
      }
      if (reply._tag === "Right" && status === 413) {
        if (envelopes.length > 1) {
          const half = Math.ceil(envelopes.length / 2)
          const left = yield* postBatch(cfg, envelopes.slice(0, half))
          const right = yield* postBatch(cfg, envelopes.slice(half))
          return [...left, ...right]
        }
        const problem = decodeProblem(reply.right.body)
        return envelopes.map((e) => ({
          eventId: e.event.event_id,
          status: "rejected" as const,
          error: problem?.error ?? "payload_too_large",
          message: problem?.message ?? "the envelope alone is larger than the engine accepts",
          retryable: false
        }))
      }
      const retryable = reply._tag === "Left" || retryableStatus(status)
      if (!retryable || attempt >= cfg.httpAttempts) {
        const problem = reply._tag === "Right" ? decodeProblem(reply.right.body) : undefined
        return yield* new DeliveryFailed({
          code: problem?.error ?? (reply._tag === "Left" ? reply.left.code : `http_${status}`),
          message: problem?.message ?? (reply._tag === "Left" ? reply.left.message : `HTTP ${status}`),
          retryable,
          ...(status === 0 ? {} : { status })
        })
      }
      const hinted = reply._tag === "Right" ? reply.right.retryAfter : undefined
      yield* cfg.sleep(
        hinted === undefined ? Duration.millis(Math.min(30_000, 250 * 2 ** attempt)) : Duration.seconds(hinted)
      )
    }
  })
