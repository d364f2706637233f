import type { ConnectorType, Environment } from "../../src/domain/Envelope.ts"
import { Prng, type Seed } from "./Prng.ts"
import type { Connector } from "./Types.ts"

export const agentConnectorTypes = ["codex", "claude_code", "cursor", "github_copilot", "gemini_cli"] as const
export const ciConnectorTypes = ["github_actions", "gitlab_ci", "azure_pipelines"] as const
export const iacConnectorTypes = ["cloud_provider", "custom"] as const
export type AgentConnectorType = (typeof agentConnectorTypes)[number]

/** How often a tenant's agents wander into risky territory; spreads posture scores across tenants. */
export type Temperament = "careful" | "typical" | "reckless"

export interface TenantProfile {
  readonly tenantRef: string
  readonly slug: string
  readonly region: string
  readonly temperament: Temperament
  readonly agentConnectors: ReadonlyArray<Connector>
  readonly mcpConnector: Connector
  readonly ciConnectors: ReadonlyArray<Connector>
  readonly iacConnectors: ReadonlyArray<Connector>
  readonly repositories: ReadonlyArray<string>
  readonly iacRepository: string
  readonly policyPacks: ReadonlyArray<string>
  /** agent_id values per agent connector id. */
  readonly agents: ReadonlyMap<string, ReadonlyArray<string>>
  readonly actors: ReadonlyArray<string>
  /** How many sessions run at once; their events interleave. */
  readonly concurrency: number
}

/** Tenant refs can hold `:` or `/`; ids built from them keep to a safe alphabet. */
export const slugOf = (tenantRef: string): string => {
  const slug = tenantRef.toLowerCase().replace(/^tenant:/, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
  return slug.length > 0 ? slug : "tenant"
}

/** Stable per tenant and source type, whatever the seed: collectors keep their id across runs. */
export const connectorIdFor = (tenantRef: string, type: ConnectorType): string => `conn_${slugOf(tenantRef)}_${type}`

const runtimeVersions: Record<ConnectorType, ReadonlyArray<string>> = {
  codex: ["codex-cli 0.41.0", "codex-cli 0.42.1"],
  claude_code: ["claude-code 2.0.14", "claude-code 2.0.22"],
  cursor: ["cursor 1.7.3", "cursor 1.8.0"],
  github_copilot: ["copilot-agent 1.312.0", "copilot-agent 1.320.2"],
  gemini_cli: ["gemini-cli 0.8.2", "gemini-cli 0.9.0"],
  mcp_server: ["aispm-mcp-proxy 0.3.0"],
  github_actions: ["actions-runner 2.328.0"],
  gitlab_ci: ["gitlab-runner 18.3.1"],
  azure_pipelines: ["azure-pipelines-agent 4.260.0"],
  cloud_provider: ["terraform 1.13.3", "terraform 1.12.2"],
  custom: ["opentofu 1.10.6", "pulumi 3.197.0"]
}

const ingressFor = (type: ConnectorType): Connector["ingressMode"] =>
  type === "cloud_provider" || type === "custom" ? "batch" : ciConnectorTypes.some((t) => t === type) ? "https" : "websocket"

const connector = (rng: Prng, tenantRef: string, type: ConnectorType): Connector => ({
  type,
  id: connectorIdFor(tenantRef, type),
  runtimeVersion: rng.pick(runtimeVersions[type]),
  ingressMode: ingressFor(type)
})

const repositoryPool = [
  "platform/api-gateway",
  "payments/ledger-service",
  "web/storefront",
  "data/etl-pipelines",
  "ml/feature-store",
  "mobile/ios-app",
  "internal/dev-portal",
  "identity/auth-service",
  "search/indexer"
]
const iacRepositoryPool = ["infra/terraform-live", "infra/platform-modules", "ops/cloud-foundation"]
const packPool = ["cavra-secrets-guard", "cavra-supply-chain", "cavra-source-control", "cavra-mcp-allowlist"]
const agentRoles = ["backend-dev", "frontend-dev", "reviewer", "refactor-bot", "test-writer", "docs-bot"]
const regions = ["eu", "us", "apac"]

/**
 * The tenant's estate. `tenantIndex` rotates which connector types it uses so
 * that any two tenants of a workload together cover every agent type, and
 * three cover every CI system.
 */
export const describeTenant = (seed: Seed, tenantRef: string, tenantIndex: number): TenantProfile => {
  const rng = new Prng(`${String(seed)}|tenant|${tenantRef}`)
  const agentTypes = [0, 1, 2].map((k) => agentConnectorTypes[(3 * tenantIndex + k) % 5] as AgentConnectorType)
  const ciTypes = [ciConnectorTypes[tenantIndex % 3] as ConnectorType]
  if (rng.chance(0.3)) ciTypes.push(ciConnectorTypes[(tenantIndex + 1) % 3] as ConnectorType)
  const iacTypes = [iacConnectorTypes[tenantIndex % 2] as ConnectorType]
  if (rng.chance(0.4)) iacTypes.push(iacConnectorTypes[(tenantIndex + 1) % 2] as ConnectorType)

  const agentConnectors = agentTypes.map((t) => connector(rng, tenantRef, t))
  const agents = new Map<string, ReadonlyArray<string>>()
  for (const c of agentConnectors) {
    agents.set(c.id, rng.shuffle(agentRoles).slice(0, rng.int(1, 3)).map((role) => `${c.type}:${role}`))
  }
  const actorCount = rng.int(3, 8)
  const actors = ["role:developer", "role:platform-engineer"]
  for (let i = 0; i < actorCount; i++) actors.push(`user:u-${rng.hex(6)}`)

  return {
    tenantRef,
    slug: slugOf(tenantRef),
    region: rng.pick(regions),
    temperament: rng.weighted([
      { value: "careful" as const, weight: 2 },
      { value: "typical" as const, weight: 5 },
      { value: "reckless" as const, weight: 2 }
    ]),
    agentConnectors,
    mcpConnector: connector(rng, tenantRef, "mcp_server"),
    ciConnectors: ciTypes.map((t) => connector(rng, tenantRef, t)),
    iacConnectors: iacTypes.map((t) => connector(rng, tenantRef, t)),
    repositories: rng.shuffle(repositoryPool).slice(0, rng.int(2, 5)),
    iacRepository: rng.pick(iacRepositoryPool),
    policyPacks: ["cavra-ai-agent-baseline", ...rng.shuffle(packPool).slice(0, rng.int(1, 3))],
    agents,
    actors,
    concurrency: rng.int(2, 5)
  }
}

export const pickEnvironment = (rng: Prng, kind: "agent" | "ci" | "iac"): Environment =>
  kind === "agent"
    ? rng.weighted([
        { value: "dev" as const, weight: 7 },
        { value: "sandbox" as const, weight: 2 },
        { value: "test" as const, weight: 1 }
      ])
    : kind === "ci"
      ? rng.weighted([
          { value: "test" as const, weight: 5 },
          { value: "staging" as const, weight: 3 },
          { value: "production" as const, weight: 2 }
        ])
      : rng.weighted([
          { value: "staging" as const, weight: 4 },
          { value: "production" as const, weight: 6 }
        ])
