import { Config } from "effect"

/** Byte and nesting bounds applied to every request body and WebSocket frame. */
export interface BodyLimits {
  /** Largest body (or frame) accepted as received on the wire. */
  readonly maxBodyBytes: number
  /** Largest body after gzip inflation: the gzip-bomb bound. */
  readonly maxInflatedBytes: number
  /** Deepest nesting of arrays and objects. */
  readonly maxJsonDepth: number
}

export const defaultBodyLimits: BodyLimits = {
  maxBodyBytes: 1024 * 1024,
  maxInflatedBytes: 8 * 1024 * 1024,
  maxJsonDepth: 32
}

const positive = (name: string, fallback: number): Config.Config<number> =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `${name} must be a positive whole number`, validation: (n) => n > 0 })
  )

/** AISPM_MAX_BODY_BYTES (1 MiB), AISPM_MAX_INFLATED_BYTES (8 MiB), AISPM_MAX_JSON_DEPTH (32). */
export const bodyLimitsConfig: Config.Config<BodyLimits> = Config.all({
  maxBodyBytes: positive("AISPM_MAX_BODY_BYTES", defaultBodyLimits.maxBodyBytes),
  maxInflatedBytes: positive("AISPM_MAX_INFLATED_BYTES", defaultBodyLimits.maxInflatedBytes),
  maxJsonDepth: positive("AISPM_MAX_JSON_DEPTH", defaultBodyLimits.maxJsonDepth)
})
