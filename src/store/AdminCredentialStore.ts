import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { mintToken } from "../auth/Tokens.ts"

/** Operator (admin API) credentials: hashes only, like tenant credentials. */
export class AdminCredentialStore extends Effect.Service<AdminCredentialStore>()("AdminCredentialStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const issue = (label: string) =>
      Effect.gen(function*() {
        const minted = yield* mintToken("admin")
        yield* sql`INSERT INTO admin_credentials (credential_id, token_hash, label)
          VALUES (${minted.credentialId}, ${minted.secretHash}, ${label})`
        return { credentialId: minted.credentialId, token: minted.token }
      })

    const find = (credentialId: string) =>
      Effect.map(
        sql<{ token_hash: string; revoked_at: Date | null }>`
          SELECT token_hash, revoked_at FROM admin_credentials WHERE credential_id = ${credentialId}`,
        (rows) => rows[0] && { tokenHash: rows[0].token_hash, revoked: rows[0].revoked_at !== null }
      )

    return { issue, find } as const
  })
}) {}
