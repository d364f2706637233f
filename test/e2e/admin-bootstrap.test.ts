import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"
import { bootstrapIfEmpty, DEV_TENANT } from "../../src/cli/Bootstrap.ts"
import { AdminCredentialStore } from "../../src/store/AdminCredentialStore.ts"
import { exampleEnvelope, request } from "../support/Clients.ts"
import { expectValid } from "../support/Schemas.ts"
import { stores } from "../support/Stores.ts"
import { TestEngine, testEngineLayer } from "../support/TestEngine.ts"

const run = promisify(execFile)

for (const store of stores) {
  layer(testEngineLayer(store), { excludeTestServices: true })(`bootstrap and admin on ${store}`, (it) => {
    it.effect("first start writes owner-only bootstrap.json whose tokens work; a second start writes nothing", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const file = yield* engine.within(bootstrapIfEmpty(engine.baseUrl.replace("/enterprise/aispm", "")))
        expect(file).toBe(join(engine.dataDir, "bootstrap.json"))
        expect(statSync(file!).mode & 0o777).toBe(0o600)
        expect(statSync(engine.dataDir).mode & 0o077).toBe(0)
        const boot = JSON.parse(readFileSync(file!, "utf8")) as Record<string, string>
        expect(boot["tenant_ref"]).toBe(DEV_TENANT)
        const sent = yield* request(`${engine.baseUrl}/events`, {
          token: boot["collector_token"]!,
          body: exampleEnvelope(DEV_TENANT)
        })
        expect(sent.status).toBe(201)
        const seen = yield* request(`${engine.baseUrl}/events/evt_01jz_public_contract_sample`, { token: boot["viewer_token"]! })
        expect(seen.status).toBe(200)
        expect(yield* engine.within(bootstrapIfEmpty("http://unused"))).toBeUndefined()
      }))

    it.effect("the admin API creates tenants and scoped credentials; tenant tokens cannot use it", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const admin = yield* engine.within(Effect.flatMap(AdminCredentialStore, (s) => s.issue("test"))).pipe(Effect.orDie)
        const tenantRef = `tenant:admin-${crypto.randomUUID().slice(0, 8)}`
        const created = yield* request(`${engine.baseUrl}/admin/tenants`, { token: admin.token, body: { tenant_ref: tenantRef } })
        expect(created.status).toBe(201)
        expectValid("admin.schema.json#/$defs/CreatedTenant", created.json)
        const again = yield* request(`${engine.baseUrl}/admin/tenants`, { token: admin.token, body: { tenant_ref: tenantRef } })
        expect(again.status).toBe(409)
        const reserved = yield* request(`${engine.baseUrl}/admin/tenants`, { token: admin.token, body: { tenant_ref: "_unauthenticated" } })
        expect(reserved.json).toMatchObject({ error: "invalid_admin_request", field: "tenant_ref" })
        const issued = yield* request(`${engine.baseUrl}/admin/credentials`, {
          token: admin.token,
          body: { tenant_ref: tenantRef, role: "collector", scopes: { repositories: ["example/*"] } }
        })
        expect(issued.status).toBe(201)
        expectValid("admin.schema.json#/$defs/IssuedCredential", issued.json)
        const token = (issued.json as { token: string }).token
        const ok = yield* request(`${engine.baseUrl}/events`, { token, body: exampleEnvelope(tenantRef) })
        expect(ok.status).toBe(201)
        const outOfScope = exampleEnvelope(tenantRef, "evt_other_repo")
        const refused = yield* request(`${engine.baseUrl}/events`, {
          token,
          body: { ...outOfScope, event: { ...outOfScope.event, repository: "other/repo" } }
        })
        expect(refused.status).toBe(403)
        expect(refused.json).toMatchObject({ error: "repository_not_allowed", field: "event.repository" })
        const byTenantToken = yield* request(`${engine.baseUrl}/admin/tenants`, { token, body: { tenant_ref: "tenant:x" } })
        expect(byTenantToken.status).toBe(401)
        const missing = yield* request(`${engine.baseUrl}/admin/credentials`, {
          token: admin.token,
          body: { tenant_ref: "tenant:missing", role: "viewer" }
        })
        expect(missing.status).toBe(404)
        const badRole = yield* request(`${engine.baseUrl}/admin/credentials`, {
          token: admin.token,
          body: { tenant_ref: tenantRef, role: "root" }
        })
        expect(badRole.status).toBe(400)
        expect(badRole.json).toMatchObject({
          error: "invalid_admin_request",
          field: "role",
          message: `role: expected "collector" or "viewer" or "auditor", actual "root"`,
          retryable: false
        })
        const badScope = yield* request(`${engine.baseUrl}/admin/credentials`, {
          token: admin.token,
          body: { tenant_ref: tenantRef, role: "collector", scopes: { repositories: "example/*" } }
        })
        expect(badScope.json).toMatchObject({ error: "invalid_admin_request", field: "scopes.repositories" })
        const refusedIssues: ReadonlyArray<readonly [unknown, string, string]> = [
          [{ role: "collector", scopes: { connectors: ["c1"] } }, "invalid_admin_request", "scopes.connectors"],
          [{ role: "collector", scopes: { event_types: ["nope"] } }, "invalid_admin_request", "scopes.event_types.0"],
          [{ role: "viewer", scopes: { repositories: ["acme/*"] } }, "invalid_admin_request", "scopes"],
          [{ role: "collector", label: "a\u0000b" }, "nul_character", "label"]
        ]
        for (const [extra, error, field] of refusedIssues) {
          const reply = yield* request(`${engine.baseUrl}/admin/credentials`, {
            token: admin.token,
            body: { tenant_ref: tenantRef, ...(extra as object) }
          })
          expect([reply.status, reply.json]).toMatchObject([400, { error, field }])
        }
        const credentialId = (issued.json as { credential_id: string }).credential_id
        const revoked = yield* request(`${engine.baseUrl}/admin/credentials/revoke`, {
          token: admin.token,
          body: { tenant_ref: tenantRef, credential_id: credentialId }
        })
        expect(revoked.status).toBe(200)
        expectValid("admin.schema.json#/$defs/RevokedCredential", revoked.json)
        // Idempotent: a second revoke (a retried script) answers the same, first revocation time included.
        const revokedAgain = yield* request(`${engine.baseUrl}/admin/credentials/revoke`, {
          token: admin.token,
          body: { tenant_ref: tenantRef, credential_id: credentialId }
        })
        expect([revokedAgain.status, revokedAgain.json]).toEqual([200, revoked.json])
        // A genuine admin token on a tenant's route is 403 (known, not allowed); a forged one 401.
        const adminOnReplay = yield* request(`${engine.baseUrl}/replay/sess_any`, { token: admin.token })
        expect([adminOnReplay.status, adminOnReplay.json]).toMatchObject([403, { error: "admin_token_not_accepted" }])
        const forged = admin.token.slice(0, -4) + (admin.token.endsWith("AAAA") ? "BBBB" : "AAAA")
        const forgedOnReplay = yield* request(`${engine.baseUrl}/replay/sess_any`, { token: forged })
        expect([forgedOnReplay.status, forgedOnReplay.json]).toMatchObject([401, { error: "invalid_token" }])
        const revokedMissing = yield* request(`${engine.baseUrl}/admin/credentials/revoke`, {
          token: admin.token,
          body: { tenant_ref: tenantRef, credential_id: "cred_none" }
        })
        expect([revokedMissing.status, revokedMissing.json]).toMatchObject([404, { error: "credential_not_found", field: "credential_id" }])
        const revokedToken = yield* request(`${engine.baseUrl}/events`, { token, body: exampleEnvelope(tenantRef, "evt_after_revoke") })
        expect(revokedToken.status).toBe(401)

        const listed = yield* request(`${engine.baseUrl}/admin/tenants/${encodeURIComponent(tenantRef)}/credentials`, { token: admin.token })
        expect(listed.status).toBe(200)
        expectValid("admin.schema.json#/$defs/CredentialList", listed.json)
        expect(listed.text.includes(token.split("_").at(-1)!)).toBe(false)
        expect((listed.json as { credentials: ReadonlyArray<unknown> }).credentials).toEqual([
          expect.objectContaining({ credential_id: credentialId, role: "collector", scopes: { repositories: ["example/*"] }, revoked_at: expect.any(String) })
        ])
        const tenants = yield* request(`${engine.baseUrl}/admin/tenants`, { token: admin.token })
        expectValid("admin.schema.json#/$defs/TenantList", tenants.json)
        const unknownTenant = yield* request(`${engine.baseUrl}/admin/tenants/tenant:none/credentials`, { token: admin.token })
        expect(unknownTenant.status).toBe(404)
        const listByTenantToken = yield* request(`${engine.baseUrl}/admin/tenants/${encodeURIComponent(tenantRef)}/credentials`, { token })
        expect(listByTenantToken.status).toBe(401)
      }))

    it.effect("the operator CLI prints JSON from the admin API and JSON errors with exit 1", () =>
      Effect.gen(function*() {
        const engine = yield* TestEngine
        const admin = yield* engine.within(Effect.flatMap(AdminCredentialStore, (s) => s.issue("cli"))).pipe(Effect.orDie)
        const env = { ...process.env, AISPM_URL: engine.baseUrl.replace("/enterprise/aispm", ""), AISPM_ADMIN_TOKEN: admin.token }
        const tenantRef = `tenant:cli-${crypto.randomUUID().slice(0, 8)}`
        const cli = (...args: Array<string>) =>
          Effect.promise(() =>
            run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { env }).then(
              (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
              (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr })
            )
          )
        const created = yield* cli("tenant", "create", tenantRef)
        expect(created.code).toBe(0)
        expect(JSON.parse(created.stdout)).toEqual({ tenant_ref: tenantRef })
        const issued = yield* cli("credential", "issue", tenantRef, "viewer", "--label", "dash")
        expect(JSON.parse(issued.stdout)).toMatchObject({ tenant_ref: tenantRef, role: "viewer" })
        const listed = yield* cli("credential", "list", tenantRef)
        expect(JSON.parse(listed.stdout)).toMatchObject({
          tenant_ref: tenantRef,
          credentials: [{ credential_id: JSON.parse(issued.stdout).credential_id, role: "viewer", label: "dash", revoked_at: null }]
        })
        const failed = yield* cli("credential", "issue", "tenant:none", "viewer")
        expect(failed.code).toBe(1)
        expect(JSON.parse(failed.stderr)).toMatchObject({ status: 404, body: { error: "tenant_not_found" } })
      }), 60_000)
  })
}
