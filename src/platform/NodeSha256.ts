// Node platform code: the native synchronous SHA-256 (Deno serves node:crypto too).
import { Effect, Layer } from "effect"
import { createHash } from "node:crypto"
import { Sha256 } from "../integrity/Digest.ts"

export const NodeSha256Live = Layer.succeed(Sha256, {
  hex: (text: string) => Effect.sync(() => createHash("sha256").update(text).digest("hex"))
})
