// Drives `aispm-collect` over every folder of test/fixtures/collector: the demo shows each source arriving,
// and the collector end-to-end tests run the same invocations as real processes.
import { readdirSync, readFileSync } from "node:fs"
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { runCliInMemory } from "../../src/collector/cli/MemoryIO.ts"

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/collector")

/** One `aispm-collect` command line over a fixture, with its stdin and runner environment. */
export interface Invocation {
  readonly source: string
  readonly fixture: string
  readonly args: ReadonlyArray<string>
  readonly stdin?: string
  /** The CI runner's variables (CI sources), on top of the collector's own settings. */
  readonly env?: Readonly<Record<string, string>>
  /** A hook (agent) invocation: answers its agent and exits 0 whatever happens. */
  readonly hook: boolean
}

const fixture = (source: string, name: string) => path.join(fixturesDir, source, name)
const text = (source: string, name: string) => readFileSync(fixture(source, name), "utf8")
const files = (source: string) => readdirSync(path.join(fixturesDir, source)).filter((f) => f.endsWith(".json")).sort()
const envFile = (source: string, name: string) => JSON.parse(text(source, name)) as Record<string, string>

const copilotEvent = (name: string): ReadonlyArray<string> => {
  const segment = name.split("-")[1]?.split(".")[0] ?? ""
  return /^[a-z]/.test(segment) && segment !== "inferred" ? ["--event", segment] : []
}

/** What an MCP client says to the wrapped server: initialize, list, calls (one denied by --deny explode). */
export const mcpClientSession = [
  `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"claude-desktop","version":"0.9"}}}`,
  `{"jsonrpc":"2.0","method":"notifications/initialized"}`,
  `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
  `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"/srv/app/.env"}}}`,
  `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"write_file","arguments":{"path":"/tmp/notes"}}}`,
  `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"explode","arguments":{}}}`
].map((l) => `${l}\n`).join("")

// The GitHub fixture's token URL is made up: ask for no OIDC token here (the CLI tests cover it).
const ciEnv = (env: Record<string, string>) => ({ ...env, AISPM_OIDC: "off" })

/**
 * Every fixture folder as `aispm-collect` invocations. `hooksPerSource`
 * limits how many hook inputs of each agent are used (each is a process).
 */
export const fixtureInvocations = (hooksPerSource = Number.POSITIVE_INFINITY): ReadonlyArray<Invocation> => {
  const hooks = (source: string, extra: (name: string) => ReadonlyArray<string> = () => []) =>
    files(source).slice(0, hooksPerSource).map((name): Invocation => ({
      source, fixture: name, args: [source, ...extra(name)], stdin: text(source, name), hook: true
    }))
  const rollout = readdirSync(path.join(fixturesDir, "codex")).find((f) => f.endsWith(".jsonl")) ?? ""
  const github = (kind: string): Invocation => ({
    source: "github-actions",
    fixture: `env.${kind}.json`,
    args: ["github-actions", "--phase", "finish", "--job-status", "success", "--required-checks", "build"],
    env: ciEnv({ ...envFile("github-actions", `env.${kind}.json`), GITHUB_EVENT_PATH: fixture("github-actions", `event.${kind}.json`) }),
    hook: false
  })
  const tool = (source: string, name: string, extra: ReadonlyArray<string> = []): Invocation => ({
    source, fixture: name, args: [source, fixture(source, name), ...extra], hook: false
  })
  return [
    ...hooks("claude-code"),
    ...hooks("cursor"),
    ...hooks("gemini-cli"),
    ...hooks("copilot", copilotEvent),
    { source: "codex", fixture: "notify-agent-turn-complete.json", args: ["codex", text("codex", "notify-agent-turn-complete.json")], hook: true },
    { source: "codex", fixture: rollout, args: ["codex", "--rollout", fixture("codex", rollout)], hook: false },
    {
      source: "mcp",
      fixture: "fake-server.mjs",
      args: ["mcp", "--deny", "explode", "--session-id", "mcp-fixture-session", "--", process.execPath, fixture("mcp", "fake-server.mjs")],
      stdin: mcpClientSession,
      hook: false
    },
    github("pull_request"),
    github("push"),
    { source: "gitlab-ci", fixture: "env.merge_request.json", args: ["gitlab-ci"], env: ciEnv(envFile("gitlab-ci", "env.merge_request.json")), hook: false },
    { source: "gitlab-ci", fixture: "env.push.json", args: ["gitlab-ci"], env: ciEnv(envFile("gitlab-ci", "env.push.json")), hook: false },
    {
      source: "azure-pipelines", fixture: "env.pull_request.json", args: ["azure-pipelines"],
      env: ciEnv(envFile("azure-pipelines", "env.pull_request.json")), hook: false
    },
    tool("terraform", "plan.json"),
    tool("terraform", "plan.opentofu.json", ["--tool", "opentofu"]),
    tool("cloudtrail", "records.json"),
    tool("cloudtrail", "eventbridge.json"),
    tool("jsonl", "envelopes.jsonl"),
    tool("cavra", "records.jsonl")
  ]
}

export interface CollectorRun {
  readonly source: string
  readonly fixture: string
  readonly exitCode: number
  /** The collector's own diagnostics (skipped lines, delivery summary). */
  readonly notes: ReadonlyArray<string>
}

const notesOf = (stderr: string) =>
  stderr.split("\n").filter((l) => l.startsWith("aispm-collect: ")).map((l) => l.slice("aispm-collect: ".length))

/**
 * Runs every fixture through the collector, in this process, one after the
 * other, each delivering to the engine before the next starts (hooks inline,
 * bounded as on a developer's machine). The spool is a fresh folder removed
 * afterwards.
 */
export const runCollectorFixtures = (
  engineUrl: string,
  collectorToken: string,
  tenantRef: string
): Effect.Effect<ReadonlyArray<CollectorRun>> =>
  Effect.scoped(
    Effect.gen(function* () {
      const spoolDir = yield* Effect.acquireRelease(
        Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), "aispm-demo-spool-"))),
        (dir) => Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
      )
      const settings = {
        PATH: process.env["PATH"],
        HOME: os.homedir(),
        AISPM_URL: engineUrl,
        AISPM_TOKEN: collectorToken,
        AISPM_TENANT_REF: tenantRef,
        AISPM_ENVIRONMENT: "dev",
        AISPM_SPOOL_DIR: spoolDir,
        AISPM_HOOK_DELIVERY: "inline",
        AISPM_HOOK_TIMEOUT_MS: "5000"
      }
      return yield* Effect.forEach(fixtureInvocations(), (inv) =>
        Effect.map(
          runCliInMemory(inv.args, { env: { ...inv.env, ...settings }, ...(inv.stdin === undefined ? {} : { stdin: inv.stdin }) }),
          (run): CollectorRun => ({ source: inv.source, fixture: inv.fixture, exitCode: run.exitCode, notes: notesOf(run.stderr) })
        ))
    })
  )
