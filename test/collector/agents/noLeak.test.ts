import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { EventDraft } from "../../../src/collector/EnvelopeBuilder.ts"
import {
  parseClaudeCodeHook, parseCodexNotify, parseCodexRollout, parseCopilotHook, parseCursorHook, parseGeminiCliHook
} from "../../../src/collector/adapters/agents/index.ts"
import type { Fixture } from "./harness.ts"
import { fixtures, now, toEnvelopes } from "./harness.ts"
import { contentValues, distinctive, plantedSecrets } from "./secrets.ts"

const copilotEvent = (f: Fixture): { readonly event: string } | object => {
  const segment = f.name.split("-")[1]?.split(".")[0] ?? ""
  return /^[a-z]/.test(segment) && segment !== "inferred" ? { event: segment } : {}
}

const parsers: Record<string, (f: Fixture) => Effect.Effect<ReadonlyArray<EventDraft>, unknown>> = {
  "claude-code": (f) => parseClaudeCodeHook(f.text, { now }),
  cursor: (f) => parseCursorHook(f.text, { now }),
  "gemini-cli": (f) => parseGeminiCliHook(f.text, { now }),
  copilot: (f) => parseCopilotHook(f.text, { now, ...copilotEvent(f) }),
  codex: (f) =>
    f.name.endsWith(".jsonl")
      ? Effect.map(parseCodexRollout(f.text, { now }), (p) => p.drafts)
      : parseCodexNotify(f.text, { now })
}

const records = (f: Fixture): ReadonlyArray<unknown> =>
  (f.name.endsWith(".jsonl") ? f.text.split("\n") : [f.text]).flatMap((line) => {
    try {
      return [JSON.parse(line) as unknown]
    } catch {
      return []
    }
  })

interface Emitted {
  readonly tool: string
  readonly fixtures: ReadonlyArray<Fixture>
  readonly draftsJson: string
  readonly envelopesJson: string
}

const emitted = Effect.forEach(Object.entries(parsers), ([tool, parse]) =>
  Effect.gen(function* () {
    const all = fixtures(tool)
    const drafts = (yield* Effect.forEach(all, parse)).flat()
    const envelopes = yield* toEnvelopes(drafts)
    return { tool, fixtures: all, draftsJson: JSON.stringify(drafts), envelopesJson: JSON.stringify(envelopes) } satisfies Emitted
  })
)

describe("no raw content leaves the collector", () => {
  it.effect("every planted secret is really in the fixtures", () =>
    Effect.gen(function* () {
      const corpus = (yield* emitted).flatMap((e) => e.fixtures.map((f) => f.text)).join("\n")
      for (const secret of plantedSecrets) expect(corpus.includes(secret), secret).toBe(true)
    })
  )

  it.effect("no planted secret appears in any envelope, nor in any draft before the shared redaction", () =>
    Effect.gen(function* () {
      for (const { tool, draftsJson, envelopesJson } of yield* emitted) {
        for (const secret of plantedSecrets) {
          expect(envelopesJson.includes(secret), `${tool}: ${secret}`).toBe(false)
          expect(draftsJson.includes(secret), `${tool} draft: ${secret}`).toBe(false)
        }
      }
    })
  )

  it.effect("no prompt, file content, edit, tool output or model answer appears in any envelope or draft", () =>
    Effect.gen(function* () {
      let checked = 0
      for (const { tool, fixtures: all, draftsJson, envelopesJson } of yield* emitted) {
        const values = all.flatMap(records).flatMap(contentValues).filter(distinctive)
        for (const value of values) {
          // JSON.stringify escapes quotes and newlines: compare in the same encoding.
          const encoded = JSON.stringify(value).slice(1, -1)
          expect(envelopesJson.includes(encoded), `${tool}: ${value.slice(0, 60)}`).toBe(false)
          expect(draftsJson.includes(encoded), `${tool} draft: ${value.slice(0, 60)}`).toBe(false)
          checked++
        }
      }
      expect(checked).toBeGreaterThan(60)
    })
  )

  it.effect("envelopes declare that nothing raw is included", () =>
    Effect.gen(function* () {
      for (const { envelopesJson } of yield* emitted) {
        expect(envelopesJson).not.toMatch(/"(?:raw_prompt|reasoning|tool_output)_included":true/)
      }
    })
  )
})
