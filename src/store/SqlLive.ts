import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Option } from "effect"
import { EngineConfig } from "../config/EngineConfig.ts"
import { startEmbeddedPostgres } from "../platform/EmbeddedPostgres.ts"
import { runMigrations } from "./Migrations.ts"

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded store in AISPM_DATA_DIR. */
const client = Layer.unwrapScoped(
  Effect.gen(function*() {
    const config = yield* EngineConfig
    if (Option.isSome(config.databaseUrl)) {
      return PgClient.layer({ url: config.databaseUrl.value, maxConnections: 8, applicationName: "aispm-engine" })
    }
    const embedded = yield* startEmbeddedPostgres(config.dataDir)
    return PgClient.layer({
      host: embedded.socketDir,
      port: embedded.port,
      database: "postgres",
      username: "postgres",
      maxConnections: embedded.maxConnections
    })
  })
)

/** The SQL client with the schema migrated. */
export const SqlLive = Layer.effectDiscard(runMigrations).pipe(Layer.provideMerge(client))
