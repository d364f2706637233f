import { HttpServer } from "@effect/platform"
import { NodeContext, NodeHttpServer } from "@effect/platform-node"
import { Console, Context, Effect, Layer, Option, Redacted } from "effect"
import { createServer } from "node:http"
import { EngineConfig } from "../../src/config/EngineConfig.ts"
import { EngineLive } from "../../src/Engine.ts"
import { NodePlatformLive } from "../../src/platform/NodePlatform.ts"
import { CredentialStore } from "../../src/store/CredentialStore.ts"
import { READY, type ServerReady, type ServerSpec } from "./Protocol.ts"

/** The real engine (HTTP, WebSocket, actors, store) with its default limits, on 127.0.0.1 port 0. */
export const engineServer = (spec: ServerSpec) =>
  Effect.scoped(Effect.gen(function*() {
    const databaseUrl = spec.databaseUrl === undefined ? Option.none() : Option.some(Redacted.make(spec.databaseUrl))
    const engine = EngineLive.pipe(
      Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
      Layer.provideMerge(EngineConfig.layerWith({ dataDir: spec.dataDir, databaseUrl })),
      Layer.provideMerge(NodeContext.layer),
      Layer.provideMerge(NodePlatformLive)
    )
    const context = yield* Layer.build(engine)
    const server = Context.get(context, HttpServer.HttpServer)
    const credentials = Context.get(context, CredentialStore)
    const tokens = yield* Effect.forEach(spec.tenants, (tenantRef) =>
      Effect.gen(function*() {
        yield* credentials.createTenant(tenantRef, "bench tenant")
        return (yield* credentials.issue(tenantRef, "collector", {}, "bench collector")).token
      }))
    const port = server.address._tag === "TcpAddress" ? server.address.port : 0
    yield* Console.log(`${READY}${JSON.stringify({ pid: process.pid, port, tokens } satisfies ServerReady)}`)
    return yield* Effect.never
  }))
