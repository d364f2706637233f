import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { buildEnvelope } from "../../../src/collector/EnvelopeBuilder.ts"
import { runMcpProxy } from "../../../src/collector/mcp/McpProxy.ts"
import { spoolSink } from "../../../src/collector/mcp/spoolSink.ts"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { validateSchema } from "../../../src/validation/SchemaValidator.ts"
import { tempDir } from "../spool/tempDir.ts"
import { testContext } from "../spool/testEnvelopes.ts"
import { runProxy } from "./proxyHarness.ts"

const call = (id: number, name: string, args: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } })

const session = [
  `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"claude-code","version":"2.0.1"}}}`,
  `{"jsonrpc":"2.0","method":"notifications/initialized"}`,
  `{ "jsonrpc": "2.0", "id": "list-1", "method": "tools/list" }`,
  call(2, "read_file", { path: "/home/dev/.ssh/id_rsa" }),
  call(3, "write_file", { path: "/tmp/x", content: "top secret draft" }),
  call(4, "explode", {}),
  call(5, "toggle", {}),
  call(6, "delete_everything", { confirm: true, reason: "cleanup of prod-db" }),
  call(7, "nope", { q: 1 }),
  call(8, "never_answers", { wait: "forever" })
]
const deniedLine = session[7]!

const lines = (b: Buffer) => b.toString("utf8").split("\n").filter((l) => l !== "")

describe("MCP stdio proxy", () => {
  it.scoped("relays both directions byte for byte and records the session as drafts", () =>
    Effect.gen(function* () {
      const run = yield* runProxy(yield* tempDir("mcp"), session, { deny: ["delete_everything"] })
      expect(run.exit).toMatchObject({ exitCode: 0, sinkFailures: 0 })
      // Client → server: exactly what the client wrote, minus the denied call.
      expect(run.serverRead.toString("utf8")).toBe(run.sent.toString("utf8").replace(`${deniedLine}\n`, ""))
      // Server → client: exactly what the server wrote, plus the proxy's answer to the denied call.
      const denial = lines(run.clientGot).filter((l) => l.includes("denied by policy"))
      expect(denial.map((l) => JSON.parse(l))).toEqual([
        { jsonrpc: "2.0", id: 6, error: { code: -32001, message: "denied by policy", data: { tool: "delete_everything", rule: "deny_list" } } }
      ])
      expect(run.clientGot.toString("utf8").replace(`${denial[0]}\n`, "")).toBe(run.serverWrote.toString("utf8"))
      expect(run.serverWrote.toString("utf8")).toContain("Ça marche")
      expect(run.stderr).toContain("fake-files MCP server ready")

      const byKey = new Map(run.drafts.map((d) => [d.naturalKey, d]))
      expect(run.drafts).toHaveLength(10)
      expect(byKey.get("mcp_test_session:initialize:1")).toMatchObject({
        eventType: "mcp_activity",
        connectorType: "mcp_server",
        agentId: "claude-code",
        runtimeVersion: "1.2.3",
        targetSummary: "fake-files 1.2.3 initialized by claude-code 2.0.1, protocol 2025-06-18"
      })
      expect(byKey.get('mcp_test_session:tools/list:"list-1"')?.targetSummary).toBe(
        "fake-files registers 5 tools: read_file, write_file, explode, toggle, never_answers"
      )
      const summary = (id: number) => byKey.get(`mcp_test_session:tools/call:${id}`)?.targetSummary
      expect(summary(2)).toBe("fake-files/read_file: success, 1 argument keys")
      expect(summary(3)).toBe("fake-files/write_file: tool_error, 2 argument keys")
      expect(summary(4)).toBe("fake-files/explode: error (JSON-RPC -32603), 0 argument keys")
      expect(summary(5)).toBe("fake-files/toggle: success, 0 argument keys")
      expect(summary(7)).toBe("fake-files/nope: error (JSON-RPC -32602), 1 argument keys")
      expect(summary(8)).toBe("fake-files/never_answers: no_response, 1 argument keys")
      expect(byKey.get("mcp_test_session:tools/list_changed:1")?.actionType).toBe("notifications/tools/list_changed")
      expect(byKey.get("mcp_test_session:deny:6")).toMatchObject({
        eventType: "policy_decision",
        decision: "block",
        severity: "high",
        toolName: "delete_everything",
        // This client pipelines everything, so the call was denied before the server named itself.
        targetSummary: "mcp-server/delete_everything denied by policy (deny_list)"
      })
    })
  )

  it.scoped("never lets argument values or tool output into drafts, and every draft makes a valid envelope", () =>
    Effect.gen(function* () {
      const run = yield* runProxy(yield* tempDir("mcp"), session, { deny: ["delete_everything"] })
      const envelopes = yield* Effect.forEach(run.drafts, (d) => buildEnvelope(testContext, d))
      const text = JSON.stringify([run.drafts, envelopes])
      for (const secret of ["AKIAIOSFODNN7EXAMPLE", "secret file contents", ".ssh/id_rsa", "top secret draft", "disk full", "prod-db", "forever", "boom", "Reads a file"]) {
        expect(text).not.toContain(secret)
      }
      for (const env of envelopes) expect(Either.isRight(validateSchema(env))).toBe(true)
      expect(new Set(envelopes.map((e) => e.event.event_id)).size).toBe(envelopes.length)
    })
  )

  it.scoped("an allow list answers every other tool with the policy error and forwards nothing of it", () =>
    Effect.gen(function* () {
      const run = yield* runProxy(yield* tempDir("mcp"), session.slice(0, 5), { allow: ["read_file"] })
      expect(run.serverRead.toString("utf8")).not.toContain("write_file")
      const denied = lines(run.clientGot).map((l) => JSON.parse(l)).filter((m) => m.error?.code === -32001)
      expect(denied).toEqual([
        { jsonrpc: "2.0", id: 3, error: { code: -32001, message: "denied by policy", data: { tool: "write_file", rule: "not_in_allow_list" } } }
      ])
      const decisions = run.drafts.filter((d) => d.eventType === "policy_decision")
      expect(decisions.map((d) => [d.toolName, d.decision, d.severity])).toEqual([["write_file", "block", "high"]])
    })
  )

  it.effect("fails with McpProxyError when the server cannot be started", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(runMcpProxy("/nonexistent/mcp-server", [], {}, () => Effect.void))
      expect(error._tag).toBe("McpProxyError")
      expect(error.message).toContain("ENOENT")
    })
  )
})

describe("MCP proxy into the spool", () => {
  it.scoped("spools one envelope per observed draft, stable across a re-run of the same session id", () =>
    Effect.gen(function* () {
      const spool = yield* openSpool(yield* tempDir("mcp-spool"))
      const first = yield* runProxy(yield* tempDir("mcp"), session.slice(0, 4), { sink: spoolSink(spool, testContext) })
      expect(first.exit.drafts).toBe(3)
      const pending = yield* spool.pending
      expect(pending.map((p) => p.envelope.event.event_type)).toEqual(["mcp_activity", "mcp_activity", "mcp_activity"])
      expect(pending.every((p) => p.envelope.source.connector_type === "mcp_server")).toBe(true)
      yield* runProxy(yield* tempDir("mcp"), session.slice(0, 4), { sink: spoolSink(spool, testContext) })
      expect((yield* spool.pending).map((p) => p.eventId)).toEqual(pending.map((p) => p.eventId))
    })
  )
})
