import type { Prng, Weighted } from "./Prng.ts"
import { agentActions, subjectOf, type ActionSpec } from "./AgentActions.ts"
import { aftermath, decide, riskScale } from "./Decisions.ts"
import type { Temperament } from "./Tenant.ts"
import type { Draft, SessionContext } from "./Types.ts"

const weightedActions = (temperament: Temperament, only?: (s: ActionSpec) => boolean): ReadonlyArray<Weighted<ActionSpec>> =>
  agentActions
    .filter((s) => only === undefined || only(s))
    .map((s) => ({ value: s, weight: s.weight * riskScale[temperament][s.risk] }))

const actionTables: Record<Temperament, ReadonlyArray<Weighted<ActionSpec>>> = {
  careful: weightedActions("careful"),
  typical: weightedActions("typical"),
  reckless: weightedActions("reckless")
}
const mcpTables: Record<Temperament, ReadonlyArray<Weighted<ActionSpec>>> = {
  careful: weightedActions("careful", (s) => s.eventType === "mcp_activity"),
  typical: weightedActions("typical", (s) => s.eventType === "mcp_activity"),
  reckless: weightedActions("reckless", (s) => s.eventType === "mcp_activity")
}

/** Prompts, reasoning and responses travel as metadata: counts and sizes, never the text. */
const turn = (rng: Prng): Array<Draft> => {
  const out: Array<Draft> = [
    {
      eventType: "prompt",
      toolName: "user_prompt",
      actionType: "submit_prompt",
      targetSummary: `prompt metadata: ${rng.int(12, 2400)} tokens`,
      privatePayload: rng.chance(0.2)
    }
  ]
  if (rng.chance(0.3)) {
    out.push({
      eventType: "reasoning_trace",
      toolName: "model",
      actionType: "reasoning_summary",
      targetSummary: `reasoning metadata: ${rng.int(50, 8000)} tokens`,
      privatePayload: rng.chance(0.3)
    })
  }
  out.push({
    eventType: "model_response",
    toolName: "model",
    actionType: "completion",
    targetSummary: `response metadata: ${rng.int(20, 4000)} tokens, ${rng.int(0, 6)} tool calls planned`,
    privatePayload: rng.chance(0.15)
  })
  return out
}

/** An action the agent took, and, when policy looks at it, the verdict and what follows. */
const act = (rng: Prng, ctx: SessionContext, spec: ActionSpec): Array<Draft> => {
  const subject = subjectOf(spec, rng, ctx)
  const out: Array<Draft> = [
    {
      eventType: spec.eventType,
      toolName: subject.toolName,
      actionType: subject.actionType,
      targetSummary: subject.targetSummary,
      riskClassification: subject.riskClassification,
      privatePayload: spec.eventType === "tool_call" && rng.chance(0.1)
    }
  ]
  if (spec.risk !== "safe" || rng.chance(0.35)) {
    const verdict = decide(rng, ctx, subject)
    out.push(verdict, ...aftermath(rng, ctx, verdict))
  }
  return out
}

/** A coding agent session: one or more turns, each prompt followed by a run of actions. */
export const agentSession = (rng: Prng, ctx: SessionContext, temperament: Temperament): Array<Draft> => {
  const out: Array<Draft> = []
  const turns = rng.weighted([
    { value: 1, weight: 5 },
    { value: 2, weight: 3 },
    { value: 3, weight: 1 }
  ])
  for (let t = 0; t < turns; t++) {
    out.push(...turn(rng))
    const actions = rng.int(1, 8)
    for (let a = 0; a < actions; a++) out.push(...act(rng, ctx, rng.weighted(actionTables[temperament])))
  }
  return out
}

/** Traffic seen by the MCP proxy connector: tool calls of one agent through the proxy. */
export const mcpProxySession = (rng: Prng, ctx: SessionContext, temperament: Temperament): Array<Draft> => {
  const out: Array<Draft> = []
  const calls = rng.int(2, 6)
  for (let i = 0; i < calls; i++) out.push(...act(rng, ctx, rng.weighted(mcpTables[temperament])))
  return out
}
