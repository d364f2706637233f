import { HttpServerRequest, HttpServerResponse, Socket } from "@effect/platform"
import { Deferred, Effect, Schedule, Stream } from "effect"
import { TenantRegistry } from "../actor/TenantRegistry.ts"
import { CollectorAuth } from "../auth/CollectorAuth.ts"
import { InvalidRequest } from "../domain/Errors.ts"
import { StreamHub } from "../stream/StreamHub.ts"
import { type RevokedMessage, revokedMessage, seqOf, type StreamMessage } from "../stream/StreamMessage.ts"
import { WritePressure } from "../stream/WritePressure.ts"
import { closeAfterResync, closeRevoked } from "./CloseCodes.ts"
import { ReadBudget } from "./ReadBudget.ts"
import { principalFor } from "./RequestAuth.ts"

const HEARTBEAT = "15 seconds"

const resumePoint = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const given = new URL(request.url, "http://engine").searchParams.getAll("from")
    const raw = given[0] ?? request.headers["last-event-id"]
    if (raw === undefined || raw === "") return undefined
    if (given.length > 1 || !/^\d{1,15}$/.test(raw)) {
      return yield* new InvalidRequest({
        code: "invalid_resume_point",
        message: "from / Last-Event-ID must be one sequence number (a whole number >= 0)",
        field: "from"
      })
    }
    return Number(raw)
  })

/** The messages of one subscription: what it must catch up on, then live ones, ending after a resync. */
const subscription = (registry: TenantRegistry, hub: StreamHub, tenantId: string, from: number | undefined) =>
  Effect.gen(function*() {
    yield* registry.ensure(tenantId)
    const { dropped, initial, queue } = yield* hub.subscribe(tenantId, from)
    const messages = Stream.concat(Stream.fromIterable(initial), Stream.fromQueue(queue)).pipe(
      Stream.takeUntil((m) => m.type === "resync")
    )
    return { messages, dropped }
  })

const sseFrame = (m: StreamMessage | RevokedMessage): string =>
  m.type === "heartbeat"
    ? `: heartbeat ${m.seq}\n\n`
    : `${"seq" in m ? `id: ${m.seq}\n` : ""}event: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`

const encoder = new TextEncoder()

/**
 * GET /stream: a tenant's posture as a WebSocket or as Server-Sent Events
 * (`Accept: text/event-stream`). First the snapshot (or, resuming with
 * `?from=` / `Last-Event-ID`, the deltas since), then one delta per event.
 */
export const streamRoute = Effect.gen(function*() {
  const principal = yield* principalFor("read")
  const request = yield* HttpServerRequest.HttpServerRequest
  const from = yield* resumePoint(request)
  const registry = yield* TenantRegistry
  const hub = yield* StreamHub
  const auth = yield* CollectorAuth
  const upgrade = request.headers["upgrade"]?.toLowerCase() === "websocket"
  if (upgrade) {
    // A dashboard has nothing to send: what it does send is dropped, and more than 1 MiB without a whole
    // message (one huge frame, or pings for days) cuts it off.
    const budget = (yield* ReadBudget).watch(request, 1024 * 1024)
    const socket = yield* request.upgrade
    const pressure = yield* WritePressure
    yield* Effect.scoped(Effect.gen(function*() {
      const write = yield* socket.writer
      const revoked = yield* auth.whenRevoked(principal.credentialId)
      const { dropped, messages } = yield* subscription(registry, hub, principal.tenantId, from)
      // Each message waits for room in the connection's send buffer, so a
      // dashboard that stops reading fills its bounded subscription instead.
      let lastSent = from ?? 0
      // A resync is the last message: it and the close frame go out together, even while the
      // server is interrupting its connections at shutdown (else the close would carry no code).
      const send = (m: StreamMessage) =>
        m.type === "resync"
          ? Effect.uninterruptible(Effect.zipRight(write(JSON.stringify(m)), write(closeAfterResync(m.reason))))
          : write(JSON.stringify(m))
      const pump = Stream.runForEach(messages, (m) =>
        pressure.forRequest(request).pipe(
          Effect.zipRight(send(m)),
          Effect.tap(() => void (lastSent = seqOf(m)))
        )).pipe(Effect.zipRight(write(new Socket.CloseEvent(1000, "resync"))))
      // Dropped while this connection's buffer was full: what was queued is
      // lost, so the resume point is the last message actually written.
      const tooSlow = Effect.flatMap(Deferred.await(dropped), () => {
        const resync: StreamMessage = { type: "resync", reason: "subscriber_too_slow", resume_from: lastSent }
        return send(resync)
      })
      const cutOff = Effect.zipRight(
        revoked,
        Effect.uninterruptible(Effect.zipRight(write(JSON.stringify(revokedMessage)), write(closeRevoked)))
      )
      yield* Effect.raceAll([socket.runRaw(() => budget.delivered()), pump, tooSlow, cutOff]).pipe(Effect.ignore)
    }))
    return HttpServerResponse.empty()
  }
  if (!(request.headers["accept"] ?? "").includes("text/event-stream")) {
    return yield* new InvalidRequest({
      code: "stream_transport_required",
      message: "GET /stream needs a WebSocket upgrade or Accept: text/event-stream"
    })
  }
  // A revoked credential's event stream ends with a `revoked` event.
  const body = Stream.unwrapScoped(
    Effect.gen(function*() {
      const revoked = yield* auth.whenRevoked(principal.credentialId)
      const { messages } = yield* subscription(registry, hub, principal.tenantId, from)
      const cutOff = Stream.fromEffect(Effect.as(revoked, revokedMessage))
      return Stream.merge(messages, cutOff, { haltStrategy: "either" })
    })
  ).pipe(
    Stream.merge(
      Stream.repeatEffectWithSchedule(
        Effect.sync((): StreamMessage => ({ type: "heartbeat", seq: hub.currentSeq(principal.tenantId) ?? 0 })),
        Schedule.spaced(HEARTBEAT)
      ).pipe(Stream.drop(1)),
      { haltStrategy: "left" }
    ),
    Stream.map((m) => encoder.encode(sseFrame(m)))
  )
  return HttpServerResponse.stream(Stream.concat(Stream.make(encoder.encode("retry: 2000\n\n")), body), {
    contentType: "text/event-stream",
    headers: { "cache-control": "no-store", "x-accel-buffering": "no" }
  })
})
