import { Context, Schema } from "effect"
import { Environment, EventType } from "../domain/Envelope.ts"

export const Role = Schema.Literal("collector", "viewer", "auditor")
export type Role = typeof Role.Type

/**
 * What a credential may send. Absent lists mean "any". Repository entries may
 * end in `*` to allow a prefix (e.g. `acme/*`).
 */
export const Scopes = Schema.Struct({
  connector_ids: Schema.optional(Schema.Array(Schema.String)),
  repositories: Schema.optional(Schema.Array(Schema.String)),
  environments: Schema.optional(Schema.Array(Environment)),
  event_types: Schema.optional(Schema.Array(EventType))
})
export type Scopes = typeof Scopes.Type

export interface Principal {
  readonly tenantId: string
  readonly credentialId: string
  readonly role: Role
  readonly scopes: Scopes
}

/** The authenticated caller of the current request or connection. */
export class CurrentPrincipal extends Context.Tag("CurrentPrincipal")<CurrentPrincipal, Principal>() {}

export type Permission = "ingest" | "read" | "replay"

const grants: Record<Role, ReadonlyArray<Permission>> = {
  collector: ["ingest"],
  viewer: ["read"],
  auditor: ["read", "replay"]
}

export const may = (role: Role, permission: Permission): boolean => grants[role].includes(permission)
