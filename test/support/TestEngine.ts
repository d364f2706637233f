import { HttpServer } from "@effect/platform"
import { NodeContext, NodeHttpServer } from "@effect/platform-node"
import { Context, Deferred, Effect, Layer, Option, type Redacted } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Failpoints } from "../../src/actor/Failpoints.ts"
import type { Role, Scopes } from "../../src/auth/Principal.ts"
import { EngineConfig, type EngineSettings } from "../../src/config/EngineConfig.ts"
import { EngineLive } from "../../src/Engine.ts"
import { NodePlatformLive } from "../../src/platform/NodePlatform.ts"
import { CredentialStore } from "../../src/store/CredentialStore.ts"
import { freshDatabase } from "./TestDatabase.ts"

export type StoreKind = "embedded" | "postgres"

export interface TenantCredentials {
  readonly tenantRef: string
  readonly collector: string
  readonly viewer: string
  readonly auditor: string
}

/** Failure injection for tests: hold a tenant's actor still, or make its next commits die. */
export interface FaultControl {
  /** Holds the tenant's actor before its next commit; returns the release. */
  readonly hold: (tenantId: string) => Effect.Effect<Effect.Effect<void>>
  /** Waits until the held actor has reached the hold (its batch is out of the mailbox). */
  readonly reached: (tenantId: string) => Effect.Effect<void>
  /** The tenant's next `times` group commits die (a defect inside the actor). */
  readonly crash: (tenantId: string, times: number) => Effect.Effect<void>
}

export class TestEngine extends Context.Tag("TestEngine")<TestEngine, {
  readonly store: StoreKind
  readonly baseUrl: string
  readonly wsUrl: string
  readonly dataDir: string
  /** The PostgreSQL database of this engine (none on the embedded store). */
  readonly databaseUrl: Option.Option<Redacted.Redacted>
  readonly tenant: (options?: { readonly scopes?: Scopes }) => Effect.Effect<TenantCredentials>
  readonly credential: (tenantRef: string, role: Role, scopes?: Scopes) => Effect.Effect<string>
  readonly faults: FaultControl
  /** Runs an effect inside the engine's own services (stores, registry, config...). */
  readonly within: <A, E>(effect: Effect.Effect<A, E, Layer.Layer.Success<typeof EngineLive> | EngineConfig | NodeContext.NodeContext>) => Effect.Effect<A, E>
}>() {}

let tenantCounter = 0

const makeFaults = () => {
  const holds = new Map<string, { readonly gate: Deferred.Deferred<void>; readonly reached: Deferred.Deferred<void> }>()
  const crashes = new Map<string, number>()
  const hooks = {
    beforeCommit: (tenantId: string) =>
      Effect.gen(function*() {
        const hold = holds.get(tenantId)
        if (hold) {
          yield* Deferred.succeed(hold.reached, undefined)
          yield* Deferred.await(hold.gate)
        }
        const left = crashes.get(tenantId) ?? 0
        if (left > 0) {
          crashes.set(tenantId, left - 1)
          return yield* Effect.dieMessage(`injected crash of ${tenantId}`)
        }
      })
  }
  const control: FaultControl = {
    hold: (tenantId) =>
      Effect.gen(function*() {
        const hold = { gate: yield* Deferred.make<void>(), reached: yield* Deferred.make<void>() }
        holds.set(tenantId, hold)
        return Effect.zipRight(Effect.sync(() => holds.delete(tenantId)), Deferred.succeed(hold.gate, undefined))
      }),
    reached: (tenantId) => Effect.suspend(() => {
      const hold = holds.get(tenantId)
      return hold ? Deferred.await(hold.reached) : Effect.void
    }),
    crash: (tenantId, times) => Effect.sync(() => void crashes.set(tenantId, times))
  }
  return { hooks, control }
}

/**
 * A whole engine on port 0 over the chosen store: embedded PGlite in a fresh
 * temporary folder, or a fresh PostgreSQL database. Real HTTP, real SQL.
 * To restart on the same store, build another with the first one's
 * `dataDir` and `databaseUrl` in `overrides` (after the first one closed:
 * the embedded store is single-process).
 */
export const testEngineLayer = (store: StoreKind, overrides: Partial<EngineSettings> = {}) =>
  Layer.scoped(
    TestEngine,
    Effect.gen(function*() {
      // A second engine on the same store (a restart) passes the first one's
      // dataDir / databaseUrl in `overrides`; the first one owns their cleanup.
      const dataDir = overrides.dataDir ?? (yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "aispm-test-"))),
        (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
      ))
      const databaseUrl = overrides.databaseUrl ??
        (store === "postgres" ? Option.some((yield* freshDatabase).url) : Option.none())
      const { hooks, control } = makeFaults()
      const engine = EngineLive.pipe(
        Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
        Layer.provideMerge(EngineConfig.layerWith({ dataDir, databaseUrl, ...overrides })),
        Layer.provideMerge(NodeContext.layer),
        Layer.provideMerge(NodePlatformLive),
        Layer.provide(Layer.succeed(Failpoints, hooks))
      )
      const context = yield* Layer.build(engine)
      const server = Context.get(context, HttpServer.HttpServer)
      const credentials = Context.get(context, CredentialStore)
      const port = server.address._tag === "TcpAddress" ? server.address.port : 0
      const credential = (tenantRef: string, role: Role, scopes: Scopes = {}) =>
        Effect.map(credentials.issue(tenantRef, role, scopes, `test ${role}`), (c) => c.token).pipe(Effect.orDie)
      const tenant = (options?: { readonly scopes?: Scopes }) =>
        Effect.gen(function*() {
          const tenantRef = `tenant:test-${process.pid}-${++tenantCounter}-${crypto.randomUUID().slice(0, 8)}`
          yield* credentials.createTenant(tenantRef, "test tenant").pipe(Effect.orDie)
          return {
            tenantRef,
            collector: yield* credential(tenantRef, "collector", options?.scopes),
            viewer: yield* credential(tenantRef, "viewer"),
            auditor: yield* credential(tenantRef, "auditor")
          }
        })
      return {
        store,
        baseUrl: `http://127.0.0.1:${port}/enterprise/aispm`,
        wsUrl: `ws://127.0.0.1:${port}/enterprise/aispm`,
        dataDir,
        databaseUrl,
        tenant,
        credential,
        faults: control,
        within: (effect) => Effect.provide(effect, context)
      }
    })
  )
