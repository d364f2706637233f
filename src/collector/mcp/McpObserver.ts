import type { EventDraft } from "../EnvelopeBuilder.ts"
import { type RpcId, classify, idKey, isRecord, parseLine, str } from "./JsonRpc.ts"
import {
  type McpSessionFacts,
  deniedDraft,
  initializeDraft,
  listChangedDraft,
  toolCallDraft,
  toolsListDraft
} from "./McpDrafts.ts"
import { type ToolPolicy, decideTool } from "./ToolPolicy.ts"

export interface ObserverOptions {
  readonly sessionId: string
  readonly agentId: string
  readonly policy: ToolPolicy
  readonly policyPack: string
}

/** What to do with one line from the client. */
export interface ClientVerdict {
  /** Bytes for the server: the line itself, untouched, unless a call in it was denied. */
  readonly forward: Uint8Array | undefined
  /** Bytes for the client: JSON-RPC errors answering denied calls. */
  readonly reply: Uint8Array | undefined
  readonly drafts: ReadonlyArray<EventDraft>
}

type Pending =
  | { readonly method: "initialize"; readonly client: string }
  | { readonly method: "tools/list" }
  | { readonly method: "tools/call"; readonly tool: string; readonly argumentKeys: number }

/** JSON-RPC's implementation-defined server error range; the proxy answers for the server. */
export const deniedCode = -32001

const encoder = new TextEncoder()

/**
 * Watches one proxied MCP session. Pure: lines in, drafts and bytes out, so
 * it is tested without processes. Requests are matched to their responses by
 * id (ids are unique per session in MCP).
 */
export const makeMcpObserver = (opts: ObserverOptions) => {
  const pending = new Map<string, Pending>()
  const facts = { sessionId: opts.sessionId, agentId: opts.agentId, serverName: undefined, serverVersion: undefined }
  let current: McpSessionFacts = facts
  let listChanges = 0
  let deniedNotifications = 0

  const onClientLine = (line: Uint8Array, at: string): ClientVerdict => {
    const parsed = parseLine(line)
    if (parsed === undefined) return { forward: line, reply: undefined, drafts: [] }
    const drafts: Array<EventDraft> = []
    const kept: Array<unknown> = []
    const errors: Array<unknown> = []
    for (const item of parsed.items) {
      const msg = classify(item)
      if (msg.kind !== "request" && msg.kind !== "notification") {
        kept.push(item)
        continue
      }
      const id: RpcId | undefined = msg.kind === "request" ? msg.id : undefined
      if (msg.method === "tools/call") {
        const tool = str(msg.params, "name") ?? "unknown"
        const args = isRecord(msg.params) ? msg.params["arguments"] : undefined
        const verdict = decideTool(opts.policy, tool)
        if (!verdict.allowed) {
          const key = id === undefined ? `notification:${++deniedNotifications}` : idKey(id)
          drafts.push(deniedDraft(current, key, at, { tool, rule: verdict.rule, policyPack: opts.policyPack }))
          if (id !== undefined) {
            errors.push({ jsonrpc: "2.0", id, error: { code: deniedCode, message: "denied by policy", data: { tool, rule: verdict.rule } } })
          }
          continue
        }
        if (id !== undefined) pending.set(idKey(id), { method: "tools/call", tool, argumentKeys: isRecord(args) ? Object.keys(args).length : 0 })
      } else if (msg.method === "initialize" && id !== undefined) {
        const info = isRecord(msg.params) ? msg.params["clientInfo"] : undefined
        const client = [str(info, "name"), str(info, "version")].filter((s) => s !== undefined).join(" ")
        const name = str(info, "name")
        if (name !== undefined) current = { ...current, agentId: name }
        pending.set(idKey(id), { method: "initialize", client: client === "" ? "unknown client" : client })
      } else if (msg.method === "tools/list" && id !== undefined) {
        pending.set(idKey(id), { method: "tools/list" })
      }
      kept.push(item)
    }
    const untouched = kept.length === parsed.items.length
    const forward = untouched
      ? line
      : kept.length === 0
        ? undefined
        : encoder.encode(`${JSON.stringify(parsed.batch ? kept : kept[0])}\n`)
    const reply =
      errors.length === 0 ? undefined : encoder.encode(`${JSON.stringify(parsed.batch ? errors : errors[0])}\n`)
    return { forward, reply, drafts }
  }

  const onServerLine = (line: Uint8Array, at: string): ReadonlyArray<EventDraft> => {
    const drafts: Array<EventDraft> = []
    for (const item of parseLine(line)?.items ?? []) {
      const msg = classify(item)
      if (msg.kind === "notification" && msg.method === "notifications/tools/list_changed") {
        drafts.push(listChangedDraft(current, ++listChanges, at))
        continue
      }
      if ((msg.kind !== "result" && msg.kind !== "error") || msg.id === null) continue
      const key = idKey(msg.id)
      const req = pending.get(key)
      if (req === undefined) continue
      pending.delete(key)
      if (req.method === "initialize") {
        const result = msg.kind === "result" ? msg.result : undefined
        const info = isRecord(result) ? result["serverInfo"] : undefined
        current = { ...current, serverName: str(info, "name") ?? current.serverName, serverVersion: str(info, "version") ?? current.serverVersion }
        drafts.push(initializeDraft(current, key, at, { client: req.client, protocol: str(result, "protocolVersion"), ok: msg.kind === "result" }))
      } else if (req.method === "tools/list") {
        const tools = msg.kind === "result" && isRecord(msg.result) && Array.isArray(msg.result["tools"]) ? msg.result["tools"] : []
        drafts.push(toolsListDraft(current, key, at, tools.map((t) => str(t, "name") ?? "?")))
      } else {
        const isError = msg.kind === "result" && isRecord(msg.result) && msg.result["isError"] === true
        const outcome = msg.kind === "error" ? "error" : isError ? "tool_error" : "success"
        drafts.push(
          toolCallDraft(current, key, at, {
            tool: req.tool,
            argumentKeys: req.argumentKeys,
            outcome,
            ...(msg.kind === "error" && msg.code !== undefined ? { errorCode: msg.code } : {})
          })
        )
      }
    }
    return drafts
  }

  /** Calls still unanswered when the session ends. */
  const finish = (at: string): ReadonlyArray<EventDraft> => {
    const drafts = [...pending].flatMap(([key, req]) =>
      req.method === "tools/call" ? [toolCallDraft(current, key, at, { tool: req.tool, argumentKeys: req.argumentKeys, outcome: "no_response" })] : []
    )
    pending.clear()
    return drafts
  }

  return { onClientLine, onServerLine, finish }
}
