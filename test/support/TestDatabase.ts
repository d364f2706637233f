import { Reactivity } from "@effect/experimental"
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"

/**
 * The PostgreSQL the suite runs against: CI's (postgres on 127.0.0.1:5432,
 * database test) unless AISPM_TEST_DATABASE_URL names another. Each suite
 * gets a fresh database of its own, dropped afterwards. When the server
 * cannot be reached the suite FAILS: set AISPM_SKIP_POSTGRES=1 to skip it
 * knowingly on a machine without PostgreSQL (ignored when CI=true).
 */
export const adminUrl = process.env["AISPM_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

export const skipPostgres = process.env["AISPM_SKIP_POSTGRES"] === "1" && process.env["CI"] !== "true"

const admin = (statement: string) =>
  Effect.scoped(
    Effect.flatMap(
      PgClient.make({ url: Redacted.make(adminUrl), maxConnections: 1 }),
      (sql) => sql.unsafe(statement)
    )
  ).pipe(Effect.provide(Reactivity.layer))

export const freshDatabase = Effect.acquireRelease(
  Effect.gen(function*() {
    const name = `aispm_t_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`
    yield* admin(`CREATE DATABASE ${name}`).pipe(Effect.orDie)
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return { name, url: Redacted.make(url.toString()) }
  }),
  ({ name }) => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).pipe(Effect.ignore)
)
