import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { LineSplitter } from "../../../src/collector/mcp/LineSplitter.ts"
import { makeMcpObserver } from "../../../src/collector/mcp/McpObserver.ts"
import { toolList } from "../../../src/collector/mcp/ToolPolicy.ts"

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b))
const at = "2026-06-11T08:00:00.000Z"

const observer = (deny: ReadonlyArray<string> = []) =>
  makeMcpObserver({ sessionId: "s", agentId: "agent", policyPack: "pack", policy: { deny: toolList(deny) } })

describe("MCP observer", () => {
  it("relays lines that are not JSON untouched and observes nothing in them", () => {
    const o = observer(["x"])
    const line = enc("not json at all\n")
    expect(o.onClientLine(line, at)).toEqual({ forward: line, reply: undefined, drafts: [] })
    expect(o.onServerLine(enc("garbage\n"), at)).toEqual([])
  })

  it("in a batch, forwards the allowed messages and answers the denied call in a batch", () => {
    const o = observer(["rm"])
    const batch = `[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ls","arguments":{"dir":"/"}}},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"rm","arguments":{"path":"/"}}}]\n`
    const v = o.onClientLine(enc(batch), at)
    expect(JSON.parse(dec(v.forward) ?? "")).toEqual([
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "ls", arguments: { dir: "/" } } }
    ])
    expect(JSON.parse(dec(v.reply) ?? "")).toEqual([
      { jsonrpc: "2.0", id: 2, error: { code: -32001, message: "denied by policy", data: { tool: "rm", rule: "deny_list" } } }
    ])
    expect(v.drafts.map((d) => [d.eventType, d.decision, d.naturalKey])).toEqual([["policy_decision", "block", "s:deny:2"]])
    const [done] = o.onServerLine(enc(`[{"jsonrpc":"2.0","id":1,"result":{"content":[]}}]\n`), at)
    expect(done?.targetSummary).toBe("mcp-server/ls: success, 1 argument keys")
  })

  it("does not mistake the client's answer to a server request for a tool result", () => {
    const o = observer()
    o.onClientLine(enc(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"t"}}\n`), at)
    // The server asks the client something with its own id 7; the client's reply travels client → server.
    expect(o.onClientLine(enc(`{"jsonrpc":"2.0","id":7,"result":{}}\n`), at).drafts).toEqual([])
    expect(o.finish(at).map((d) => d.targetSummary)).toEqual(["mcp-server/t: no_response, 0 argument keys"])
  })

  it("string and number ids are distinct requests", () => {
    const o = observer()
    o.onClientLine(enc(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a"}}\n`), at)
    o.onClientLine(enc(`{"jsonrpc":"2.0","id":"1","method":"tools/call","params":{"name":"b"}}\n`), at)
    const drafts = o.onServerLine(enc(`{"jsonrpc":"2.0","id":"1","error":{"code":-1,"message":"m"}}\n`), at)
    expect(drafts.map((d) => d.toolName)).toEqual(["b"])
    expect(o.finish(at).map((d) => d.toolName)).toEqual(["a"])
  })
})

describe("line splitter", () => {
  it.prop("returns the exact bytes, cut at newlines, however the stream is chunked", [
    FastCheck.array(FastCheck.string({ unit: "binary" }), { maxLength: 8 }),
    FastCheck.array(FastCheck.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 })
  ], ([messages, cuts]) => {
    const text = messages.map((m) => `${m.replaceAll("\n", " ")}\n`).join("") + "tail"
    const bytes = enc(text)
    const splitter = new LineSplitter()
    const out: Array<string> = []
    for (let i = 0, k = 0; i < bytes.length; k++) {
      const n = cuts[k % cuts.length]!
      out.push(...splitter.push(bytes.subarray(i, i + n)).map((l) => dec(l) ?? ""))
      i += n
    }
    expect(out).toEqual(messages.map((m) => `${m.replaceAll("\n", " ")}\n`))
    expect(dec(splitter.flush())).toBe("tail")
  }, { fastCheck: { seed: 20260611, numRuns: 200 } })
})
