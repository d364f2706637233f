import { Context, Effect } from "effect"

const encoder = new TextEncoder()

const toHex = (buf: ArrayBuffer): string => {
  const bytes = new Uint8Array(buf)
  let out = ""
  for (const b of bytes) out += b.toString(16).padStart(2, "0")
  return out
}

/**
 * SHA-256 as lower-case hex. The default is Web Crypto (any runtime); a
 * platform may provide a synchronous one: Web Crypto costs a promise per
 * call, about 20x a native synchronous hash on the group-commit path.
 */
export interface Sha256Api {
  readonly hex: (text: string) => Effect.Effect<string>
}

export class Sha256 extends Context.Reference<Sha256>()("Sha256", {
  defaultValue: (): Sha256Api => ({
    hex: (text) => Effect.map(Effect.promise(() => crypto.subtle.digest("SHA-256", encoder.encode(text))), toHex)
  })
}) {}

/** SHA-256 of a UTF-8 string, lower-case hex. */
export const sha256Hex = (text: string): Effect.Effect<string> => Effect.flatMap(Sha256, (h) => h.hex(text))
