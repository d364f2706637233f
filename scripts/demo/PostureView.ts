import type { AgentFingerprint, CoverageStatus, Overview, PostureDelta, PostureSnapshot, SurfaceCoverage } from "../../src/projection/Views.ts"

/** What the demo's dashboard keeps of a tenant's stream: enough to print one line. */
export interface PostureView {
  readonly seq: number
  readonly overview: Overview
  readonly coverage: ReadonlyMap<string, SurfaceCoverage>
  readonly agents: ReadonlyMap<string, AgentFingerprint>
}

export const viewOfSnapshot = (s: PostureSnapshot): PostureView => ({
  seq: s.seq,
  overview: s.overview,
  coverage: new Map(s.control_coverage.map((c) => [c.surface, c])),
  agents: new Map(s.agents.map((a) => [a.agent_id, a]))
})

/** Applies one delta: the overview is replaced, the touched surface and agent (and an evicted one) updated. */
export const applyDelta = (v: PostureView, d: PostureDelta): PostureView => {
  const coverage = new Map(v.coverage)
  const agents = new Map(v.agents)
  if (d.evicted) {
    coverage.set(d.evicted.coverage.surface, d.evicted.coverage)
    agents.set(d.evicted.agent.agent_id, d.evicted.agent)
  }
  coverage.set(d.coverage.surface, d.coverage)
  agents.set(d.agent.agent_id, d.agent)
  return { seq: d.seq, overview: d.overview, coverage, agents }
}

const surfaceAbbrev: Record<string, string> = {
  sensitive_data: "secrets",
  infrastructure_iac: "iac",
  mcp_tools: "mcp",
  source_control: "scm",
  runtime_commands: "cmd",
  general_policy: "general"
}

const statusAbbrev: Record<CoverageStatus, string> = {
  not_observed_locally: "-",
  enforced: "enforced",
  approval_gated: "gated",
  warning_only: "warn",
  attested: "attested",
  observed: "observed"
}

/** Surface statuses in the DESIGN order, e.g. `secrets:enforced iac:gated …`; also what "coverage changed" compares. */
export const coverageLine = (v: PostureView): string =>
  [...v.coverage.values()].map((c) => `${surfaceAbbrev[c.surface] ?? c.surface}:${statusAbbrev[c.status]}`).join(" ")

const driftLine = (v: PostureView, top: number): string => {
  const ranked = [...v.agents.values()]
    .filter((a) => a.decisions > 0)
    .sort((a, b) => b.drift_score - a.drift_score || (a.agent_id < b.agent_id ? -1 : 1))
    .slice(0, top)
  return ranked.length === 0 ? "none" : ranked.map((a) => `${a.agent_id} ${a.drift_score} ${a.drift_status}`).join(", ")
}

export const postureLine = (v: PostureView): string => {
  const o = v.overview
  return `seq ${String(v.seq).padStart(4)}  score ${String(o.posture_score).padStart(3)} ${o.risk_level.padEnd(8)} ` +
    `findings ${String(o.findings).padStart(3)}  near-misses ${String(o.near_misses).padStart(3)}  ` +
    `decisions ${o.decisions_in_window}/${o.window}\n` +
    `          coverage ${coverageLine(v)}\n` +
    `          top drift ${driftLine(v, 3)}`
}
