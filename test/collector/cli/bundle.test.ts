import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { tempDir } from "../spool/tempDir.ts"
import { envelopeLines, fixtureFiles, fixtureText, printArgs, root, runCollector } from "./harness.ts"

/** The envelope without what depends on the moment it was built. */
const timeless = (text: string) =>
  envelopeLines(text).map((e) => ({ ...e, event: { ...e.event, occurred_at: "(now)" } }))

describe("the collector bundle (what bin/aispm-collect.mjs runs after npm ci)", () => {
  it.scoped("builds, and answers exactly as the TypeScript source does", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir("collector-bundle")
      const bundle = path.join(dir, "aispm-collect.mjs")
      execFileSync(process.execPath, [path.join(root, "scripts", "build-collector.mjs"), "--outfile", bundle], { stdio: "pipe" })
      const help = yield* runCollector(["--help"], { entry: [bundle] })
      expect([help.code, help.stdout]).toEqual([0, (yield* runCollector(["--help"])).stdout])
      for (const file of fixtureFiles("claude-code").slice(0, 4)) {
        const stdin = fixtureText(file)
        const fromBundle = yield* runCollector(["claude-code", ...printArgs], { stdin, entry: [bundle] })
        const fromSource = yield* runCollector(["claude-code", ...printArgs], { stdin })
        expect(fromBundle.code, file).toBe(fromSource.code)
        expect(timeless(fromBundle.stdout), file).toEqual(timeless(fromSource.stdout))
        expect(fromBundle.stdout.length, file).toBeGreaterThan(0)
      }
      const bad = yield* runCollector(["jenkins"], { entry: [bundle] })
      expect([bad.code, bad.stderr]).toEqual([2, (yield* runCollector(["jenkins"])).stderr])
    }), 120_000)
})
