import { HttpServer } from "@effect/platform"
import { NodeContext, NodeHttpServer } from "@effect/platform-node"
import { Context, Effect, Layer, Option } from "effect"
import { createServer } from "node:http"
import type { Role, Scopes } from "../../src/auth/Principal.ts"
import { EngineConfig } from "../../src/config/EngineConfig.ts"
import { EngineLive } from "../../src/Engine.ts"
import { NodePlatformLive } from "../../src/platform/NodePlatform.ts"
import { CredentialStore } from "../../src/store/CredentialStore.ts"
import { tempDir } from "../harness/TempDir.ts"

export interface DemoEngine {
  readonly baseUrl: string
  readonly wsUrl: string
  readonly dataDir: string
  readonly createTenant: (tenantRef: string, displayName: string) => Effect.Effect<void>
  /** Issues a credential as the admin CLI would and returns its token. */
  readonly issue: (tenantRef: string, role: Role, label: string, scopes?: Scopes) => Effect.Effect<string>
}

/**
 * The whole engine (HTTP and WebSocket server included) in this process, on
 * 127.0.0.1 port 0 over a fresh embedded store in a temporary folder that is
 * removed when the scope closes.
 */
export const startDemoEngine = Effect.gen(function*() {
  const dataDir = yield* tempDir("aispm-demo-")
  const engine = EngineLive.pipe(
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
    Layer.provideMerge(EngineConfig.layerWith({ dataDir, databaseUrl: Option.none() })),
    Layer.provideMerge(NodeContext.layer),
    Layer.provideMerge(NodePlatformLive)
  )
  const context = yield* Layer.build(engine)
  const server = Context.get(context, HttpServer.HttpServer)
  const credentials = Context.get(context, CredentialStore)
  const port = server.address._tag === "TcpAddress" ? server.address.port : 0
  return {
    baseUrl: `http://127.0.0.1:${port}/enterprise/aispm`,
    wsUrl: `ws://127.0.0.1:${port}/enterprise/aispm`,
    dataDir,
    createTenant: (tenantRef, displayName) => credentials.createTenant(tenantRef, displayName).pipe(Effect.orDie),
    issue: (tenantRef, role, label, scopes = {}) =>
      Effect.map(credentials.issue(tenantRef, role, scopes, label), (c) => c.token).pipe(Effect.orDie)
  } satisfies DemoEngine
})
