import { Clock, Config, Effect, Either } from "effect"
import type { Envelope } from "../domain/Envelope.ts"
import type { EnvelopeInvalid } from "../domain/Errors.ts"
import { validateSchema } from "./SchemaValidator.ts"
import { checkSemantics, type SemanticSettings, type SemanticVerdict } from "./SemanticRules.ts"

const nonNegativeSeconds = (name: string, fallback: number): Config.Config<number> =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `${name} must be a non-negative whole number of seconds`, validation: (n) => n >= 0 })
  )

/** AISPM_CLOCK_SKEW_SECONDS (default 300) and AISPM_LATE_AFTER_SECONDS (default 3600). */
export const semanticSettingsConfig: Config.Config<SemanticSettings> = Config.all({
  clockSkewSeconds: nonNegativeSeconds("AISPM_CLOCK_SKEW_SECONDS", 300),
  lateAfterSeconds: nonNegativeSeconds("AISPM_LATE_AFTER_SECONDS", 3600)
})

/** The whole gate as a pure function: the public contract first, then the semantic rules. */
export const validateEnvelopeAt = (
  input: unknown,
  nowMillis: number,
  settings: SemanticSettings
): Either.Either<SemanticVerdict, EnvelopeInvalid> =>
  Either.flatMap(validateSchema(input), (envelope) => checkSemantics(envelope, nowMillis, settings))

/**
 * The envelope gate. Reads "now" from effect's Clock so tests drive it with
 * TestClock; a late event comes back with `late: true`, never as an error.
 */
export class EnvelopeValidator extends Effect.Service<EnvelopeValidator>()("EnvelopeValidator", {
  effect: Effect.gen(function* () {
    const settings = yield* semanticSettingsConfig
    const validate = (input: unknown): Effect.Effect<{ envelope: Envelope; late: boolean }, EnvelopeInvalid> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => validateEnvelopeAt(input, now, settings))
    return { settings, validate } as const
  })
}) {}
