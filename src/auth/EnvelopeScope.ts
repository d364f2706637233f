import type { Envelope } from "../domain/Envelope.ts"
import { Forbidden } from "../domain/Errors.ts"
import type { Principal } from "./Principal.ts"

// A prefix pattern (`acme/*`) must not be escaped by path tricks: `acme/../evil` or `acme//x` match nothing.
const pathTrick = /(^|\/)\.{1,2}(\/|$)|\/\/|\\/

const allowed = (list: ReadonlyArray<string> | undefined, value: string | undefined): boolean => {
  if (list === undefined) return true
  if (value === undefined) return false
  return list.some((p) => (p.endsWith("*") ? value.startsWith(p.slice(0, -1)) && !pathTrick.test(value) : p === value))
}

/**
 * Whether this collector credential may send this envelope. The tenant comes
 * from the credential alone: an envelope naming another tenant is refused,
 * never written anywhere.
 */
export const authorizeEnvelope = (p: Principal, e: Envelope): Forbidden | undefined => {
  if (e.tenant.tenant_ref !== p.tenantId) {
    return new Forbidden({
      code: "tenant_mismatch",
      message: "tenant.tenant_ref is not the tenant of this credential",
      field: "tenant.tenant_ref"
    })
  }
  const checks: ReadonlyArray<readonly [ReadonlyArray<string> | undefined, string | undefined, string, string]> = [
    [p.scopes.connector_ids, e.source.connector_id, "connector_not_allowed", "source.connector_id"],
    [p.scopes.repositories, e.event.repository, "repository_not_allowed", "event.repository"],
    [p.scopes.environments, e.tenant.environment, "environment_not_allowed", "tenant.environment"],
    [p.scopes.event_types, e.event.event_type, "event_type_not_allowed", "event.event_type"]
  ]
  for (const [list, value, code, field] of checks) {
    if (!allowed(list, value)) {
      return new Forbidden({ code, message: `${field} is outside this credential's scope`, field })
    }
  }
  return undefined
}
