import { Migrator } from "@effect/sql"
import initial from "./migrations/0001_initial.ts"

/** Ordered migrations, run at start on PGlite and PostgreSQL alike. */
export const runMigrations = Migrator.make({})({
  loader: Migrator.fromRecord({ "0001_initial": initial }),
  table: "aispm_migrations"
})
