import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import type { Envelope } from "../../../src/domain/Envelope.ts"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { tempDir } from "../spool/tempDir.ts"
import { fixturesDir, invalidEnvelopes, runCollector, tenant } from "./harness.ts"

const server = path.join(fixturesDir, "mcp", "fake-server.mjs")

const call = (id: number, name: string, args: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } })

const session = [
  `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"claude-desktop","version":"0.9"}}}`,
  `{"jsonrpc":"2.0","method":"notifications/initialized"}`,
  `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
  call(3, "read_file", { path: "/home/dev/.aws/credentials" }),
  call(4, "write_file", { path: "/tmp/x", content: "draft with FAKE-mcp-content-91aa" }),
  call(5, "explode", {}),
  call(6, "toggle", {})
]
const stdin = session.map((l) => `${l}\n`).join("")

const envelopesIn = (stderr: string): ReadonlyArray<Envelope> =>
  stderr.split("\n").filter((l) => l.startsWith(`{"schema_version"`)).map((l) => JSON.parse(l) as Envelope)

describe("aispm-collect mcp (subprocess)", () => {
  it.scoped("relays stdio byte for byte, answers a denied call itself and records the session", () =>
    Effect.gen(function* () {
      const record = yield* tempDir("cli-mcp-record")
      const run = yield* runCollector(
        ["mcp", "--print", "--tenant", tenant, "--deny", "explode", "--session-id", "mcp-cli-test", "--", process.execPath, server],
        { stdin, env: { FAKE_MCP_RECORD_DIR: record } }
      )
      expect(run.code, run.stderr).toBe(0)
      const serverRead = yield* Effect.promise(() => fs.readFile(path.join(record, "in.bin"), "utf8"))
      const serverWrote = yield* Effect.promise(() => fs.readFile(path.join(record, "out.bin"), "utf8"))
      expect(serverRead).toBe(stdin.replace(`${session[5]}\n`, ""))
      const denial = `{"jsonrpc":"2.0","id":5,"error":{"code":-32001,"message":"denied by policy","data":{"tool":"explode","rule":"deny_list"}}}\n`
      expect(run.stdout.replace(denial, "")).toBe(serverWrote)
      expect(run.stdout).toContain(denial)
      const envelopes = envelopesIn(run.stderr)
      expect(invalidEnvelopes(envelopes)).toEqual([])
      expect(envelopes.map((e) => `${e.event.event_type} ${e.event.action_type}`).sort()).toEqual([
        "mcp_activity initialize",
        "mcp_activity notifications/tools/list_changed",
        "mcp_activity tools/call",
        "mcp_activity tools/call",
        "mcp_activity tools/call",
        "mcp_activity tools/list",
        "policy_decision tools/call"
      ])
      expect(envelopes.find((e) => e.event.event_type === "policy_decision")?.event.decision).toBe("block")
      for (const e of envelopes) expect(e.source.connector_id).toMatch(/^mcp:fake-server@/)
      expect(JSON.stringify(envelopes)).not.toContain("FAKE-mcp-content-91aa")
      expect(JSON.stringify(envelopes)).not.toContain("AKIAIOSFODNN7EXAMPLE")
    }))

  it.scoped("spools the activity when it cannot send, and exits with the server's exit code", () =>
    Effect.gen(function* () {
      const spoolDir = yield* tempDir("cli-mcp-spool")
      const env = { AISPM_SPOOL_DIR: spoolDir, AISPM_TENANT_REF: tenant }
      const run = yield* runCollector(["mcp", "--spool-only", "--", process.execPath, server], { stdin, env })
      expect(run.code, run.stderr).toBe(0)
      const pending = yield* Effect.scoped(Effect.flatMap(openSpool(spoolDir), (s) => s.pending))
      expect(pending.length).toBeGreaterThanOrEqual(6)
      const failing = yield* runCollector(["mcp", "--spool-only", "--", process.execPath, "-e", "process.exit(3)"], { env })
      expect(failing.code).toBe(3)
      const noCommand = yield* runCollector(["mcp", "--spool-only"], { env })
      expect(noCommand.code).toBe(2)
    }))
})
