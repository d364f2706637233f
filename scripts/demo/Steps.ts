import { Console, Effect, Option, Ref } from "effect"
import type { Ack } from "../../src/domain/StoredEvent.ts"
import type { DemoEngine } from "./DemoEngine.ts"
import { expectStatus, httpJson } from "./Http.ts"
import { tellingSession, demoTraffic, publicExample } from "./Traffic.ts"
import { runWsCollector } from "./WsCollector.ts"

export interface DemoOptions {
  readonly seed: number
  readonly events: number
  readonly frameSize: number
  readonly window: number
  readonly everyDeltas: number
}

/** What the steps share: the engine, the demo tenant and what the finale must check. */
export interface DemoContext {
  readonly engine: DemoEngine
  readonly tenantRef: string
  readonly viewer: string
  readonly auditor: string
  readonly options: DemoOptions
  /** Highest sequence number acknowledged so far; the dashboard must reach it. */
  readonly acknowledged: Ref.Ref<number>
  /** The session the finale replays. */
  readonly replaySession: Ref.Ref<Option.Option<string>>
}

/** One stage of the demo; they run in order, each printing what it does. */
export interface DemoStep {
  readonly title: string
  readonly run: (ctx: DemoContext) => Effect.Effect<void, Error>
}

type AckJson = { readonly event_id: string; readonly status: Ack["status"]; readonly seq: number; readonly hash: string }

/** The public contract's example over HTTPS POST /events, then the same envelope again (a duplicate). */
export const sendPublicExample: DemoStep = {
  title: "public example envelope over POST /events",
  run: (ctx) =>
    Effect.gen(function*() {
      const token = yield* ctx.engine.issue(ctx.tenantRef, "collector", "demo https collector")
      const envelope = publicExample(ctx.tenantRef)
      for (const attempt of ["sent", "sent again"]) {
        const reply = yield* httpJson(`${ctx.engine.baseUrl}/events`, token, envelope)
        const ack = yield* expectStatus<AckJson>(reply, 200, 201)
        yield* Console.log(`[https] ${attempt}: HTTP ${reply.status} ${ack.status} ${ack.event_id} seq ${ack.seq}`)
        yield* Ref.update(ctx.acknowledged, (n) => Math.max(n, ack.seq))
      }
      yield* Ref.set(ctx.replaySession, Option.some(envelope.event.session_id))
    })
}

/**
 * The generated stream of the demo tenant, one collector per connector, each
 * with a credential restricted to its own connector id, all streaming at
 * once over the persistent ingest WebSocket in pipelined frames.
 */
export const streamFromCollectors: DemoStep = {
  title: "generated stream from several collectors over WebSocket /ingest",
  run: (ctx) =>
    Effect.gen(function*() {
      const o = ctx.options
      const traffic = demoTraffic(o.seed, ctx.tenantRef, o.events, Date.now(), {
        duplicateRate: 0.03,
        invalidRate: 0.03,
        secretRate: 0.05
      })
      yield* Console.log(
        `[collectors] ${traffic.collectors.length} collectors, ${traffic.items.length} items from ${traffic.startAt} ` +
          `(seed ${o.seed}; frames of ${o.frameSize}, ${o.window} in flight each)\n` +
          `[collectors] the stream spans ${Math.round((Date.now() - Date.parse(traffic.startAt)) / 60_000)} minutes up to now ` +
          `and is sent at once: its ingest lag is the events' age`
      )
      const tallies = yield* Effect.forEach(traffic.collectors, (c) =>
        Effect.gen(function*() {
          const token = yield* ctx.engine.issue(ctx.tenantRef, "collector", `demo ${c.connectorId}`, { connector_ids: [c.connectorId] })
          const t = yield* runWsCollector(ctx.engine.wsUrl, token, c.inputs, o.frameSize, o.window)
          const refused = Object.entries(t.rejected).map(([code, n]) => `${code}=${n}`).join(" ")
          yield* Console.log(
            `[collector ${c.connectorId}] sent ${t.sent}: accepted ${t.accepted}, duplicates ${t.duplicates}, ` +
              `rejected ${t.sent - t.accepted - t.duplicates}${refused ? ` (${refused})` : ""}`
          )
          return t
        }), { concurrency: "unbounded" })
      yield* Ref.update(ctx.acknowledged, (n) => Math.max(n, ...tallies.map((t) => t.maxSeq)))
      const session = tellingSession(traffic.items)
      if (session !== undefined) yield* Ref.set(ctx.replaySession, Option.some(session))
    })
}

/** The demo's stages in order (the finale — replay, chain audit, health — follows them). */
export const demoSteps: ReadonlyArray<DemoStep> = [sendPublicExample, streamFromCollectors]
