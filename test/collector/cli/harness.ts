import { spawn } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import type { Envelope } from "../../../src/domain/Envelope.ts"
import { isValid } from "../../support/Schemas.ts"

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")
export const mainScript = path.join(root, "src/collector/cli/main.ts")
export const fixturesDir = path.join(root, "test/fixtures/collector")

export interface CliRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly stdin?: string | Buffer
  readonly env?: Readonly<Record<string, string>>
  /** What node runs: by default the TypeScript source through tsx; a built bundle's path instead. */
  readonly entry?: ReadonlyArray<string>
}

/** The environment of every run: nothing of the test machine's AISPM_* settings, a home of its own. */
export const baseEnv = (home: string): Record<string, string> => ({ PATH: process.env["PATH"] ?? "", HOME: home })

/** `node --import tsx src/collector/cli/main.ts …` (or `options.entry`) as a real process; resolves when it exits. */
export const runCollector = (args: ReadonlyArray<string>, options: RunOptions = {}): Effect.Effect<CliRun> =>
  Effect.async<CliRun>((resume) => {
    const child = spawn(process.execPath, [...(options.entry ?? ["--import", "tsx", mainScript]), ...args], {
      cwd: root,
      env: { ...baseEnv(path.join(tmpdir(), "aispm-cli-test-home")), ...options.env },
      stdio: ["pipe", "pipe", "pipe"]
    })
    const out: Array<Buffer> = []
    const err: Array<Buffer> = []
    child.stdout.on("data", (c: Buffer) => out.push(c))
    child.stderr.on("data", (c: Buffer) => err.push(c))
    child.stdin.on("error", () => undefined)
    child.stdin.end(options.stdin ?? "")
    child.once("close", (code, signal) =>
      resume(Effect.succeed({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") })))
    return Effect.sync(() => void child.kill("SIGKILL"))
  })

export const fixtureFiles = (source: string, ext = ".json"): ReadonlyArray<string> =>
  readdirSync(path.join(fixturesDir, source)).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(fixturesDir, source, f))

export const fixtureText = (file: string): string => readFileSync(file, "utf8")

/** stdout of a `--print` run: one envelope per line. */
export const envelopeLines = (text: string): ReadonlyArray<Envelope> =>
  text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Envelope)

/** Which printed values break the public contract (empty: all valid). */
export const invalidEnvelopes = (envelopes: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
  envelopes.filter((e) => !isValid("envelope.schema.json", e))

/** `FAKE-…` markers and the agent fixtures' planted secrets: none may reach an envelope. */
export const fakeMarkers = (text: string): ReadonlyArray<string> => [...new Set(text.match(/FAKE-[A-Za-z0-9-]+/g) ?? [])]

export const tenant = "tenant:cli-test"
export const printArgs = ["--print", "--tenant", tenant, "--environment", "test"] as const
