import { Console, Effect, Option, Ref } from "effect"
import type { Ack } from "../../src/domain/StoredEvent.ts"
import type { DemoEngine } from "./DemoEngine.ts"
import { expectStatus, httpJson } from "./Http.ts"
import { tellingSession, demoTraffic, publicExample } from "./Traffic.ts"
import { runCollectorFixtures } from "./collectors.ts"
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
/**
 * `aispm-collect` over every fixture folder (agent hooks, Codex, MCP proxy,
 * CI runners, Terraform, CloudTrail, JSONL, CAVRA records): each real
 * source's native format arrives as its own connector.
 */
export const collectorFixtures: DemoStep = {
  title: "aispm-collect over every source's native fixtures",
  run: (ctx) =>
    Effect.gen(function*() {
      const token = yield* ctx.engine.issue(ctx.tenantRef, "collector", "demo aispm-collect")
      const engineUrl = ctx.engine.baseUrl.replace(/\/enterprise\/aispm$/, "")
      const runs = yield* runCollectorFixtures(engineUrl, token, ctx.tenantRef)
      const bySource = new Map<string, { runs: number; failed: number }>()
      for (const run of runs) {
        const tally = bySource.get(run.source) ?? { runs: 0, failed: 0 }
        bySource.set(run.source, { runs: tally.runs + 1, failed: tally.failed + (run.exitCode === 0 ? 0 : 1) })
      }
      for (const [source, tally] of bySource) {
        yield* Console.log(`[aispm-collect] ${source}: ${tally.runs} fixture(s), ${tally.failed} with a non-zero exit`)
      }
      const health = yield* httpJson(`${ctx.engine.baseUrl}/ingestion/health`, ctx.viewer)
      const body = yield* expectStatus<{ tenant: { accepted: number; connectors: ReadonlyArray<unknown> } }>(health, 200)
      yield* Ref.set(ctx.acknowledged, body.tenant.accepted)
      yield* Console.log(`[aispm-collect] the tenant now has ${body.tenant.connectors.length} connectors`)
    })
}

export const demoSteps: ReadonlyArray<DemoStep> = [sendPublicExample, streamFromCollectors, collectorFixtures]
