import type { Environment } from "../../src/domain/Envelope.ts"
import { agentSession, mcpProxySession } from "./AgentScripts.ts"
import { ciRun, iacPlan } from "./PipelineScripts.ts"
import type { Prng } from "./Prng.ts"
import { pickEnvironment, type TenantProfile } from "./Tenant.ts"
import type { Connector, SessionContext, SessionScript } from "./Types.ts"

type Kind = "agent" | "mcp" | "ci" | "iac"

const kinds = [
  { value: "agent" as Kind, weight: 62 },
  { value: "mcp" as Kind, weight: 10 },
  { value: "ci" as Kind, weight: 16 },
  { value: "iac" as Kind, weight: 12 }
]

/** Draws the next session of a tenant: which source, who, where, and its whole script. */
export const nextSession = (
  rng: Prng,
  tenant: TenantProfile,
  sessionId: string,
  environment: Environment | undefined
): SessionScript => {
  const kind = rng.weighted(kinds)
  const allAgents = tenant.agentConnectors.flatMap((c) => tenant.agents.get(c.id) ?? [])
  let connector: Connector
  let agentId: string
  let actorRef: string
  if (kind === "agent") {
    connector = rng.pick(tenant.agentConnectors)
    agentId = rng.pick(tenant.agents.get(connector.id) ?? [`${connector.type}:agent`])
    actorRef = rng.pick(tenant.actors)
  } else if (kind === "mcp") {
    connector = tenant.mcpConnector
    agentId = rng.pick(allAgents)
    actorRef = rng.pick(tenant.actors)
  } else if (kind === "ci") {
    connector = rng.pick(tenant.ciConnectors)
    agentId = `ci:${connector.type}:runner`
    actorRef = "service:ci-runner"
  } else {
    connector = rng.pick(tenant.iacConnectors)
    agentId = `iac:${connector.type}:plan-reader`
    actorRef = "service:iac-pipeline"
  }
  const env = environment ?? pickEnvironment(rng, kind === "iac" ? "iac" : kind === "ci" ? "ci" : "agent")
  const context: SessionContext = {
    tenantRef: tenant.tenantRef,
    tenantSlug: tenant.slug,
    sessionId,
    agentId,
    connector,
    repository: kind === "iac" ? tenant.iacRepository : rng.pick(tenant.repositories),
    policyPack: kind === "iac" ? "cavra-iac-guardrails" : rng.pick(tenant.policyPacks),
    actorRef,
    environment: env,
    region: tenant.region,
    source: {
      connector_type: connector.type,
      connector_id: connector.id,
      runtime_version: connector.runtimeVersion,
      collector_version: "aispm-collect 0.1.0"
    },
    tenant: {
      tenant_ref: tenant.tenantRef,
      environment: env,
      region: tenant.region,
      data_residency_ref: `policy:${tenant.region}-data-residency`
    }
  }
  const drafts =
    kind === "agent"
      ? agentSession(rng, context, tenant.temperament)
      : kind === "mcp"
        ? mcpProxySession(rng, context, tenant.temperament)
        : kind === "ci"
          ? ciRun(rng, context)
          : iacPlan(rng, context)
  return { context, drafts }
}
