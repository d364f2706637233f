import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Layer } from "effect"
import { Redactor } from "../../src/redaction/Redactor.ts"

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Redactor.Default.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(entries)))))

const probe = "to admin@localhost: password=hunter2"

describe("Redactor", () => {
  it.effect("uses the standard profile by default", () =>
    Effect.gen(function* () {
      const redactor = yield* Redactor
      expect(redactor.profile).toBe("standard")
      expect(redactor.redactText(probe)).toEqual({ text: "to admin@localhost: password=[REDACTED:password]", count: 1 })
    }).pipe(Effect.provide(withEnv([])))
  )

  it.effect("reads the strict profile from AISPM_REDACTION_PROFILE", () =>
    Effect.gen(function* () {
      const redactor = yield* Redactor
      expect(redactor.profile).toBe("strict")
      expect(redactor.redactText(probe)).toEqual({ text: "to [REDACTED:email]: password=[REDACTED:password]", count: 2 })
    }).pipe(Effect.provide(withEnv([["AISPM_REDACTION_PROFILE", "strict"]])))
  )

  it.effect("refuses an unknown profile at startup", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(Effect.provide(Redactor, withEnv([["AISPM_REDACTION_PROFILE", "lax"]])))
      expect(Either.isLeft(result)).toBe(true)
    })
  )

  it.effect("redacts envelopes with its profile (fixed-profile layer)", () =>
    Effect.gen(function* () {
      const redactor = yield* Redactor
      expect(redactor.profile).toBe("strict")
      expect(redactor.redactText("git@github.com").text).toBe("[REDACTED:email]")
    }).pipe(Effect.provide(Redactor.layerFor("strict")))
  )
})
