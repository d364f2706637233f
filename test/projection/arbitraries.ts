import { FastCheck } from "effect"
import type { StoredEvent } from "../../src/domain/StoredEvent.ts"
import type { BodyPatch } from "./fixtures.ts"
import { log } from "./fixtures.ts"

const pick = <A>(values: ReadonlyArray<A>) => FastCheck.constantFrom(...values)
const maybe = <A>(arb: FastCheck.Arbitrary<A>) => FastCheck.option(arb, { nil: undefined })

/** Small pools so agents, repos and surfaces repeat and the window both fills and slides. */
export const bodyPatch: FastCheck.Arbitrary<BodyPatch> = FastCheck.record({
  event_type: pick(["tool_call", "shell_command", "git_operation", "mcp_activity", "cloud_iac_event", "prompt"] as const),
  agent_id: pick(["a1", "a2", "a3", "__proto__"]),
  session_id: pick(["s1", "s2"]),
  decision: maybe(pick(["allow", "warn", "block", "require_approval", "allow_with_attestation", "audit_only", "not_applicable"] as const)),
  severity: maybe(pick(["none", "low", "medium", "high", "critical"] as const)),
  repository: maybe(pick(["r1", "r2", "r3", ""])),
  policy_pack: maybe(pick(["p1", "p2"])),
  action_type: maybe(pick(["read", "write", "run_command", "apply_terraform"])),
  tool_name: maybe(pick(["git", "mcp.fetch", "bash", "editor"])),
  target_summary: maybe(pick(["src/a.ts", ".env", "deploy/token.txt", "branch:main"])),
  evidence_refs: maybe(pick([[], ["cavra://e/1"], ["signed://e/2"], ["x-signature-y"]]))
}).map((patch) =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as BodyPatch
)

export const eventLog: FastCheck.Arbitrary<ReadonlyArray<StoredEvent>> = FastCheck
  .array(bodyPatch, { maxLength: 80 })
  .map(log)

export const sizes = FastCheck.record({
  window: FastCheck.integer({ min: 1, max: 12 }),
  timelineSize: FastCheck.integer({ min: 0, max: 6 }),
  recentSize: FastCheck.integer({ min: 0, max: 6 })
})
