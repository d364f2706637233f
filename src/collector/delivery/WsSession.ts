import { Effect, Option, Queue, Schedule, type Scope } from "effect"
import type { SpooledEnvelope } from "../spool/Spool.ts"
import type { SpoolIOError } from "../spool/SpoolErrors.ts"
import type { ResolvedConfig } from "./DeliveryConfig.ts"
import type { DeliveryFailed } from "./DeliveryErrors.ts"
import { makeInFlight } from "./InFlight.ts"
import { type AckMessage, decodeServerMessage } from "./IngestProtocol.ts"
import type { RunContext } from "./RunContext.ts"
import { connect, type SocketEvent } from "./WsConnection.ts"
import { type SessionEnd, connectFailed, handshake } from "./WsHandshake.ts"

export type { SessionEnd } from "./WsHandshake.ts"

/**
 * One connection's life: pipeline frames of spooled envelopes up to `window`
 * in flight, settle each ack in the spool, hold retryable refusals until the
 * `retryRefused` backoff releases them. `drain` ends once the spool is empty.
 */
export const runSession = (
  cfg: ResolvedConfig,
  run: RunContext,
  mode: "drain" | "follow"
): Effect.Effect<SessionEnd, DeliveryFailed | SpoolIOError, Scope.Scope> =>
  Effect.gen(function* () {
    const conn = yield* connect(cfg.ingestUrl, cfg.token, cfg.headers)
    const limit = yield* handshake(conn, cfg)
    if (typeof limit !== "number") return limit
    let frameSize = Math.min(cfg.frameEvents, limit)
    const inFlight = makeInFlight()
    const held = new Map<string, SpooledEnvelope>()
    let backlog: Array<SpooledEnvelope> = []
    let needScan = true
    let retryTimer = false
    const retryDriver = yield* Schedule.driver(cfg.retryRefused)

    const fill = Effect.gen(function* () {
      if (backlog.length === 0 && needScan) {
        needScan = false
        backlog = (yield* cfg.spool.pending).filter((p) => !inFlight.has(p.eventId) && !held.has(p.eventId))
      }
      while (inFlight.size() < cfg.window && backlog.length > 0) {
        const frame = backlog.splice(0, Math.min(frameSize, cfg.window - inFlight.size()))
        inFlight.add(frame)
        yield* conn.send(JSON.stringify(frame.map((item) => run.forSend(item, "websocket"))))
      }
      run.setInFlight(inFlight.size())
    })

    const armRetry = Effect.suspend(() => {
      if (retryTimer || held.size === 0) return Effect.void
      retryTimer = true
      return Effect.forkScoped(
        retryDriver.next(undefined).pipe(
          Effect.match({
            onFailure: () => Queue.unsafeOffer(conn.events, { _tag: "GaveUp" }),
            onSuccess: () => Queue.unsafeOffer(conn.events, { _tag: "Wake" })
          })
        )
      )
    })

    /** Returns the engine's permanent frame-level refusal, if any, after settling the acks. */
    const settle = (texts: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const acks: Array<AckMessage> = []
        let refusal: string | undefined
        for (const text of texts) {
          const msg = decodeServerMessage(text)
          if (msg === undefined) continue
          if ("type" in msg) {
            if (msg.type === "ack") acks.push(msg)
          } else if (!msg.retryable) refusal = `${msg.error}: ${msg.message}`
        }
        const { outcomes, sent, requeue, splitTo } = inFlight.resolve(acks)
        if (splitTo !== undefined) frameSize = Math.max(1, Math.min(frameSize, splitTo))
        backlog = [...requeue, ...backlog]
        const retry = yield* run.settle(outcomes, sent)
        for (const id of retry) {
          const item = sent.get(id)
          if (item !== undefined) held.set(id, item)
        }
        if (outcomes.some((o) => o.status !== "rejected")) yield* retryDriver.reset
        yield* armRetry
        return refusal
      })

    while (true) {
      yield* fill
      const idle = inFlight.size() === 0 && backlog.length === 0
      if (idle && held.size === 0) {
        if (mode === "drain") {
          if ((yield* cfg.spool.pending).length === 0) return { _tag: "Drained" } as const
          needScan = true
          continue
        }
      }
      const wait: Effect.Effect<Option.Option<SocketEvent>> =
        inFlight.size() > 0
          ? Effect.option(Effect.timeout(Queue.take(conn.events), cfg.ackTimeout))
          : held.size > 0
            ? Effect.map(Queue.take(conn.events), Option.some)
            : Effect.option(Effect.timeout(Queue.take(conn.events), cfg.pollInterval))
      const next = yield* wait
      if (Option.isNone(next)) {
        if (inFlight.size() > 0) return { _tag: "Disconnected", reason: "no acknowledgement before ackTimeout" } as const
        // Idle poll tick: a good moment to drop acknowledged segments, then look for new envelopes.
        yield* cfg.spool.compact
        needScan = true
        continue
      }
      const batch = [next.value, ...(yield* Queue.takeAll(conn.events))]
      const texts: Array<string> = []
      for (const e of batch) {
        if (e._tag === "Text") texts.push(e.text)
        else if (e._tag === "Wake") {
          retryTimer = false
          backlog = [...held.values(), ...backlog]
          held.clear()
        } else if (e._tag === "GaveUp") return { _tag: "GaveUp" } as const
      }
      const refusal = yield* settle(texts)
      // A frame the engine will never take over this socket: let the HTTPS fallback split and explain it.
      if (refusal !== undefined) return connectFailed(refusal)
      const gone = batch.find((e) => e._tag === "Closed" || e._tag === "Failed")
      if (gone !== undefined) {
        return { _tag: "Disconnected", reason: gone._tag === "Closed" ? `closed ${gone.code}` : gone.message } as const
      }
    }
  })
