import { HttpServerRequest, HttpServerResponse, Socket } from "@effect/platform"
import { Context, Effect, Fiber, Option, Queue } from "effect"
import { CollectorAuth } from "../auth/CollectorAuth.ts"
import type { Principal } from "../auth/Principal.ts"
import { EngineConfig } from "../config/EngineConfig.ts"
import { type EngineError, InvalidRequest, PayloadTooLarge } from "../domain/Errors.ts"
import { countRejection, IngestPipeline } from "../ingest/IngestPipeline.ts"
import { type ItemResultJson, outcomeJson } from "../ingest/IngestResult.ts"
import { WritePressure } from "../stream/WritePressure.ts"
import { ReadBudget } from "./ReadBudget.ts"
import { type BodyLimits, bodyLimitsConfig, decodeJsonText } from "./body/RequestBody.ts"
import { closeRevoked } from "./CloseCodes.ts"
import { principalFor } from "./RequestAuth.ts"

/** Frames read but not yet handed to the actor before the socket stops being read. */
const HIGH_WATER = 8
/** Frames whose acknowledgements may be outstanding at once (pipelining depth). */
const IN_FLIGHT = 32

interface Pausable {
  readonly pause?: () => void
  readonly resume?: () => void
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

const frameText = (data: string | Uint8Array): Effect.Effect<string, InvalidRequest> =>
  typeof data === "string" ? Effect.succeed(data) : Effect.try({
    try: () => utf8.decode(data),
    catch: () => new InvalidRequest({ code: "invalid_utf8", message: "the frame is not valid UTF-8" })
  })

const refusedFrame = (e: EngineError): ReadonlyArray<ItemResultJson> => [{
  index: 0,
  status: "rejected",
  error: e.code,
  message: e.message,
  ...(e.field === undefined ? {} : { field: e.field }),
  retryable: e.retryable
}]

/**
 * GET /ingest upgraded to a WebSocket: a collector streams envelopes (one or
 * an array per text frame) and gets one `ack` per envelope, in order, each
 * sent only after its commit. Frames are pipelined: up to IN_FLIGHT frames
 * await their commits while later ones are validated and queued. When the
 * tenant's mailbox is full, or the collector does not read its acks, the
 * reader waits; past HIGH_WATER unread frames the socket itself is paused,
 * so TCP pushes back on the collector.
 */
export const ingestSocket = Effect.gen(function*() {
  const principal = yield* principalFor("ingest")
  const limits = yield* bodyLimitsConfig
  const config = yield* EngineConfig
  const pipeline = yield* IngestPipeline
  const request = yield* HttpServerRequest.HttpServerRequest
  const auth = yield* CollectorAuth
  const pressure = yield* WritePressure
  // Frames up to twice the limit are read and refused with a frame_too_large ack; past that the connection is cut.
  const budget = (yield* ReadBudget).watch(request, 2 * limits.maxBodyBytes + 64 * 1024)
  const socket = yield* request.upgrade
  yield* Effect.scoped(Effect.gen(function*() {
    const revoked = yield* auth.whenRevoked(principal.credentialId)
    yield* serveIngest(socket, principal, pipeline, limits, config.batchMaxEvents, revoked, pressure.forRequest(request), budget.delivered)
  }))
  return HttpServerResponse.empty()
})

const serveIngest = (
  socket: Socket.Socket,
  principal: Principal,
  pipeline: IngestPipeline,
  limits: BodyLimits,
  maxBatch: number,
  revoked: Effect.Effect<void>,
  roomToWrite: Effect.Effect<void>,
  delivered: () => void
) =>
  Effect.gen(function*() {
    const write = yield* socket.writer
    const frames = yield* Queue.unbounded<string | Uint8Array>()
    const pending = yield* Queue.bounded<readonly [number, Effect.Effect<ReadonlyArray<ItemResultJson>>]>(IN_FLIGHT)
    let raw: Pausable | undefined
    let paused = false
    let unread = 0

    const judge = (data: string | Uint8Array) =>
      Effect.gen(function*() {
        const text = yield* frameText(data)
        const value = yield* decodeJsonText(text, limits)
        const inputs = Array.isArray(value) ? value : [value]
        if (inputs.length === 0) {
          return yield* new InvalidRequest({ code: "empty_batch", message: "the frame is an empty array: send at least one envelope" })
        }
        if (inputs.length > maxBatch) {
          return yield* new PayloadTooLarge({
            code: "batch_too_large",
            message: `the frame holds ${inputs.length} envelopes; the limit is ${maxBatch}`
          })
        }
        const awaitAcks = yield* pipeline.offer(principal, inputs, "wait-for-room")
        return Effect.map(awaitAcks, (outcomes) => outcomes.map(outcomeJson))
      }).pipe(
        Effect.catchAll((e) =>
          Effect.as(countRejection(principal.tenantId, e), Effect.succeed(refusedFrame(e)))
        )
      )

    const reader = Effect.gen(function*() {
      for (let frame = 1;; frame++) {
        const data = yield* Queue.take(frames)
        unread--
        if (paused && unread < HIGH_WATER / 2) {
          paused = false
          raw?.resume?.()
        }
        yield* Queue.offer(pending, [frame, yield* judge(data)] as const)
      }
    })

    const acker = Effect.gen(function*() {
      for (;;) {
        const [frame, results] = yield* Queue.take(pending)
        // A collector that does not read its acks fills its own send buffer: the acker then
        // waits, the pipeline fills, and the socket stops being read (no memory grows).
        for (const r of yield* results) yield* Effect.zipRight(roomToWrite, write(JSON.stringify({ type: "ack", frame, ...r })))
      }
    })

    const fibers = [yield* Effect.forkScoped(reader), yield* Effect.forkScoped(acker)]
    const serve = socket.runRaw(
      (data) => {
        delivered()
        Queue.unsafeOffer(frames, data)
        unread++
        if (!paused && unread >= HIGH_WATER && raw?.pause) {
          paused = true
          raw.pause()
        }
        // The platform runs this handler with the raw WebSocket in its context
        // (Node's `ws` can pause reading; where it cannot, frames queue).
        return raw === undefined
          ? Effect.map(Effect.context<never>(), (ctx) => {
            raw = Option.getOrElse(Context.getOption(ctx, Socket.WebSocket), () => ({})) as Pausable
          })
          : undefined
      },
      {
        onOpen: write(JSON.stringify({ type: "ready", tenant_ref: principal.tenantId, max_batch_events: maxBatch }))
          .pipe(Effect.ignore)
      }
    ).pipe(Effect.catchAll(() => Effect.void))
    // A revoked credential's socket is closed; what it had not seen acknowledged is not acknowledged.
    const cutOff = Effect.zipRight(revoked, write(closeRevoked).pipe(Effect.ignore))
    yield* Effect.raceFirst(serve, cutOff)
    yield* Fiber.interruptAll(fibers)
  })
