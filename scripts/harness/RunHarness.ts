import { NodeContext } from "@effect/platform-node"
import { ConfigProvider, Effect, Layer, Logger, LogLevel, Option, TestClock, TestContext } from "effect"
import { EngineConfig } from "../../src/config/EngineConfig.ts"
import { CoreLive } from "../../src/Engine.ts"
import { NodePlatformLive } from "../../src/platform/NodePlatform.ts"
import { canonicalJson } from "../../src/integrity/CanonicalJson.ts"
import { sha256Hex } from "../../src/integrity/Digest.ts"
import { CredentialStore } from "../../src/store/CredentialStore.ts"
import { driveRounds, roundTime } from "./Drive.ts"
import { countOutcomes, expectationMismatches } from "./Expectations.ts"
import { tempDir } from "./TempDir.ts"
import { digestTenant, type TenantDigest } from "./TenantDigest.ts"
import { harnessStreams, type HarnessOptions } from "./Workload.ts"

export interface HarnessReport {
  readonly options: HarnessOptions
  readonly tenants: ReadonlyArray<TenantDigest>
  /** `<tenant> item <i>: expected …, got …` for every answer that differs from the generator's label. */
  readonly mismatches: ReadonlyArray<string>
  /** Every chain verifies and the live, reloaded and rebuilt projections agree. */
  readonly consistent: boolean
  /** SHA-256 over the canonical JSON of every tenant's digest (options excluded). */
  readonly digest: string
}

/**
 * The core engine (no HTTP) on a fresh embedded store, independent of the
 * environment's settings. Snapshots are stored often so the reload check
 * goes through "stored snapshot + tail", not only a full rebuild.
 */
const engineIn = (dataDir: string) =>
  CoreLive.pipe(
    Layer.provideMerge(EngineConfig.layerWith({ dataDir, databaseUrl: Option.none(), snapshotEvery: 64 })),
    Layer.provideMerge(NodeContext.layer),
    Layer.provideMerge(NodePlatformLive)
  )

const harness = (options: HarnessOptions) =>
  Effect.gen(function*() {
    const streams = harnessStreams(options)
    const dataDir = yield* tempDir("aispm-harness-")
    yield* TestClock.setTime(roundTime(0, options.batch))
    const context = yield* Layer.build(engineIn(dataDir))
    return yield* Effect.gen(function*() {
      const credentials = yield* CredentialStore
      const { postureWindow } = yield* EngineConfig
      for (const s of streams) yield* credentials.createTenant(s.tenantRef, `harness ${s.tenantRef}`)
      const outcomes = yield* driveRounds(streams, options.batch)
      const mismatches: Array<string> = []
      const tenants: Array<TenantDigest> = []
      for (const [t, stream] of streams.entries()) {
        const mine = expectationMismatches(stream.items, outcomes[t]!)
        mismatches.push(...mine.map((m) => `${stream.tenantRef} ${m}`))
        tenants.push(yield* digestTenant(stream.tenantRef, postureWindow, countOutcomes(outcomes[t]!), mine.length))
      }
      const consistent = tenants.every((t) => t.chain_valid && t.live_matches_rebuild && t.reload_matches_rebuild)
      const digest = yield* sha256Hex(canonicalJson(tenants))
      return { options, tenants, mismatches, consistent, digest } satisfies HarnessReport
    }).pipe(Effect.provide(context))
  })

/**
 * Runs the engine in process on the seeded generator under effect's
 * TestClock and digests every tenant's final log and projection. The engine
 * reads only defaults (an empty ConfigProvider), the store is a fresh PGlite
 * folder, and receive times come from the TestClock: the same options give
 * the same digest on every run and machine.
 */
export const runHarness = (options: HarnessOptions) =>
  harness(options).pipe(
    Effect.scoped,
    Effect.provide(TestContext.TestContext),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map())),
    Logger.withMinimumLogLevel(LogLevel.Warning)
  )
