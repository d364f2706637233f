import { HttpRouter, HttpServer } from "@effect/platform"
import { Effect, Layer } from "effect"
import { TenantRegistry } from "./actor/TenantRegistry.ts"
import { AdminAuth } from "./auth/AdminAuth.ts"
import { CollectorAuth } from "./auth/CollectorAuth.ts"
import { RevocationFeed } from "./auth/RevocationFeed.ts"
import { HealthCounters } from "./health/HealthCounters.ts"
import { HealthReport } from "./health/HealthReport.ts"
import { makeRouter } from "./http/Router.ts"
import { IngestPipeline } from "./ingest/IngestPipeline.ts"
import { Redactor } from "./redaction/Redactor.ts"
import { AdminCredentialStore } from "./store/AdminCredentialStore.ts"
import { ChainAudit } from "./store/ChainAudit.ts"
import { ConnectorStore } from "./store/ConnectorStore.ts"
import { CredentialStore } from "./store/CredentialStore.ts"
import { EventStore } from "./store/EventStore.ts"
import { HealthCounterStore } from "./store/HealthCounterStore.ts"
import { HeavyReads } from "./store/HeavyReads.ts"
import { ProjectionStore } from "./store/ProjectionStore.ts"
import { SqlLive } from "./store/SqlLive.ts"
import { StreamHub } from "./stream/StreamHub.ts"
import { EnvelopeValidator } from "./validation/EnvelopeValidator.ts"
import { MAX_IDENTIFIER_CHARS } from "./validation/StorableRules.ts"

/** The stores over one SQL database (migrated at start). Needs EngineConfig. */
export const StoreLive = Layer.mergeAll(ChainAudit.Default, AdminAuth.Default).pipe(
  Layer.provideMerge(Layer.mergeAll(
    EventStore.Default,
    ProjectionStore.Default,
    ConnectorStore.Default,
    CredentialStore.Default,
    HealthCounterStore.Default,
    AdminCredentialStore.Default,
    HeavyReads.Default
  )),
  Layer.provideMerge(SqlLive)
)

/** Everything but the HTTP server: the flow from envelope to stream. Needs EngineConfig. */
export const CoreLive = Layer.mergeAll(IngestPipeline.Default, HealthReport.Default, RevocationFeed.Default).pipe(
  Layer.provideMerge(Layer.mergeAll(CollectorAuth.Default, TenantRegistry.Default, HealthCounters.Default)),
  Layer.provideMerge(Layer.mergeAll(StreamHub.Default, EnvelopeValidator.Default, Redactor.Default)),
  Layer.provideMerge(StoreLive)
)

/**
 * On shutdown, before the server waits for its connections to end: every
 * dashboard stream is told `resync` (engine_shutting_down) and ends, so an
 * open event stream cannot hold the engine up.
 */
const EndStreamsOnShutdown = Layer.scopedDiscard(
  Effect.flatMap(StreamHub, (hub) => Effect.addFinalizer(() => hub.closeAll))
)

/** The HTTP routes, served by whatever HttpServer the platform entry point provides. */
export const HttpLive = Layer.merge(
  Layer.unwrapEffect(Effect.map(makeRouter, (app) => HttpServer.serve(app))).pipe(
    // Path parameters as long as the identifiers the store accepts (find-my-way's default is 100).
    Layer.provide(HttpRouter.setRouterConfig({ maxParamLength: MAX_IDENTIFIER_CHARS * 3 }))
  ),
  EndStreamsOnShutdown
)

/** The whole engine on a given HttpServer layer; EngineConfig decides port, store and limits. */
export const EngineLive = HttpLive.pipe(Layer.provideMerge(CoreLive))
