import type { EventDraft } from "../EnvelopeBuilder.ts"

/**
 * The EventDrafts the MCP proxy emits. They carry names, counts and outcomes
 * only: never argument values, result content or tool descriptions.
 */
export interface McpSessionFacts {
  readonly sessionId: string
  /** The MCP client's name from `initialize`, else the configured agent id. */
  readonly agentId: string
  readonly serverName: string | undefined
  readonly serverVersion: string | undefined
}

export type CallOutcome = "success" | "tool_error" | "error" | "no_response"

const base = (facts: McpSessionFacts, naturalKey: string, occurredAt: string) => ({
  connectorType: "mcp_server" as const,
  naturalKey: `${facts.sessionId}:${naturalKey}`,
  occurredAt,
  sessionId: facts.sessionId,
  agentId: facts.agentId,
  ...(facts.serverVersion === undefined ? {} : { runtimeVersion: facts.serverVersion })
})

const server = (facts: McpSessionFacts): string => facts.serverName ?? "mcp-server"

export const initializeDraft = (
  facts: McpSessionFacts,
  key: string,
  at: string,
  info: { readonly client: string; readonly protocol: string | undefined; readonly ok: boolean }
): EventDraft => ({
  ...base(facts, `initialize:${key}`, at),
  eventType: "mcp_activity",
  actionType: "initialize",
  targetSummary: info.ok
    ? `${server(facts)} ${facts.serverVersion ?? ""} initialized by ${info.client}, protocol ${info.protocol ?? "unknown"}`
    : `${server(facts)} refused initialize from ${info.client}`
})

export const toolsListDraft = (facts: McpSessionFacts, key: string, at: string, tools: ReadonlyArray<string>): EventDraft => ({
  ...base(facts, `tools/list:${key}`, at),
  eventType: "mcp_activity",
  actionType: "tools/list",
  targetSummary: `${server(facts)} registers ${tools.length} tools: ${tools.join(", ")}`
})

export const listChangedDraft = (facts: McpSessionFacts, n: number, at: string): EventDraft => ({
  ...base(facts, `tools/list_changed:${n}`, at),
  eventType: "mcp_activity",
  actionType: "notifications/tools/list_changed",
  targetSummary: `${server(facts)} changed its tool list`
})

export const toolCallDraft = (
  facts: McpSessionFacts,
  key: string,
  at: string,
  call: { readonly tool: string; readonly argumentKeys: number; readonly outcome: CallOutcome; readonly errorCode?: number }
): EventDraft => ({
  ...base(facts, `tools/call:${key}`, at),
  eventType: "mcp_activity",
  toolName: call.tool,
  actionType: "tools/call",
  targetSummary: `${server(facts)}/${call.tool}: ${call.outcome}${call.errorCode === undefined ? "" : ` (JSON-RPC ${call.errorCode})`}, ${call.argumentKeys} argument keys`,
  severity: call.outcome === "success" ? "none" : "low"
})

export const deniedDraft = (
  facts: McpSessionFacts,
  key: string,
  at: string,
  denial: { readonly tool: string; readonly rule: string; readonly policyPack: string }
): EventDraft => ({
  ...base(facts, `deny:${key}`, at),
  eventType: "policy_decision",
  toolName: denial.tool,
  actionType: "tools/call",
  targetSummary: `${server(facts)}/${denial.tool} denied by policy (${denial.rule})`,
  decision: "block",
  severity: "high",
  riskClassification: "mcp_tool_denied",
  policyPack: denial.policyPack
})
