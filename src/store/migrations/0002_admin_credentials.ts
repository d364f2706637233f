import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** Operator credentials for the admin API: not tied to a tenant, hashes only. */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE admin_credentials (
    credential_id text PRIMARY KEY,
    token_hash text NOT NULL,
    label text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
  )`
})
