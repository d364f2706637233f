import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, ParseResult, Schema } from "effect"
import { AdminAuth } from "../auth/AdminAuth.ts"
import { Role, Scopes } from "../auth/Principal.ts"
import { RevocationFeed } from "../auth/RevocationFeed.ts"
import { Conflict, InvalidRequest, NotFound } from "../domain/Errors.ts"
import { CredentialStore } from "../store/CredentialStore.ts"
import { nulCharacterAt } from "../validation/StorableRules.ts"
import { defaultBodyLimits } from "./body/RequestBody.ts"
import { readJsonBody } from "./ReadBody.ts"

// Starts with a letter or digit: names beginning `_` are the engine's own (e.g. the unauthenticated bucket).
const TenantRef = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$/))
const CreateTenant = Schema.Struct({ tenant_ref: TenantRef, display_name: Schema.optional(Schema.String) })
const IssueCredential = Schema.Struct({
  tenant_ref: TenantRef,
  role: Role,
  scopes: Schema.optional(Scopes),
  label: Schema.optional(Schema.String)
})
const Revoke = Schema.Struct({ tenant_ref: TenantRef, credential_id: Schema.String })

const authorized = Effect.gen(function*() {
  const auth = yield* AdminAuth
  const request = yield* HttpServerRequest.HttpServerRequest
  yield* auth.authenticate(request.headers["authorization"])
})

/** The first thing wrong with an admin request body, with the field at fault. */
const invalidBody = (error: ParseResult.ParseError) => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const field = issues[0]?.path.map(String).join(".")
  // A union (a role, an environment) reports one issue per member: say them as one.
  const atField = issues.filter((i) => i.path.map(String).join(".") === field).map((i) => i.message)
  const expected = atField.map((m) => /^Expected (.+), actual (.+)$/.exec(m))
  const said = atField.length > 1 && expected.every((m) => m !== null)
    ? `expected ${expected.map((m) => m![1]).join(" or ")}, actual ${expected[0]![2]}`
    : atField[0]
  return new InvalidRequest({
    code: "invalid_admin_request",
    message: said === undefined ? error.message : `${field === "" ? "body" : field}: ${said}`,
    ...(field === undefined || field === "" ? {} : { field })
  })
}

// Unknown keys are refused, not dropped: a misspelt scope (`connectors`) must not issue an unrestricted credential.
const body = <A, I>(schema: Schema.Schema<A, I>) =>
  Effect.gen(function*() {
    yield* authorized
    const json = yield* readJsonBody(defaultBodyLimits)
    const nul = nulCharacterAt(json)
    if (nul !== undefined) {
      return yield* new InvalidRequest({ code: "nul_character", message: `${nul} contains U+0000`, field: nul })
    }
    return yield* Schema.decodeUnknown(schema)(json, { errors: "first", onExcessProperty: "error" }).pipe(Effect.mapError(invalidBody))
  })

const requireTenant = (store: CredentialStore, tenantRef: string) =>
  Effect.flatMap(store.tenantExists(tenantRef), (exists) =>
    exists
      ? Effect.void
      : Effect.fail(new NotFound({ code: "tenant_not_found", message: `no tenant ${tenantRef}`, field: "tenant_ref" })))

/** The operator's API behind `npm run aispm`: tenants and credentials, as JSON. */
export const adminRoutes = HttpRouter.empty.pipe(
  HttpRouter.post("/admin/tenants", Effect.gen(function*() {
    const input = yield* body(CreateTenant)
    const store = yield* CredentialStore
    if (yield* store.tenantExists(input.tenant_ref)) {
      return yield* new Conflict({ code: "tenant_exists", message: `tenant ${input.tenant_ref} exists`, field: "tenant_ref" })
    }
    yield* store.createTenant(input.tenant_ref, input.display_name ?? input.tenant_ref)
    return HttpServerResponse.unsafeJson({ tenant_ref: input.tenant_ref }, { status: 201 })
  })),
  HttpRouter.get("/admin/tenants", Effect.gen(function*() {
    yield* authorized
    const store = yield* CredentialStore
    const tenants = yield* store.listTenants
    return HttpServerResponse.unsafeJson({
      tenants: tenants.map((t) => ({ tenant_ref: t.tenantId, display_name: t.displayName, created_at: t.createdAt }))
    })
  })),
  HttpRouter.post("/admin/credentials", Effect.gen(function*() {
    const input = yield* body(IssueCredential)
    if (input.role !== "collector" && input.scopes !== undefined && Object.keys(input.scopes).length > 0) {
      return yield* new InvalidRequest({
        code: "invalid_admin_request",
        message: "scopes restrict what a collector may send; viewer and auditor credentials see their whole tenant",
        field: "scopes"
      })
    }
    const store = yield* CredentialStore
    yield* requireTenant(store, input.tenant_ref)
    const issued = yield* store.issue(input.tenant_ref, input.role, input.scopes ?? {}, input.label ?? "")
    return HttpServerResponse.unsafeJson({
      tenant_ref: issued.tenantId,
      credential_id: issued.credentialId,
      role: issued.role,
      token: issued.token,
      scopes: issued.scopes
    }, { status: 201 })
  })),
  HttpRouter.get("/admin/tenants/:tenant_ref/credentials", Effect.gen(function*() {
    yield* authorized
    const tenantRef = (yield* HttpRouter.params)["tenant_ref"] ?? ""
    if (!Schema.is(TenantRef)(tenantRef)) {
      return yield* new NotFound({ code: "tenant_not_found", message: `no tenant ${JSON.stringify(tenantRef)}`, field: "tenant_ref" })
    }
    const store = yield* CredentialStore
    yield* requireTenant(store, tenantRef)
    const credentials = yield* store.list(tenantRef)
    return HttpServerResponse.unsafeJson({
      tenant_ref: tenantRef,
      credentials: credentials.map((c) => ({
        credential_id: c.credentialId,
        role: c.role,
        label: c.label,
        scopes: c.scopes,
        created_at: c.createdAt,
        revoked_at: c.revokedAt
      }))
    })
  })),
  HttpRouter.post("/admin/credentials/revoke", Effect.gen(function*() {
    const input = yield* body(Revoke)
    const store = yield* CredentialStore
    const revokedAt = yield* store.revoke(input.tenant_ref, input.credential_id)
    if (revokedAt === undefined) {
      return yield* new NotFound({ code: "credential_not_found", message: "this tenant has no such credential", field: "credential_id" })
    }
    yield* Effect.flatMap(RevocationFeed, (feed) => feed.revoked(input.credential_id))
    return HttpServerResponse.unsafeJson({
      tenant_ref: input.tenant_ref,
      credential_id: input.credential_id,
      revoked: true,
      revoked_at: revokedAt
    })
  }))
)
