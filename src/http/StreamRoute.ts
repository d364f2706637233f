import { HttpServerRequest, HttpServerResponse, Socket } from "@effect/platform"
import { Effect, Schedule, Stream } from "effect"
import { TenantRegistry } from "../actor/TenantRegistry.ts"
import { InvalidRequest } from "../domain/Errors.ts"
import { StreamHub } from "../stream/StreamHub.ts"
import type { StreamMessage } from "../stream/StreamMessage.ts"
import { principalFor } from "./RequestAuth.ts"

const HEARTBEAT = "15 seconds"

const resumePoint = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const url = new URL(request.url, "http://engine")
    const raw = url.searchParams.get("from") ?? request.headers["last-event-id"]
    if (raw === undefined || raw === null || raw === "") return undefined
    if (!/^\d{1,15}$/.test(raw)) {
      return yield* new InvalidRequest({
        code: "invalid_resume_point",
        message: "from / Last-Event-ID must be a sequence number (a whole number >= 0)",
        field: "from"
      })
    }
    return Number(raw)
  })

/** The messages of one subscription: what it must catch up on, then live ones, ending after a resync. */
const subscription = (registry: TenantRegistry, hub: StreamHub, tenantId: string, from: number | undefined) =>
  Effect.gen(function*() {
    yield* registry.ensure(tenantId)
    const { initial, queue } = yield* hub.subscribe(tenantId, from)
    return Stream.concat(Stream.fromIterable(initial), Stream.fromQueue(queue)).pipe(
      Stream.takeUntil((m) => m.type === "resync")
    )
  })

const sseFrame = (m: StreamMessage): string =>
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
  const upgrade = request.headers["upgrade"]?.toLowerCase() === "websocket"
  if (upgrade) {
    const socket = yield* request.upgrade
    yield* Effect.scoped(Effect.gen(function*() {
      const write = yield* socket.writer
      const messages = yield* subscription(registry, hub, principal.tenantId, from)
      const pump = Stream.runForEach(messages, (m) => write(JSON.stringify(m))).pipe(
        Effect.zipRight(write(new Socket.CloseEvent(1000, "resync"))),
        Effect.ignore
      )
      yield* Effect.raceFirst(socket.runRaw(() => undefined).pipe(Effect.ignore), pump)
    }))
    return HttpServerResponse.empty()
  }
  if (!(request.headers["accept"] ?? "").includes("text/event-stream")) {
    return yield* new InvalidRequest({
      code: "stream_transport_required",
      message: "GET /stream needs a WebSocket upgrade or Accept: text/event-stream"
    })
  }
  const body = Stream.unwrapScoped(subscription(registry, hub, principal.tenantId, from)).pipe(
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
