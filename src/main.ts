import { HttpServer } from "@effect/platform"
import { NodeContext, NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { createServer } from "node:http"
import { bootstrapIfEmpty } from "./cli/Bootstrap.ts"
import { EngineConfig } from "./config/EngineConfig.ts"
import { CoreLive, HttpLive } from "./Engine.ts"
import { NodePlatformLive } from "./platform/NodePlatform.ts"
import { describeStartFailure } from "./platform/StartFailure.ts"

const server = createServer()

const ServerLive = Layer.unwrapEffect(
  Effect.map(EngineConfig, (c) => NodeHttpServer.layer(() => server, { port: c.port, host: c.host }))
)

/**
 * At shutdown the server waits for its connections to end: idle keep-alive
 * ones are closed at once, and whatever is still open after the grace period
 * (a client that stalled mid-request) is cut, so a stuck client cannot keep
 * a stopped engine alive and holding its data folder.
 */
const SHUTDOWN_GRACE_MS = 5_000
const ShutdownDeadline = Layer.scopedDiscard(Effect.addFinalizer(() =>
  Effect.zipRight(
    Effect.log("stopping: no new work, committing what the mailboxes hold, closing dashboards"),
    Effect.sync(() => {
      server.closeIdleConnections()
      setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref()
    })
  )
))

// The store and the actors first, then the port: nothing can connect before the engine can answer.
const MainLive = Layer.merge(HttpLive, ShutdownDeadline).pipe(
  Layer.provideMerge(ServerLive),
  Layer.provideMerge(CoreLive),
  Layer.provideMerge(Layer.mergeAll(EngineConfig.layer, NodeContext.layer, NodePlatformLive))
)

const main = Effect.gen(function*() {
  const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(address))
  const bootstrap = yield* bootstrapIfEmpty(url)
  yield* Effect.log(`AISPM ingestion engine listening on ${url}/enterprise/aispm (Ctrl-C or SIGTERM drains and stops it)`)
  if (bootstrap) yield* Effect.log(`first start: development tenant credentials written to ${bootstrap}`)
  return yield* Effect.never
})

Effect.log("AISPM ingestion engine starting: opening the store and running migrations").pipe(
  Effect.zipRight(Effect.provide(main, MainLive)),
  Effect.onInterrupt(() => Effect.log("stopped: everything acknowledged is in the store")),
  Effect.tapErrorCause((cause) => Effect.logError(describeStartFailure(cause))),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
