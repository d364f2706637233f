import { SqlClient } from "@effect/sql"
import { Effect, Schema } from "effect"
import { type Role, Scopes } from "../auth/Principal.ts"
import { mintToken } from "../auth/Tokens.ts"

export interface CredentialRecord {
  readonly tenantId: string
  readonly credentialId: string
  readonly role: Role
  readonly tokenHash: string
  readonly scopes: Scopes
  readonly revoked: boolean
}

/** What an operator may see of a credential: never its token or hash. */
export interface CredentialSummary {
  readonly credentialId: string
  readonly role: Role
  readonly label: string
  readonly scopes: Scopes
  readonly createdAt: string
  readonly revokedAt: string | null
}

export interface TenantRecord {
  readonly tenantId: string
  readonly displayName: string
  readonly createdAt: string
}

const decodeScopes = Schema.decodeUnknownSync(Scopes)

/** Tenants and their credentials (token hashes only). */
export class CredentialStore extends Effect.Service<CredentialStore>()("CredentialStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const createTenant = (tenantId: string, displayName: string) =>
      sql`INSERT INTO tenants (tenant_id, display_name) VALUES (${tenantId}, ${displayName})
        ON CONFLICT (tenant_id) DO NOTHING`.pipe(Effect.asVoid)

    const tenantExists = (tenantId: string) =>
      Effect.map(sql`SELECT 1 FROM tenants WHERE tenant_id = ${tenantId}`, (rows) => rows.length > 0)

    const listTenants = Effect.map(
      sql<{ tenant_id: string; display_name: string; created_at: Date }>`
        SELECT tenant_id, display_name, created_at FROM tenants ORDER BY tenant_id`,
      (rows) =>
        rows.map((r): TenantRecord => ({
          tenantId: r.tenant_id,
          displayName: r.display_name,
          createdAt: new Date(r.created_at).toISOString()
        }))
    )

    /** Issues a credential and returns its token: the only time the token exists in clear. */
    const issue = (tenantId: string, role: Role, scopes: Scopes, label: string) =>
      Effect.gen(function*() {
        const minted = yield* mintToken(role)
        yield* sql`INSERT INTO credentials (tenant_id, credential_id, role, token_hash, label, scopes)
          VALUES (${tenantId}, ${minted.credentialId}, ${role}, ${minted.secretHash}, ${label},
                  ${JSON.stringify(scopes)})`
        return { tenantId, credentialId: minted.credentialId, role, token: minted.token, scopes }
      })

    const find = (credentialId: string) =>
      Effect.map(
        sql<{ tenant_id: string; credential_id: string; role: Role; token_hash: string; scopes: unknown; revoked_at: Date | null }>`
          SELECT tenant_id, credential_id, role, token_hash, scopes, revoked_at
          FROM credentials WHERE credential_id = ${credentialId}`,
        (rows): CredentialRecord | undefined => {
          const r = rows[0]
          return r && {
            tenantId: r.tenant_id,
            credentialId: r.credential_id,
            role: r.role,
            tokenHash: r.token_hash,
            scopes: decodeScopes(r.scopes),
            revoked: r.revoked_at !== null
          }
        }
      )

    const list = (tenantId: string) =>
      Effect.map(
        sql<{ credential_id: string; role: Role; label: string; scopes: unknown; created_at: Date; revoked_at: Date | null }>`
          SELECT credential_id, role, label, scopes, created_at, revoked_at
          FROM credentials WHERE tenant_id = ${tenantId} ORDER BY created_at, credential_id`,
        (rows) =>
          rows.map((r): CredentialSummary => ({
            credentialId: r.credential_id,
            role: r.role,
            label: r.label,
            scopes: decodeScopes(r.scopes),
            createdAt: new Date(r.created_at).toISOString(),
            revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString()
          }))
      )

    /** Revokes a credential, idempotently: when it was revoked (now or before), or undefined if the tenant has no such one. */
    const revoke = (tenantId: string, credentialId: string) =>
      Effect.map(
        sql<{ revoked_at: Date }>`UPDATE credentials SET revoked_at = COALESCE(revoked_at, now())
          WHERE tenant_id = ${tenantId} AND credential_id = ${credentialId}
          RETURNING revoked_at`,
        (rows) => rows[0]?.revoked_at.toISOString()
      )

    return { createTenant, tenantExists, listTenants, issue, find, list, revoke } as const
  })
}) {}
