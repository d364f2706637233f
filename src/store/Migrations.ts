import { Migrator } from "@effect/sql"
import initial from "./migrations/0001_initial.ts"
import adminCredentials from "./migrations/0002_admin_credentials.ts"

/** Ordered migrations, run at start on PGlite and PostgreSQL alike. */
export const runMigrations = Migrator.make({})({
  loader: Migrator.fromRecord({ "0001_initial": initial, "0002_admin_credentials": adminCredentials }),
  table: "aispm_migrations"
})
