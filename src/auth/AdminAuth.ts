import { Effect } from "effect"
import { Unauthorized } from "../domain/Errors.ts"
import { sha256Hex } from "../integrity/Digest.ts"
import { AdminCredentialStore } from "../store/AdminCredentialStore.ts"
import { constantTimeEqual, parseToken } from "./Tokens.ts"

/** The operator's bearer token for the admin API (tenants and credentials). */
export class AdminAuth extends Effect.Service<AdminAuth>()("AdminAuth", {
  effect: Effect.gen(function*() {
    const store = yield* AdminCredentialStore
    const authenticate = (authorization: string | undefined) =>
      Effect.gen(function*() {
        const refuse = new Unauthorized({ code: "invalid_admin_token", message: "send Authorization: Bearer <admin token>" })
        const parsed = parseToken(authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? "")
        if (!parsed?.admin) return yield* refuse
        const record = yield* store.find(parsed.credentialId).pipe(Effect.orElseSucceed(() => undefined))
        const hash = yield* sha256Hex(parsed.secret)
        if (!record || record.revoked || !constantTimeEqual(hash, record.tokenHash)) return yield* refuse
      })
    return { authenticate } as const
  })
}) {}
