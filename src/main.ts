import { HttpServer } from "@effect/platform"
import { NodeContext, NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { createServer } from "node:http"
import { bootstrapIfEmpty } from "./cli/Bootstrap.ts"
import { EngineConfig } from "./config/EngineConfig.ts"
import { EngineLive } from "./Engine.ts"
import { NodePlatformLive } from "./platform/NodePlatform.ts"

const ServerLive = Layer.unwrapEffect(
  Effect.map(EngineConfig, (c) => NodeHttpServer.layer(createServer, { port: c.port, host: c.host }))
)

const MainLive = EngineLive.pipe(
  Layer.provideMerge(ServerLive),
  Layer.provideMerge(Layer.mergeAll(EngineConfig.layer, NodeContext.layer, NodePlatformLive))
)

const main = Effect.gen(function*() {
  const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(address))
  const bootstrap = yield* bootstrapIfEmpty(url)
  yield* Effect.log(`AISPM ingestion engine listening on ${url}/enterprise/aispm`)
  if (bootstrap) yield* Effect.log(`first start: development tenant credentials written to ${bootstrap}`)
  return yield* Effect.never
})

main.pipe(Effect.provide(MainLive), NodeRuntime.runMain)
