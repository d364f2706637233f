import { Effect } from "effect"
import { sha256Hex } from "../integrity/Digest.ts"
import type { Role } from "./Principal.ts"

/** Tenant roles plus the operator's `admin` (admin API only, no tenant). */
export type TokenKind = Role | "admin"

const rolePrefix: Record<TokenKind, string> = { collector: "col", viewer: "vwr", auditor: "aud", admin: "adm" }
const tokenPattern = /^aispm_(col|vwr|aud|adm)_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")

export interface IssuedToken {
  readonly credentialId: string
  readonly token: string
  readonly secretHash: string
}

/**
 * Mints `aispm_<role>_<credential id>_<32 random bytes>`. Only the SHA-256 of
 * the secret part is stored: the secret is 256 random bits, so a fast hash is
 * enough and a stolen table reveals no usable token.
 */
export const mintToken = (role: TokenKind): Effect.Effect<IssuedToken> =>
  Effect.gen(function*() {
    const credentialId = hex(crypto.getRandomValues(new Uint8Array(8)))
    const secret = base64url(crypto.getRandomValues(new Uint8Array(32)))
    const secretHash = yield* sha256Hex(secret)
    return { credentialId, token: `aispm_${rolePrefix[role]}_${credentialId}_${secret}`, secretHash }
  })

export interface ParsedToken {
  readonly admin: boolean
  readonly credentialId: string
  readonly secret: string
}

export const parseToken = (token: string): ParsedToken | undefined => {
  const m = tokenPattern.exec(token)
  return m && m[2] !== undefined && m[3] !== undefined
    ? { admin: m[1] === "adm", credentialId: m[2], secret: m[3] }
    : undefined
}

/** Compares two equal-length hex digests without an early exit. */
export const constantTimeEqual = (a: string, b: string): boolean => {
  let diff = a.length ^ b.length
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return diff === 0
}

/** Whether an Authorization header carries an admin (operator) token. */
export const isAdminToken = (authorization: string | undefined): boolean =>
  parseToken(authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? "")?.admin === true
