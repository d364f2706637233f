import { Reactivity } from "@effect/experimental"
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"

/** The server the postgres runs use: AISPM_BENCH_DATABASE_URL, else DATABASE_URL, else the CI default. */
export const benchAdminUrl = (): string =>
  process.env["AISPM_BENCH_DATABASE_URL"] ?? process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

const admin = (url: string, statement: string) =>
  Effect.runPromise(
    Effect.scoped(Effect.flatMap(PgClient.make({ url: Redacted.make(url), maxConnections: 1 }), (sql) => sql.unsafe(statement)))
      .pipe(Effect.provide(Reactivity.layer))
  )

export interface FreshDatabase {
  readonly url: string
  readonly drop: () => Promise<void>
}

/** A database of its own for one run, on the admin URL's server; `drop` removes it. */
export const freshDatabase = async (adminUrl: string): Promise<FreshDatabase> => {
  const name = `aispm_bench_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`
  await admin(adminUrl, `CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) }
}
