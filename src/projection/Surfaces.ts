import type { EventBody, EventType } from "../domain/Envelope.ts"

/** DESIGN §5 control surfaces; this order is the dashboard's order. */
export const SURFACES = [
  "sensitive_data",
  "infrastructure_iac",
  "mcp_tools",
  "source_control",
  "runtime_commands",
  "general_policy"
] as const
export type Surface = (typeof SURFACES)[number]

const BY_EVENT_TYPE: Partial<Record<EventType, Surface>> = {
  mcp_activity: "mcp_tools",
  git_operation: "source_control",
  shell_command: "runtime_commands",
  cloud_iac_event: "infrastructure_iac"
}

/** Substring rules after the event type; the first rule that matches any field wins. */
const SUBSTRING_RULES: ReadonlyArray<readonly [Surface, ReadonlyArray<string>]> = [
  ["infrastructure_iac", ["terraform", "tofu", "kubernetes"]],
  ["mcp_tools", ["mcp", "tool"]],
  ["source_control", ["git", "pull_request", "branch"]],
  ["runtime_commands", ["command", "shell", "script"]]
]

const SENSITIVE_SUBSTRINGS = ["secret", ".env"] as const

type Described = Pick<EventBody, "event_type" | "target_summary" | "action_type" | "tool_name">

const fieldsOf = (body: Described): ReadonlyArray<string> =>
  [body.target_summary, body.action_type, body.tool_name]
    .filter((field): field is string => field !== undefined)
    .map((field) => field.toLowerCase())

/**
 * A sensitive target outranks everything, the event type included: a shell
 * command that reads `.env` is a sensitive-data event first. "Sensitive"
 * here is exactly the DESIGN markers, so surfaces match the community
 * dashboard; the wider `isSensitiveTarget` of the redaction stage decides
 * masking only. Each field is matched on its own so that no marker is
 * formed across two fields.
 */
export const surfaceOf = (body: Described): Surface => {
  const fields = fieldsOf(body)
  if (fields.some((field) => SENSITIVE_SUBSTRINGS.some((marker) => field.includes(marker)))) return "sensitive_data"
  const byType = BY_EVENT_TYPE[body.event_type]
  if (byType !== undefined) return byType
  for (const [surface, markers] of SUBSTRING_RULES) {
    if (fields.some((field) => markers.some((marker) => field.includes(marker)))) return surface
  }
  return "general_policy"
}
