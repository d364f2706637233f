import { describe, expect, it } from "@effect/vitest"
import type { EventBody } from "../../src/domain/Envelope.ts"
import { SURFACES, surfaceOf } from "../../src/projection/Surfaces.ts"

const of = (patch: Partial<EventBody>) => surfaceOf({ event_type: "tool_call", ...patch })

describe("control surface mapping", () => {
  it("surfaces come in the DESIGN order", () => {
    expect(SURFACES).toEqual([
      "sensitive_data", "infrastructure_iac", "mcp_tools", "source_control", "runtime_commands", "general_policy"
    ])
  })

  it.each([
    ["mcp_activity", "mcp_tools"],
    ["git_operation", "source_control"],
    ["shell_command", "runtime_commands"],
    ["cloud_iac_event", "infrastructure_iac"]
  ] as const)("event type %s maps to %s before any substring", (event_type, surface) => {
    expect(surfaceOf({ event_type, tool_name: "terraform", action_type: "run_script" })).toBe(surface)
  })

  it.each([
    [{ target_summary: "config/SECRET_store" }, "sensitive_data"],
    [{ target_summary: "app/.env.local" }, "sensitive_data"],
    [{ action_type: "read_secret" }, "sensitive_data"],
    [{ tool_name: "Terraform" }, "infrastructure_iac"],
    [{ target_summary: "infra/tofu/main.tf" }, "infrastructure_iac"],
    [{ action_type: "apply_kubernetes_manifest" }, "infrastructure_iac"],
    [{ tool_name: "MCP.fetch" }, "mcp_tools"],
    [{ action_type: "invoke_tool" }, "mcp_tools"],
    [{ tool_name: "git" }, "source_control"],
    [{ action_type: "open_pull_request" }, "source_control"],
    [{ target_summary: "branch:main" }, "source_control"],
    [{ action_type: "run_command" }, "runtime_commands"],
    [{ tool_name: "bash_shell" }, "runtime_commands"],
    [{ target_summary: "scripts/build.sh script" }, "runtime_commands"],
    [{ tool_name: "filesystem.write", target_summary: "src/index.ts" }, "general_policy"],
    [{}, "general_policy"]
  ] as const)("substring rule %o -> %s", (patch, surface) => {
    expect(of(patch)).toBe(surface)
  })

  it("rules are tried in order across all fields, not field by field", () => {
    // `git` in the target, `terraform` in the tool name: infrastructure comes first
    expect(of({ target_summary: "git", tool_name: "terraform" })).toBe("infrastructure_iac")
    expect(of({ target_summary: "run_command", action_type: "mcp_call" })).toBe("mcp_tools")
  })

  it("a sensitive target always wins, even over the event type", () => {
    expect(surfaceOf({ event_type: "shell_command", target_summary: "cat .env" })).toBe("sensitive_data")
    expect(surfaceOf({ event_type: "git_operation", target_summary: "secrets/prod.yaml" })).toBe("sensitive_data")
    expect(surfaceOf({ event_type: "mcp_activity", tool_name: "vault_secret_reader" })).toBe("sensitive_data")
    expect(surfaceOf({ event_type: "cloud_iac_event", action_type: "load .env" })).toBe("sensitive_data")
    expect(of({ tool_name: "terraform", target_summary: "terraform/secret.tfvars" })).toBe("sensitive_data")
  })

  it("markers are not formed across two fields", () => {
    expect(of({ target_summary: "m", action_type: "cp" })).toBe("general_policy")
  })
})
