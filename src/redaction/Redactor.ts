import { Config, Effect, Layer } from "effect"
import type { Envelope } from "../domain/Envelope.ts"
import { type RedactedEnvelope, redactEnvelope } from "./RedactEnvelope.ts"
import { type Redacted, type RedactionProfile, redactTextWith } from "./redactText.ts"

/**
 * "standard": the secret and PII rules. "strict": also every e-mail-like
 * address and every long random-looking token.
 */
export const RedactionProfileConfig: Config.Config<RedactionProfile> = Config.literal("standard", "strict")(
  "AISPM_REDACTION_PROFILE"
).pipe(Config.withDefault<RedactionProfile>("standard"))

const makeWith = (profile: RedactionProfile) => ({
  profile,
  /** Redacts and normalizes an envelope before it reaches the tenant actor. */
  redactEnvelope: (e: Envelope): Effect.Effect<RedactedEnvelope> => Effect.sync(() => redactEnvelope(e, profile)),
  redactText: (text: string): Redacted => redactTextWith(text, profile)
})

/** The redaction stage of the flow, with its profile read from AISPM_REDACTION_PROFILE. */
export class Redactor extends Effect.Service<Redactor>()("aispm/Redactor", {
  effect: Effect.map(RedactionProfileConfig, makeWith)
}) {
  /** A Redactor with a fixed profile, for tests and embedders that do not read the environment. */
  static readonly layerFor = (profile: RedactionProfile): Layer.Layer<Redactor> =>
    Layer.succeed(Redactor, Redactor.make(makeWith(profile)))
}
