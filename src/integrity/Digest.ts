import { Effect } from "effect"

const encoder = new TextEncoder()

const toHex = (buf: ArrayBuffer): string => {
  const bytes = new Uint8Array(buf)
  let out = ""
  for (const b of bytes) out += b.toString(16).padStart(2, "0")
  return out
}

/** SHA-256 of a UTF-8 string, lower-case hex (Web Crypto: same on Node and Deno). */
export const sha256Hex = (text: string): Effect.Effect<string> =>
  Effect.promise(() => crypto.subtle.digest("SHA-256", encoder.encode(text))).pipe(Effect.map(toHex))
